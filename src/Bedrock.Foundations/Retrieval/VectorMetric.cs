namespace Bedrock.Foundations.Retrieval;

/// <summary>How a vector index scores a stored vector x against a query q. For every metric a higher score is a better match.</summary>
public enum VectorMetric
{
    /// <summary>
    /// Cosine similarity, q·x / (‖q‖ ‖x‖), in [−1, 1]. Vectors are stored normalized, so a search is a dot product.
    /// A zero vector has no direction and is rejected.
    /// </summary>
    Cosine = 0,

    /// <summary>The inner product q·x = Σᵢ qᵢ xᵢ (maximum inner-product search). Vectors are stored as given.</summary>
    DotProduct = 1,

    /// <summary>
    /// The negated Euclidean distance, −‖q − x‖₂ = −√(Σᵢ (qᵢ − xᵢ)²), so that, like the other metrics, higher is better:
    /// the nearest vector has the score closest to 0. Vectors are stored as given.
    /// </summary>
    Euclidean = 2,
}
