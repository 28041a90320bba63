using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>
/// Scores how close a response is in meaning to a reference answer: the cosine similarity of their embeddings,
/// cos(r, g) = r·g / (‖r‖‖g‖) ∈ [−1, 1], from any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> — the
/// embedding-based answer similarity of RAG evaluation suites (e.g. RAGAS' "semantic similarity", after Risch et al.,
/// "Semantic Answer Similarity for Evaluating Question Answering Models", 2021).
/// </summary>
/// <remarks>
/// <para>The reference comes in <c>additionalContext</c> as a <see cref="SemanticSimilarityEvaluatorContext"/>. The
/// result holds one <see cref="NumericMetric"/> named <see cref="SemanticSimilarityMetricName"/>, interpreted against
/// <see cref="Threshold"/>: at or above it the rating is <see cref="EvaluationRating.Good"/> (or
/// <see cref="EvaluationRating.Exceptional"/> at 0.95 and above) and the metric passes; below it the rating is
/// <see cref="EvaluationRating.Poor"/> (or <see cref="EvaluationRating.Unacceptable"/> below half the threshold) and it
/// fails.</para>
/// <para>As in the Microsoft.Extensions.AI.Evaluation evaluators, a problem with the data to evaluate — no reference,
/// an empty response, an embedding of norm 0, embeddings of different lengths — gives a metric with no value and an
/// error diagnostic, never an exception; a failure of the embedding generator itself propagates, and so does
/// cancellation. Both texts are embedded in one call. Thread-safe when the generator is.</para>
/// </remarks>
public sealed class SemanticSimilarityEvaluator : IEvaluator
{
    /// <summary>The metric's name: "Semantic Similarity".</summary>
    public const string SemanticSimilarityMetricName = "Semantic Similarity";

    /// <summary>The threshold used when none is given: 0.8.</summary>
    public const double DefaultThreshold = 0.8;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddingGenerator;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="embeddingGenerator">Embeds the response and the reference.</param>
    /// <param name="threshold">The similarity at and above which a response passes, in (−1, 1]; default
    /// <see cref="DefaultThreshold"/>. Similarities depend on the embedding model: calibrate it on pairs you judged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embeddingGenerator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN or outside (−1, 1].</exception>
    public SemanticSimilarityEvaluator(IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(embeddingGenerator);
        if (!(threshold > -1d && threshold <= 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold is a cosine similarity in (-1, 1].");
        }

        _embeddingGenerator = embeddingGenerator;
        Threshold = threshold;
    }

    /// <summary>The similarity at and above which a response passes.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [SemanticSimilarityMetricName];

    /// <inheritdoc/>
    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var metric = new NumericMetric(SemanticSimilarityMetricName);
        var result = new EvaluationResult(metric);

        SemanticSimilarityEvaluatorContext? reference = additionalContext?.OfType<SemanticSimilarityEvaluatorContext>().FirstOrDefault();
        if (reference is null)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error(
                $"No reference answer: pass a {nameof(SemanticSimilarityEvaluatorContext)} in additionalContext."));
            return result;
        }

        metric.AddOrUpdateContext(reference);
        string response = modelResponse.Text;
        if (string.IsNullOrWhiteSpace(response) || string.IsNullOrWhiteSpace(reference.ReferenceText))
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error(
                string.IsNullOrWhiteSpace(response) ? "The response has no text to compare." : "The reference answer is empty."));
            return result;
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await _embeddingGenerator
            .GenerateAsync([response, reference.ReferenceText], options: null, cancellationToken)
            .ConfigureAwait(false);
        if (embeddings.Count != 2)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error(
                string.Create(CultureInfo.InvariantCulture, $"The embedding generator returned {embeddings.Count} embeddings for 2 inputs.")));
            return result;
        }

        double? similarity = CosineSimilarity(embeddings[0].Vector.Span, embeddings[1].Vector.Span, out string? problem);
        if (similarity is not double value)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error(problem!));
            return result;
        }

        metric.Value = value;
        metric.Reason = string.Create(CultureInfo.InvariantCulture, $"Cosine similarity of the response and reference embeddings: {value:0.####} (threshold {Threshold:0.###}).");
        metric.Interpretation = Interpret(value, Threshold);
        return result;
    }

    /// <summary>
    /// The rating of a similarity against a threshold: Exceptional (≥ 0.95 and ≥ threshold), Good (≥ threshold), Poor
    /// (≥ threshold / 2), Unacceptable (below); it fails below the threshold.
    /// </summary>
    /// <param name="similarity">A cosine similarity.</param>
    /// <param name="threshold">The pass mark.</param>
    /// <returns>The interpretation, with its reason.</returns>
    public static EvaluationMetricInterpretation Interpret(double similarity, double threshold)
    {
        bool passed = similarity >= threshold;
        EvaluationRating rating = passed
            ? (similarity >= 0.95 ? EvaluationRating.Exceptional : EvaluationRating.Good)
            : (similarity >= threshold / 2 ? EvaluationRating.Poor : EvaluationRating.Unacceptable);
        string reason = string.Create(CultureInfo.InvariantCulture,
            $"{similarity:0.####} is {(passed ? "at or above" : "below")} the threshold {threshold:0.###}.");
        return new EvaluationMetricInterpretation(rating, failed: !passed, reason);
    }

    /// <summary>cos(a, b), or null with the reason when it is undefined (lengths differ, a norm is 0, a value is not finite).</summary>
    internal static double? CosineSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b, out string? problem)
    {
        problem = null;
        if (a.Length != b.Length || a.IsEmpty)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"The embeddings have {a.Length} and {b.Length} dimensions; cosine similarity needs two non-empty vectors of one length.");
            return null;
        }

        double normA = Math.Sqrt(TensorPrimitives.SumOfSquares(a));
        double normB = Math.Sqrt(TensorPrimitives.SumOfSquares(b));
        if (!(normA > 0d) || !(normB > 0d) || double.IsInfinity(normA) || double.IsInfinity(normB))
        {
            double bad = normA > 0d && !double.IsInfinity(normA) ? normB : normA;
            problem = string.Create(CultureInfo.InvariantCulture, $"An embedding has norm {bad}; cosine similarity needs finite, non-zero vectors.");
            return null;
        }

        double cosine = TensorPrimitives.Dot(a, b) / (normA * normB);
        return Math.Clamp(cosine, -1d, 1d);
    }
}
