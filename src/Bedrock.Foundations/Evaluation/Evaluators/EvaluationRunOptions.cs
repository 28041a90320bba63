using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>How an <see cref="EvaluationRunner"/> asks, scores and summarizes.</summary>
public sealed class EvaluationRunOptions
{
    /// <summary>The default number of items in flight: 4.</summary>
    public const int DefaultMaxConcurrency = 4;

    /// <summary>How many items are in flight at once.</summary>
    /// <value>At least 1; default <see cref="DefaultMaxConcurrency"/>.</value>
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency;

    /// <summary>Options for every model call (model id, max tokens, temperature, ...); null for the client's defaults.</summary>
    public ChatOptions? ChatOptions { get; init; }

    /// <summary>A system message put before every question; none when null.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>
    /// When set, every question is asked <see cref="SelfConsistencyOptions.Samples"/> times; the majority answer is the
    /// one scored and its agreement rate is the item's confidence (<see cref="SelfConsistencyConfidence"/>).
    /// </summary>
    public SelfConsistencyOptions? SelfConsistency { get; init; }

    /// <summary>
    /// Without <see cref="SelfConsistency"/>: reads a confidence in [0, 1] from a response (for providers that return one,
    /// e.g. from log-probabilities in <see cref="ChatResponse.AdditionalProperties"/>); no confidence when null. A value
    /// outside [0, 1] fails the item.
    /// </summary>
    public Func<ChatResponse, double?>? ConfidenceSelector { get; init; }

    /// <summary>
    /// The metric that decides whether an answer is correct (for accuracy and calibration); the first metric of the
    /// first evaluator when null.
    /// </summary>
    public string? CorrectnessMetricName { get; init; }

    /// <summary>
    /// A numeric correctness metric at or above this value counts as correct; when null, the metric's interpretation
    /// decides (correct unless <see cref="EvaluationMetricInterpretation.Failed"/>), and a metric without one gives no verdict.
    /// </summary>
    public double? CorrectnessThreshold { get; init; }

    /// <summary>Bins, binning and norm of the summary's calibration report; <see cref="CalibrationOptions.Default"/> by default.</summary>
    public CalibrationOptions Calibration { get; init; } = CalibrationOptions.Default;

    /// <summary>The chat configuration handed to evaluators that need a model of their own (LLM-as-judge); none when null.</summary>
    public ChatConfiguration? EvaluatorChatConfiguration { get; init; }

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range (parameter <c>options</c>).</exception>
    /// <exception cref="ArgumentNullException"><see cref="Calibration"/> is null (parameter <c>options</c>).</exception>
    public void Validate()
    {
        if (MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException("options", MaxConcurrency, $"EvaluationRunOptions.MaxConcurrency must be at least 1; it is {MaxConcurrency}.");
        }

        if (CorrectnessThreshold is double threshold && !double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException("options", threshold, "EvaluationRunOptions.CorrectnessThreshold must be a finite number.");
        }

        if (Calibration is null)
        {
            throw new ArgumentNullException("options", "EvaluationRunOptions.Calibration must not be null.");
        }

        Calibration.Validate();
        SelfConsistency?.Validate();
    }
}
