namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>Progress of an <see cref="EvaluationRunner.RunAsync"/> call, reported after each item.</summary>
/// <param name="Completed">Items finished (scored or failed).</param>
/// <param name="Failed">Items of those that failed.</param>
/// <param name="Total">Items in the run.</param>
public readonly record struct EvaluationProgress(int Completed, int Failed, int Total);

/// <summary>One metric of one item.</summary>
/// <param name="Name">The metric's name.</param>
/// <param name="Value">Its numeric value (a boolean metric gives 1 or 0), or null when it has none.</param>
/// <param name="Failed">Its interpretation's verdict, or null without an interpretation.</param>
/// <param name="Rating">Its interpretation's rating (e.g. "Good"), or null.</param>
/// <param name="Errors">The error diagnostics the evaluator attached (empty when none).</param>
public sealed record EvaluationMetricValue(string Name, double? Value, bool? Failed, string? Rating, IReadOnlyList<string> Errors);

/// <summary>What happened to one item.</summary>
/// <param name="Item">The item.</param>
/// <param name="Answer">The answer scored (the majority answer under self-consistency); null when the item failed before one.</param>
/// <param name="Confidence">The confidence in the answer, or null when none was available.</param>
/// <param name="Correct">The correctness verdict, or null when the correctness metric gave none.</param>
/// <param name="Metrics">Every metric of every evaluator, in evaluator order.</param>
/// <param name="Error">Why the item failed ("ExceptionType: message"), or null when it succeeded.</param>
/// <param name="Duration">Wall time from the first call to the last score.</param>
public sealed record EvaluationItemResult(
    EvaluationItem Item, string? Answer, double? Confidence, bool? Correct, IReadOnlyList<EvaluationMetricValue> Metrics, string? Error, TimeSpan Duration)
{
    /// <summary>Whether the item was answered and scored.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>One metric over the run.</summary>
/// <param name="Name">The metric's name.</param>
/// <param name="Count">Items where it had a value.</param>
/// <param name="Mean">The mean value (NaN when <paramref name="Count"/> is 0).</param>
/// <param name="Minimum">The smallest value (NaN when none).</param>
/// <param name="Maximum">The largest value (NaN when none).</param>
/// <param name="PassRate">The share of interpreted values that did not fail, or null when none was interpreted.</param>
public sealed record EvaluationMetricSummary(string Name, int Count, double Mean, double Minimum, double Maximum, double? PassRate);

/// <summary>The run as a whole.</summary>
/// <param name="Count">Items in the run.</param>
/// <param name="Succeeded">Items answered and scored.</param>
/// <param name="Failed">Items that failed (their errors are in the item results).</param>
/// <param name="Metrics">Per metric, in order of first appearance.</param>
/// <param name="Accuracy">The share of items with a verdict that were correct, or null when none had one.</param>
/// <param name="Calibration">The calibration of the confidences against the verdicts, over the items that have both;
/// null when none does.</param>
/// <param name="Duration">Wall time of the run.</param>
public sealed record EvaluationSummary(
    int Count, int Succeeded, int Failed, IReadOnlyList<EvaluationMetricSummary> Metrics, double? Accuracy, CalibrationReport? Calibration, TimeSpan Duration);
