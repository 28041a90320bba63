using System.Text.Json;
using Bedrock.Foundations.Evaluation;
using Bedrock.Foundations.Evaluation.Evaluators;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Bedrock.Foundations.Tests.Evaluation.Evaluators;

public sealed class EvaluationRunnerTests
{
    private static readonly EvaluationItem[] Capitals =
    [
        new("fr", "Capital of France?", "Paris"),
        new("de", "Capital of Germany?", "Berlin"),
        new("it", "Capital of Italy?", "Rome", "Rome has been the capital since 1871."),
        new("es", "Capital of Spain?", "Madrid"),
    ];

    /// <summary>Knows three capitals; says "Milan" for Italy.</summary>
    private static string Model(string prompt) =>
        prompt.Contains("France", StringComparison.Ordinal) ? "Paris"
        : prompt.Contains("Germany", StringComparison.Ordinal) ? "Berlin"
        : prompt.Contains("Italy", StringComparison.Ordinal) ? "Milan"
        : "Madrid";

    private static SemanticSimilarityEvaluator Similarity() => new(new FakeEmbeddingGenerator(), threshold: 0.99);

    [Test]
    public async Task RunAsync_ScoresEveryItemInOrder_AndSummarizes()
    {
        var client = FakeChatClient.Answering(Model);
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { SystemPrompt = "Answer in one word." });

        EvaluationRunReport report = await runner.RunAsync(Capitals);

        Assert.That(report.Items.Select(r => r.Item.Id), Is.EqualTo(new[] { "fr", "de", "it", "es" }));
        Assert.That(report.Items.Select(r => r.Answer), Is.EqualTo(new[] { "Paris", "Berlin", "Milan", "Madrid" }));
        Assert.That(report.Items.Select(r => r.Correct), Is.EqualTo(new bool?[] { true, true, false, true }));
        Assert.That(report.Items.All(r => r.Succeeded && r.Confidence is null));
        EvaluationMetricValue italy = report.Items[2].Metrics.Single();
        Assert.That(italy.Name, Is.EqualTo(SemanticSimilarityEvaluator.SemanticSimilarityMetricName));
        Assert.That(italy.Failed, Is.True);
        Assert.That(italy.Rating, Is.EqualTo("Unacceptable").Or.EqualTo("Poor"));

        EvaluationSummary summary = report.Summary;
        Assert.That((summary.Count, summary.Succeeded, summary.Failed), Is.EqualTo((4, 4, 0)));
        Assert.That(summary.Accuracy, Is.EqualTo(0.75));
        Assert.That(summary.Calibration, Is.Null, "no confidences without self-consistency or a selector");
        EvaluationMetricSummary similarity = summary.Metrics.Single();
        Assert.That(similarity.Count, Is.EqualTo(4));
        Assert.That(similarity.PassRate, Is.EqualTo(0.75));
        Assert.That(similarity.Maximum, Is.EqualTo(1).Within(1e-6));
        Assert.That(similarity.Mean, Is.EqualTo(report.Items.Average(r => r.Metrics[0].Value!.Value)).Within(1e-12));

        // The prompt: system message, then the question, with the context before it when there is one.
        var italyCall = client.Calls.Single(c => c.Messages[^1].Text.Contains("Italy", StringComparison.Ordinal));
        Assert.That(italyCall.Messages[0].Role, Is.EqualTo(ChatRole.System));
        Assert.That(italyCall.Messages[0].Text, Is.EqualTo("Answer in one word."));
        Assert.That(italyCall.Messages[1].Text, Is.EqualTo("Context:\nRome has been the capital since 1871.\n\nQuestion: Capital of Italy?"));
    }

    [Test]
    public async Task RunAsync_SelfConsistency_GivesConfidencesAndACalibrationReport()
    {
        // Each question is asked 4 times; France: 4 × Paris (1.0), Germany: 3 × Berlin + Bonn (0.75),
        // Italy: 2 × Milan, Rome, Turin (0.5, wrong), Spain: Madrid, 3 different (0.25).
        var scripts = new Dictionary<string, string[]>
        {
            ["France"] = ["Paris", "Paris", "paris.", "Paris"],
            ["Germany"] = ["Berlin", "Bonn", "Berlin", "Berlin"],
            ["Italy"] = ["Milan", "Rome", "Milan", "Turin"],
            ["Spain"] = ["Madrid", "Seville", "Valencia", "Bilbao"],
        };
        var counters = scripts.Keys.ToDictionary(k => k, _ => -1);
        var client = new FakeChatClient
        {
            OnGetResponse = (messages, options, _) =>
            {
                Assert.That(options!.Temperature, Is.EqualTo(1f));
                string country = scripts.Keys.Single(k => messages[^1].Text.Contains(k, StringComparison.Ordinal));
                int i;
                lock (counters)
                {
                    i = ++counters[country];
                }

                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, scripts[country][i])));
            },
        };
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions
        {
            SelfConsistency = new SelfConsistencyOptions { Samples = 4, Temperature = 1f },
            Calibration = new CalibrationOptions(Bins: 4),
        });

        EvaluationRunReport report = await runner.RunAsync(Capitals);

        Assert.That(client.CallCount, Is.EqualTo(16));
        Assert.That(report.Items.Select(r => r.Confidence), Is.EqualTo(new double?[] { 1.0, 0.75, 0.5, 0.25 }));
        Assert.That(report.Items.Select(r => r.Answer), Is.EqualTo(new[] { "Paris", "Berlin", "Milan", "Madrid" }));
        CalibrationReport expected = Calibration.Evaluate([1.0, 0.75, 0.5, 0.25], [true, true, false, true], new CalibrationOptions(Bins: 4));
        Assert.That(report.Summary.Calibration, Is.Not.Null);
        Assert.That(report.Summary.Calibration!.ExpectedCalibrationError, Is.EqualTo(expected.ExpectedCalibrationError));
        Assert.That(report.Summary.Calibration.Bins.Select(b => b.Count), Is.EqualTo(expected.Bins.Select(b => b.Count)));
    }

    [Test]
    public async Task RunAsync_FailedItems_AreRecordedAndTheRunGoesOn()
    {
        var client = new FakeChatClient
        {
            OnGetResponse = (messages, _, _) => messages[^1].Text.Contains("Germany", StringComparison.Ordinal)
                ? throw new HttpRequestException("503 Service Unavailable")
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Model(messages[^1].Text)))),
        };
        var throwingEvaluator = new ThrowingEvaluator { FailOn = "Madrid" };
        var runner = new EvaluationRunner(client, [Similarity(), throwingEvaluator]);

        EvaluationRunReport report = await runner.RunAsync(Capitals);

        Assert.That(report.Items.Select(r => r.Succeeded), Is.EqualTo(new[] { true, false, true, false }));
        Assert.That(report.Items[1].Error, Is.EqualTo("HttpRequestException: 503 Service Unavailable"));
        Assert.That(report.Items[1].Answer, Is.Null);
        Assert.That(report.Items[3].Error, Is.EqualTo("InvalidOperationException: evaluator broke on Madrid"));
        Assert.That(report.Items[3].Answer, Is.EqualTo("Madrid"), "the answer is kept when scoring fails");
        Assert.That((report.Summary.Succeeded, report.Summary.Failed), Is.EqualTo((2, 2)));
        Assert.That(report.Summary.Accuracy, Is.EqualTo(0.5), "over the items with a verdict: fr right, it wrong");
    }

    [Test]
    public async Task RunAsync_BoundedConcurrency_NeverExceedsTheLimitAndReachesIt()
    {
        int inFlight = 0;
        int most = 0;
        var client = new FakeChatClient
        {
            OnGetResponse = async (messages, _, token) =>
            {
                int now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await Task.Delay(20, token);
                Interlocked.Decrement(ref inFlight);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"));
            },
        };
        EvaluationItem[] items = [.. Enumerable.Range(0, 24).Select(i => new EvaluationItem($"q{i}", $"question {i}", "x"))];
        var progress = new List<EvaluationProgress>();
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { MaxConcurrency = 3 });

        await runner.RunAsync(items, new SynchronousProgress(p =>
        {
            lock (progress)
            {
                progress.Add(p);
            }
        }));

        Assert.That(most, Is.LessThanOrEqualTo(3));
        Assert.That(most, Is.EqualTo(3), "24 items of 20 ms with 3 workers overlap");
        Assert.That(progress, Has.Count.EqualTo(24));
        Assert.That(progress.Select(p => p.Completed).Order(), Is.EqualTo(Enumerable.Range(1, 24)));
        Assert.That(progress.All(p => p.Total == 24 && p.Failed == 0));
    }

    [Test]
    public void RunAsync_Cancelled_StopsWithOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        int calls = 0;
        var client = new FakeChatClient
        {
            OnGetResponse = async (_, _, token) =>
            {
                if (Interlocked.Increment(ref calls) == 2)
                {
                    await cancellation.CancelAsync();
                }

                await Task.Delay(10, token);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"));
            },
        };
        EvaluationItem[] items = [.. Enumerable.Range(0, 50).Select(i => new EvaluationItem($"q{i}", "q"))];
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { MaxConcurrency = 1 });

        Assert.That(async () => await runner.RunAsync(items, cancellationToken: cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(calls, Is.LessThan(50));
    }

    [Test]
    public void RunAsync_ClientThrowsSomethingElseWhileTheRunIsCancelled_EndsAsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var client = new FakeChatClient
        {
            OnGetResponse = async (_, _, token) =>
            {
                await cancellation.CancelAsync();
                await Task.Yield();
                throw new HttpRequestException("connection aborted"); // what an HTTP client may throw on abort
            },
        };
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { MaxConcurrency = 1 });

        Assert.That(async () => await runner.RunAsync(Capitals, cancellationToken: cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task RunAsync_ProgressWithFailures_NeverCountsMoreFailuresThanCompletions()
    {
        var client = new FakeChatClient
        {
            OnGetResponse = async (_, _, token) =>
            {
                await Task.Delay(5, token);
                throw new InvalidOperationException("down");
            },
        };
        EvaluationItem[] items = [.. Enumerable.Range(0, 40).Select(i => new EvaluationItem($"q{i}", "q"))];
        var reports = new List<EvaluationProgress>();
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { MaxConcurrency = 4 });

        await runner.RunAsync(items, new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        }));

        Assert.That(reports, Has.Count.EqualTo(40));
        Assert.That(reports.All(p => p.Failed <= p.Completed), Is.True);
        Assert.That(reports.Max(p => p.Failed), Is.EqualTo(40));
    }

    [Test]
    public async Task RunAsync_ConfidenceSelectorAndThreshold_DecideConfidenceAndCorrectness()
    {
        var client = new FakeChatClient
        {
            OnGetResponse = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Model(messages[^1].Text)))
            {
                AdditionalProperties = new() { ["confidence"] = messages[^1].Text.Contains("Italy", StringComparison.Ordinal) ? 0.9 : 0.6 },
            }),
        };
        var runner = new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions
        {
            ConfidenceSelector = r => (double?)r.AdditionalProperties!["confidence"],
            CorrectnessMetricName = SemanticSimilarityEvaluator.SemanticSimilarityMetricName,
            CorrectnessThreshold = 0.2, // looser than the evaluator's own 0.99: letter counts give cos(Milan, Rome) = 1 / (√5 · √4) ≈ 0.224
        });

        EvaluationRunReport report = await runner.RunAsync(Capitals);

        Assert.That(report.Items.Select(r => r.Confidence), Is.EqualTo(new double?[] { 0.6, 0.6, 0.9, 0.6 }));
        Assert.That(report.Items[2].Metrics[0].Value, Is.EqualTo(1 / Math.Sqrt(20)).Within(1e-6));
        Assert.That(report.Items[2].Metrics[0].Failed, Is.True, "the evaluator's own verdict is unchanged");
        Assert.That(report.Items.Select(r => r.Correct), Is.All.True);
        Assert.That(report.Summary.Calibration!.Count, Is.EqualTo(4));
    }

    [Test]
    public async Task RunAsync_ConfidenceOutsideUnitInterval_FailsTheItem()
    {
        var runner = new EvaluationRunner(FakeChatClient.Answering(Model), [Similarity()], new EvaluationRunOptions { ConfidenceSelector = _ => 1.5 });

        EvaluationRunReport report = await runner.RunAsync(Capitals[..1]);

        Assert.That(report.Items[0].Error, Does.Contain("returned 1.5, not a probability"));
    }

    [Test]
    public async Task RunAsync_UnknownCorrectnessMetric_GivesNoVerdicts()
    {
        var runner = new EvaluationRunner(FakeChatClient.Answering(Model), [Similarity()], new EvaluationRunOptions { CorrectnessMetricName = "Nope" });

        EvaluationRunReport report = await runner.RunAsync(Capitals);

        Assert.That(report.Items.Select(r => r.Correct), Is.All.Null);
        Assert.That(report.Summary.Accuracy, Is.Null);
    }

    [Test]
    public async Task WriteAsync_WritesItemsSummaryAndDiagram()
    {
        var runner = new EvaluationRunner(FakeChatClient.Answering(Model), [Similarity()], new EvaluationRunOptions
        {
            ConfidenceSelector = _ => 0.8,
        });
        EvaluationRunReport report = await runner.RunAsync(Capitals.Append(new EvaluationItem("none", "Capital of Atlantis?")));
        string directory = Path.Combine(Path.GetTempPath(), $"evaluation-run-{Guid.NewGuid():N}");
        try
        {
            IReadOnlyList<string> written = await report.WriteAsync(directory);

            Assert.That(written.Select(Path.GetFileName), Is.EqualTo(new[] { "items.jsonl", "summary.json", "reliability-diagram.svg" }));
            string[] lines = await File.ReadAllLinesAsync(written[0]);
            Assert.That(lines, Has.Length.EqualTo(5));
            using (JsonDocument italy = JsonDocument.Parse(lines[2]))
            {
                JsonElement root = italy.RootElement;
                Assert.That(root.GetProperty("id").GetString(), Is.EqualTo("it"));
                Assert.That(root.GetProperty("answer").GetString(), Is.EqualTo("Milan"));
                Assert.That(root.GetProperty("correct").GetBoolean(), Is.False);
                Assert.That(root.GetProperty("confidence").GetDouble(), Is.EqualTo(0.8));
                Assert.That(root.GetProperty("metrics").GetProperty("Semantic Similarity").GetProperty("failed").GetBoolean(), Is.True);
                Assert.That(root.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
            }

            using (JsonDocument atlantis = JsonDocument.Parse(lines[4]))
            {
                JsonElement metric = atlantis.RootElement.GetProperty("metrics").GetProperty("Semantic Similarity");
                Assert.That(metric.GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null), "no reference, no value");
                Assert.That(metric.GetProperty("errors")[0].GetString(), Does.Contain("No reference answer"));
                Assert.That(atlantis.RootElement.GetProperty("correct").ValueKind, Is.EqualTo(JsonValueKind.Null));
            }

            using JsonDocument summary = JsonDocument.Parse(await File.ReadAllTextAsync(written[1]));
            JsonElement s = summary.RootElement;
            Assert.That(s.GetProperty("count").GetInt32(), Is.EqualTo(5));
            Assert.That(s.GetProperty("accuracy").GetDouble(), Is.EqualTo(0.75));
            Assert.That(s.GetProperty("calibration").GetProperty("count").GetInt32(), Is.EqualTo(4));
            Assert.That(s.GetProperty("calibration").GetProperty("expectedCalibrationError").GetDouble(), Is.EqualTo(0.05).Within(1e-12)); // |0.75 − 0.8|
            JsonElement emptyBin = s.GetProperty("calibration").GetProperty("bins")[0];
            Assert.That(emptyBin.GetProperty("accuracy").GetString(), Is.EqualTo("NaN"), "non-finite numbers are named literals");
            Assert.That(await File.ReadAllTextAsync(written[2]), Does.StartWith("<svg"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task WriteItemsAsync_RepeatedMetricNamesAndBrokenText_StillValidJson()
    {
        // Two evaluators report "Semantic Similarity"; the model answers with a lone surrogate (invalid UTF-16).
        var client = FakeChatClient.Answering(_ => "Par\uD800is");
        var runner = new EvaluationRunner(client, [Similarity(), Similarity()]);
        EvaluationRunReport report = await runner.RunAsync(Capitals[..1]);
        using var stream = new MemoryStream();

        await report.WriteItemsAsync(stream);

        using JsonDocument line = JsonDocument.Parse(stream.ToArray());
        JsonElement metrics = line.RootElement.GetProperty("metrics");
        Assert.That(metrics.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "Semantic Similarity", "Semantic Similarity (2)" }));
        Assert.That(line.RootElement.GetProperty("answer").GetString(), Is.EqualTo("Par\uFFFDis"));
    }

    [Test]
    public void BadArguments_Throw()
    {
        var client = new FakeChatClient();

        Assert.That(() => new EvaluationRunner(null!, [Similarity()]), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("chatClient"));
        Assert.That(() => new EvaluationRunner(client, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("evaluators"));
        Assert.That(() => new EvaluationRunner(client, []), Throws.ArgumentException.With.Property("ParamName").EqualTo("evaluators"));
        Assert.That(() => new EvaluationRunner(client, [null!]), Throws.ArgumentException.With.Property("ParamName").EqualTo("evaluators"));
        Assert.That(() => new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { MaxConcurrency = 0 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxConcurrency must be at least 1"));
        Assert.That(() => new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { CorrectnessThreshold = double.NaN }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("CorrectnessThreshold"));
        Assert.That(() => new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { Calibration = new CalibrationOptions(Bins: 0) }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Bins"));
        Assert.That(() => new EvaluationRunner(client, [Similarity()], new EvaluationRunOptions { SelfConsistency = new SelfConsistencyOptions { Samples = 1 } }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Samples"));
        var runner = new EvaluationRunner(client, [Similarity()]);
        Assert.That(async () => await runner.RunAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("items"));
        Assert.That(async () => await runner.RunAsync([null!]), Throws.ArgumentException.With.Property("ParamName").EqualTo("items"));
    }

    [Test]
    public void Options_DefaultsArePinned()
    {
        var options = new EvaluationRunOptions();

        Assert.That(options.MaxConcurrency, Is.EqualTo(4));
        Assert.That(options.Calibration, Is.SameAs(CalibrationOptions.Default));
        Assert.That(options.SelfConsistency, Is.Null);
        Assert.That(options.CorrectnessMetricName, Is.Null);
        Assert.That(options.CorrectnessThreshold, Is.Null);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }

    private sealed class ThrowingEvaluator : IEvaluator
    {
        public string FailOn { get; init; } = "";

        public IReadOnlyCollection<string> EvaluationMetricNames { get; } = ["Never"];

        public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
            IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default) =>
            modelResponse.Text == FailOn
                ? throw new InvalidOperationException($"evaluator broke on {FailOn}")
                : ValueTask.FromResult(new EvaluationResult(new BooleanMetric("Never", true)));
    }
}
