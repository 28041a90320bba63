using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Maps Microsoft.Extensions.VectorData's distance functions onto the index metrics and an index score (higher is
/// better) back onto the function's own score, whose direction the function fixes.
/// </summary>
internal static class DistanceFunctions
{
    /// <summary>The distance functions a collection accepts, for messages.</summary>
    internal const string Supported =
        "CosineSimilarity (the default), CosineDistance, DotProductSimilarity, NegativeDotProductSimilarity, EuclideanDistance, EuclideanSquaredDistance";

    /// <summary>Whether <paramref name="distanceFunction"/> is one this adapter maps onto an index metric.</summary>
    internal static bool IsSupported(string? distanceFunction) => distanceFunction switch
    {
        null or DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance
            or DistanceFunction.DotProductSimilarity or DistanceFunction.NegativeDotProductSimilarity
            or DistanceFunction.EuclideanDistance or DistanceFunction.EuclideanSquaredDistance => true,
        _ => false,
    };

    /// <summary>The index metric that ranks vectors in the order <paramref name="distanceFunction"/> does.</summary>
    internal static VectorMetric MetricOf(string? distanceFunction) => distanceFunction switch
    {
        DistanceFunction.DotProductSimilarity or DistanceFunction.NegativeDotProductSimilarity => VectorMetric.DotProduct,
        DistanceFunction.EuclideanDistance or DistanceFunction.EuclideanSquaredDistance => VectorMetric.Euclidean,
        _ => VectorMetric.Cosine,
    };

    /// <summary>Whether a higher score is a better match under <paramref name="distanceFunction"/> (similarities) or a lower one (distances).</summary>
    internal static bool HigherIsBetter(string? distanceFunction) => distanceFunction switch
    {
        DistanceFunction.CosineDistance or DistanceFunction.NegativeDotProductSimilarity
            or DistanceFunction.EuclideanDistance or DistanceFunction.EuclideanSquaredDistance => false,
        _ => true,
    };

    /// <summary>
    /// Converts an index score s (cosine similarity, dot product, or negated Euclidean distance) into the score
    /// <paramref name="distanceFunction"/> reports: cosine distance 1 − s, negative dot product −s, Euclidean distance
    /// −s, squared Euclidean distance s², the similarities s itself.
    /// </summary>
    internal static double ToScore(string? distanceFunction, float indexScore) => distanceFunction switch
    {
        DistanceFunction.CosineDistance => 1d - indexScore,
        DistanceFunction.NegativeDotProductSimilarity or DistanceFunction.EuclideanDistance => -(double)indexScore,
        DistanceFunction.EuclideanSquaredDistance => (double)indexScore * indexScore,
        _ => indexScore,
    };

    /// <summary>Whether <paramref name="score"/> passes <paramref name="threshold"/>: at least it for similarities, at most it for distances.</summary>
    internal static bool PassesThreshold(string? distanceFunction, double score, double? threshold) =>
        threshold is not double limit || (HigherIsBetter(distanceFunction) ? score >= limit : score <= limit);
}
