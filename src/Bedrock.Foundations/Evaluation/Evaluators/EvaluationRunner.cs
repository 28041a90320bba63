using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>
/// An offline evaluation run: asks a model every question of a dataset with bounded concurrency, scores each answer
/// with the configured <see cref="IEvaluator"/>s, and summarizes — per-metric means and pass rates, accuracy, and the
/// calibration of the answers' confidences (<see cref="Calibration"/>) when there are any.
/// </summary>
/// <remarks>
/// <para><b>Prompt.</b> Per item: the optional <see cref="EvaluationRunOptions.SystemPrompt"/>, then one user message —
/// the question, preceded by "Context:" and the item's context when it has one. Evaluators receive that conversation,
/// the response, <see cref="EvaluationRunOptions.EvaluatorChatConfiguration"/>, and a
/// <see cref="SemanticSimilarityEvaluatorContext"/> with the item's reference when it has one.</para>
/// <para><b>Failures.</b> An item whose call or evaluation throws is recorded with its error and the run goes on; only
/// cancelling the run's token stops it (with <see cref="OperationCanceledException"/>). Results come back in dataset
/// order whatever the completion order. Progress is reported after each item, from the worker that finished it (its
/// completed and failed counts are consistent with each other); a progress handler that throws ends the run.</para>
/// <para><b>Confidence.</b> From self-consistency (<see cref="EvaluationRunOptions.SelfConsistency"/>) or from
/// <see cref="EvaluationRunOptions.ConfidenceSelector"/>; correctness from <see cref="EvaluationRunOptions.CorrectnessMetricName"/>.
/// A runner may run several datasets, one after another or at once.</para>
/// </remarks>
public sealed class EvaluationRunner
{
    private readonly IChatClient _chatClient;
    private readonly IEvaluator[] _evaluators;
    private readonly SelfConsistencyConfidence? _selfConsistency;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a runner.</summary>
    /// <param name="chatClient">The model under evaluation.</param>
    /// <param name="evaluators">The evaluators, run in order on every answer; at least one.</param>
    /// <param name="options">How to ask and summarize; defaults when null. Validated here.</param>
    /// <param name="embeddingGenerator">Groups self-consistency answers by meaning instead of exact match (optional).</param>
    /// <param name="timeProvider">The clock for durations; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> or <paramref name="evaluators"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="evaluators"/> is empty or holds null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Invalid <paramref name="options"/>.</exception>
    public EvaluationRunner(
        IChatClient chatClient,
        IEnumerable<IEvaluator> evaluators,
        EvaluationRunOptions? options = null,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(evaluators);
        options ??= new EvaluationRunOptions();
        options.Validate();
        _evaluators = [.. evaluators];
        if (_evaluators.Length == 0 || Array.Exists(_evaluators, e => e is null))
        {
            throw new ArgumentException("Give at least one evaluator, and no null ones.", nameof(evaluators));
        }

        _chatClient = chatClient;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _selfConsistency = options.SelfConsistency is null ? null : new SelfConsistencyConfidence(chatClient, options.SelfConsistency, embeddingGenerator);
        Options = options;
    }

    /// <summary>The options in use.</summary>
    public EvaluationRunOptions Options { get; }

    /// <summary>Runs every item and summarizes.</summary>
    /// <param name="items">The dataset (see <see cref="EvaluationDataset"/>).</param>
    /// <param name="progress">Told after each item; may be null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Per-item results in dataset order and the summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="items"/> holds null.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<EvaluationRunReport> RunAsync(
        IEnumerable<EvaluationItem> items, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        EvaluationItem[] dataset = [.. items];
        if (Array.Exists(dataset, i => i is null))
        {
            throw new ArgumentException("The dataset holds a null item.", nameof(items));
        }

        long started = _timeProvider.GetTimestamp();
        var results = new EvaluationItemResult[dataset.Length];
        long counts = 0; // completed in the high 32 bits, failed in the low 32: one atomic add keeps them consistent
        await Parallel.ForAsync(0, dataset.Length, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                EvaluationItemResult result = await RunItemAsync(dataset[i], token).ConfigureAwait(false);
                results[i] = result;
                long now = Interlocked.Add(ref counts, (1L << 32) | (result.Succeeded ? 0L : 1L));
                progress?.Report(new EvaluationProgress((int)(now >> 32), (int)(now & uint.MaxValue), dataset.Length));
            }).ConfigureAwait(false);

        EvaluationSummary summary = Summarize(results, Options.Calibration, _timeProvider.GetElapsedTime(started));
        return new EvaluationRunReport(results, summary);
    }

    private async Task<EvaluationItemResult> RunItemAsync(EvaluationItem item, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        string? answer = null;
        double? confidence = null;
        try
        {
            List<ChatMessage> messages = Prompt(item);
            ChatResponse response;
            if (_selfConsistency is not null)
            {
                SelfConsistencyResult consistency = await _selfConsistency.EstimateAsync(messages, Options.ChatOptions, cancellationToken).ConfigureAwait(false);
                answer = consistency.Answer;
                confidence = consistency.Confidence;
                response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer));
            }
            else
            {
                response = await _chatClient.GetResponseAsync(messages, Options.ChatOptions, cancellationToken).ConfigureAwait(false);
                answer = response.Text;
                confidence = Options.ConfidenceSelector?.Invoke(response);
                if (confidence is double c && !(c >= 0d && c <= 1d))
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The confidence selector returned {c}, not a probability in [0, 1]."));
                }
            }

            EvaluationContext[] context = item.Reference is null ? [] : [new SemanticSimilarityEvaluatorContext(item.Reference)];
            var metrics = new List<EvaluationMetricValue>();
            foreach (IEvaluator evaluator in _evaluators)
            {
                EvaluationResult result = await evaluator
                    .EvaluateAsync(messages, response, Options.EvaluatorChatConfiguration, context, cancellationToken)
                    .ConfigureAwait(false);
                metrics.AddRange(result.Metrics.Values.Select(ToValue));
            }

            return new EvaluationItemResult(item, answer, confidence, Verdict(metrics), metrics, Error: null, _timeProvider.GetElapsedTime(started));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The item failed (the model, an evaluator, or a timeout of their own); the run goes on.
            return new EvaluationItemResult(item, answer, confidence, Correct: null, [], $"{e.GetType().Name}: {e.Message}", _timeProvider.GetElapsedTime(started));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The run is being cancelled: whatever the client threw while aborting, the run ends as cancelled.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }

    private List<ChatMessage> Prompt(EvaluationItem item)
    {
        var messages = new List<ChatMessage>(2);
        if (Options.SystemPrompt is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        string user = string.IsNullOrWhiteSpace(item.Context)
            ? item.Question
            : $"Context:\n{item.Context}\n\nQuestion: {item.Question}";
        messages.Add(new ChatMessage(ChatRole.User, user));
        return messages;
    }

    private bool? Verdict(List<EvaluationMetricValue> metrics)
    {
        EvaluationMetricValue? metric = Options.CorrectnessMetricName is { } name
            ? metrics.Find(m => string.Equals(m.Name, name, StringComparison.Ordinal))
            : metrics.FirstOrDefault();
        if (metric is null)
        {
            return null;
        }

        return Options.CorrectnessThreshold is double threshold
            ? metric.Value is double value ? value >= threshold : null
            : metric.Failed is bool failed ? !failed : null;
    }

    private static EvaluationMetricValue ToValue(EvaluationMetric metric)
    {
        double? value = metric switch
        {
            NumericMetric numeric => numeric.Value,
            BooleanMetric boolean => boolean.Value is bool b ? (b ? 1d : 0d) : null,
            _ => null,
        };
        string[] errors = metric.Diagnostics is null
            ? []
            : [.. metric.Diagnostics.Where(d => d.Severity == EvaluationDiagnosticSeverity.Error).Select(d => d.Message)];
        return new EvaluationMetricValue(metric.Name, value, metric.Interpretation?.Failed, metric.Interpretation?.Rating.ToString(), errors);
    }

    internal static EvaluationSummary Summarize(EvaluationItemResult[] results, CalibrationOptions calibration, TimeSpan duration)
    {
        var names = new List<string>();
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var verdicts = new Dictionary<string, (int Passed, int Interpreted)>(StringComparer.Ordinal);
        foreach (EvaluationMetricValue metric in results.SelectMany(r => r.Metrics))
        {
            if (!values.TryGetValue(metric.Name, out List<double>? list))
            {
                names.Add(metric.Name);
                values[metric.Name] = list = [];
                verdicts[metric.Name] = (0, 0);
            }

            if (metric.Value is double v && !double.IsNaN(v))
            {
                list.Add(v);
            }

            if (metric.Failed is bool failed)
            {
                (int passed, int interpreted) = verdicts[metric.Name];
                verdicts[metric.Name] = (passed + (failed ? 0 : 1), interpreted + 1);
            }
        }

        EvaluationMetricSummary[] metrics = [.. names.Select(name =>
        {
            List<double> v = values[name];
            (int passed, int interpreted) = verdicts[name];
            return new EvaluationMetricSummary(
                name,
                v.Count,
                v.Count == 0 ? double.NaN : v.Sum() / v.Count,
                v.Count == 0 ? double.NaN : v.Min(),
                v.Count == 0 ? double.NaN : v.Max(),
                interpreted == 0 ? null : (double)passed / interpreted);
        })];

        bool[] judged = [.. results.Where(r => r.Correct is not null).Select(r => r.Correct!.Value)];
        double? accuracy = judged.Length == 0 ? null : (double)judged.Count(c => c) / judged.Length;
        EvaluationItemResult[] calibrated = [.. results.Where(r => r.Correct is not null && r.Confidence is not null)];
        CalibrationReport? report = calibrated.Length == 0
            ? null
            : Calibration.Evaluate(
                calibrated.Select(r => r.Confidence!.Value).ToArray(),
                calibrated.Select(r => r.Correct!.Value).ToArray(),
                calibration);

        int failedCount = results.Count(r => !r.Succeeded);
        return new EvaluationSummary(results.Length, results.Length - failedCount, failedCount, metrics, accuracy, report, duration);
    }
}
