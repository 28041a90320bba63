using Bedrock.Foundations.Evaluation.Evaluators;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Bedrock.Foundations.Tests.Evaluation.Evaluators;

public sealed class SemanticSimilarityEvaluatorTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "q")];

    private static ChatResponse Response(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    private static async Task<NumericMetric> Evaluate(SemanticSimilarityEvaluator evaluator, string response, string? reference)
    {
        EvaluationContext[]? context = reference is null ? null : [new SemanticSimilarityEvaluatorContext(reference)];
        EvaluationResult result = await evaluator.EvaluateAsync(Question, Response(response), null, context);
        return result.Get<NumericMetric>(SemanticSimilarityEvaluator.SemanticSimilarityMetricName);
    }

    [Test]
    public async Task EvaluateAsync_KnownVectors_GivesTheirCosine()
    {
        // cos((1, 0), (0.6, 0.8)) = 0.6 / (1 · 1) = 0.6; cos((3, 4), (4, 3)) = 24 / 25 = 0.96.
        var vectors = new Dictionary<string, float[]>
        {
            ["a"] = [1f, 0f], ["b"] = [0.6f, 0.8f], ["c"] = [3f, 4f], ["d"] = [4f, 3f],
        };
        var generator = new FakeEmbeddingGenerator { Embed = t => vectors[t] };
        var evaluator = new SemanticSimilarityEvaluator(generator);

        NumericMetric low = await Evaluate(evaluator, "a", "b");
        NumericMetric high = await Evaluate(evaluator, "c", "d");

        Assert.That(low.Value, Is.EqualTo(0.6).Within(1e-6));
        Assert.That(low.Interpretation!.Failed, Is.True);
        Assert.That(low.Interpretation.Rating, Is.EqualTo(EvaluationRating.Poor)); // 0.6 ≥ 0.8 / 2
        Assert.That(high.Value, Is.EqualTo(0.96).Within(1e-6));
        Assert.That(high.Interpretation!.Failed, Is.False);
        Assert.That(high.Interpretation.Rating, Is.EqualTo(EvaluationRating.Exceptional));
        Assert.That(high.Reason, Does.Contain("0.96"));
        Assert.That(high.Context!.Values.Single(), Is.InstanceOf<SemanticSimilarityEvaluatorContext>());
        Assert.That(generator.Inputs, Has.Count.EqualTo(2), "one call per evaluation, both texts together");
        Assert.That(generator.Inputs[1], Is.EqualTo(new[] { "c", "d" }));
    }

    [Test]
    public async Task EvaluateAsync_SameMeaningDifferentCase_PassesAndOppositeFails()
    {
        var evaluator = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator(), threshold: 0.9);
        var opposite = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator { Embed = t => t == "x" ? [1f, 1f] : [-1f, -1f] });

        NumericMetric same = await Evaluate(evaluator, "Paris", "paris");
        NumericMetric reversed = await Evaluate(opposite, "x", "y");

        Assert.That(same.Value, Is.EqualTo(1).Within(1e-6));
        Assert.That(same.Interpretation!.Failed, Is.False);
        Assert.That(reversed.Value, Is.EqualTo(-1).Within(1e-6));
        Assert.That(reversed.Interpretation!.Rating, Is.EqualTo(EvaluationRating.Unacceptable));
    }

    [Test]
    public void Interpret_BandsAroundTheThreshold()
    {
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.97, 0.8).Rating, Is.EqualTo(EvaluationRating.Exceptional));
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.8, 0.8).Rating, Is.EqualTo(EvaluationRating.Good));
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.8, 0.8).Failed, Is.False);
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.79, 0.8).Rating, Is.EqualTo(EvaluationRating.Poor));
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.79, 0.8).Failed, Is.True);
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.39, 0.8).Rating, Is.EqualTo(EvaluationRating.Unacceptable));
        Assert.That(SemanticSimilarityEvaluator.Interpret(0.96, 0.99).Rating, Is.EqualTo(EvaluationRating.Poor), "Exceptional needs a pass");
    }

    [TestCase("answer", null, "No reference answer")]
    [TestCase("", "reference", "no text")]
    [TestCase("answer", " ", "reference answer is empty")]
    public async Task EvaluateAsync_DataProblems_GiveAnErrorDiagnosticAndNoValue(string response, string? reference, string message)
    {
        var generator = new FakeEmbeddingGenerator();
        NumericMetric metric = await Evaluate(new SemanticSimilarityEvaluator(generator), response, reference);

        Assert.That(metric.Value, Is.Null);
        Assert.That(metric.Interpretation, Is.Null);
        Assert.That(metric.Diagnostics!.Single().Severity, Is.EqualTo(EvaluationDiagnosticSeverity.Error));
        Assert.That(metric.Diagnostics!.Single().Message, Does.Contain(message));
        Assert.That(generator.CallCount, Is.Zero, "nothing to embed");
    }

    [Test]
    public async Task EvaluateAsync_ZeroVectorOrDimensionMismatch_GiveAnErrorDiagnostic()
    {
        var zero = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator { Embed = t => t == "a" ? [0f, 0f] : [1f, 0f] });
        var mismatch = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator { Embed = t => t == "a" ? [1f, 0f, 0f] : [1f, 0f] });
        var nan = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator { Embed = t => t == "a" ? [float.NaN, 0f] : [1f, 0f] });

        NumericMetric z = await Evaluate(zero, "a", "b");
        NumericMetric m = await Evaluate(mismatch, "a", "b");
        NumericMetric n = await Evaluate(nan, "a", "b");

        Assert.That(z.Value, Is.Null);
        Assert.That(z.Diagnostics!.Single().Message, Does.Contain("norm 0"));
        Assert.That(m.Value, Is.Null);
        Assert.That(m.Diagnostics!.Single().Message, Does.Contain("3 and 2 dimensions"));
        Assert.That(n.Value, Is.Null);
        Assert.That(n.Diagnostics!.Single().Message, Does.Contain("finite, non-zero"));
    }

    [Test]
    public void EvaluateAsync_CancelledOrGeneratorFailure_Propagates()
    {
        var evaluator = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator());
        var failing = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator { Embed = _ => throw new InvalidOperationException("model down") });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await evaluator.EvaluateAsync(Question, Response("a"), null, [new SemanticSimilarityEvaluatorContext("b")], cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await failing.EvaluateAsync(Question, Response("a"), null, [new SemanticSimilarityEvaluatorContext("b")]),
            Throws.InvalidOperationException.With.Message.EqualTo("model down"));
    }

    [Test]
    public void Constructor_BadArguments_Throw()
    {
        var nullGenerator = Assert.Throws<ArgumentNullException>(() => _ = new SemanticSimilarityEvaluator(null!));
        var low = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator(), -1));
        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator(), double.NaN));
        var context = Assert.Throws<ArgumentNullException>(() => _ = new SemanticSimilarityEvaluatorContext(null!));

        Assert.That(nullGenerator!.ParamName, Is.EqualTo("embeddingGenerator"));
        Assert.That(low!.ParamName, Is.EqualTo("threshold"));
        Assert.That(low.Message, Does.Contain("(-1, 1]"));
        Assert.That(nan!.ParamName, Is.EqualTo("threshold"));
        Assert.That(context!.ParamName, Is.EqualTo("referenceText"));
    }

    [Test]
    public void Defaults_ArePinned()
    {
        var evaluator = new SemanticSimilarityEvaluator(new FakeEmbeddingGenerator());

        Assert.That(evaluator.Threshold, Is.EqualTo(0.8));
        Assert.That(evaluator.EvaluationMetricNames, Is.EqualTo(new[] { "Semantic Similarity" }));
        Assert.That(SemanticSimilarityEvaluatorContext.ReferenceContextName, Is.EqualTo("Reference"));
    }
}
