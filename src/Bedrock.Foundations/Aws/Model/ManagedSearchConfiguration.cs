using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration for managed search in a knowledge base.
/// </summary>
/// <remarks>Shape <c>ManagedSearchConfiguration</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class ManagedSearchConfiguration
{
    /// <summary>Specifies the filters to use on the metadata attributes in the knowledge base data sources before returning results.</summary>
    [JsonPropertyName("filter")]
    public RetrievalFilter? Filter { get; set; }

    /// <summary>The number of results to retrieve. Range 1 to 100.</summary>
    [JsonPropertyName("numberOfResults")]
    public int? NumberOfResults { get; set; }

    /// <summary>Contains configurations for reranking the results retrieved from the managed search.</summary>
    [JsonPropertyName("rerankingConfiguration")]
    public ManagedSearchRerankingConfiguration? RerankingConfiguration { get; set; }

    /// <summary>The type of reranking model to use when reranking results retrieved from the managed search. Known values: <c>CUSTOM</c>, <c>MANAGED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("rerankingModelType")]
    public string? RerankingModelType { get; set; }
}
