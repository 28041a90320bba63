namespace Bedrock.Foundations.Retrieval;

/// <summary>One search result: the id of a stored vector and its score against the query.</summary>
/// <param name="Id">The id the vector was upserted with.</param>
/// <param name="Score">
/// The score under the index's <see cref="VectorMetric"/>; higher is better for every metric
/// (for <see cref="VectorMetric.Euclidean"/> it is the negated distance, so it is ≤ 0).
/// </param>
public readonly record struct VectorMatch(string Id, float Score);
