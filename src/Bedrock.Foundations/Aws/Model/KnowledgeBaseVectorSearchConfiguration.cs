using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configurations for how to perform the search query and return results.
/// </summary>
/// <remarks>Shape <c>KnowledgeBaseVectorSearchConfiguration</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class KnowledgeBaseVectorSearchConfiguration
{
    /// <summary>Specifies the filters to use on the metadata in the knowledge base data sources before returning results.</summary>
    [JsonPropertyName("filter")]
    public RetrievalFilter? Filter { get; set; }

    /// <summary>Settings for implicit filtering.</summary>
    [JsonPropertyName("implicitFilterConfiguration")]
    public ImplicitFilterConfiguration? ImplicitFilterConfiguration { get; set; }

    /// <summary>The number of source chunks to retrieve. Range 1 to 100.</summary>
    [JsonPropertyName("numberOfResults")]
    public int? NumberOfResults { get; set; }

    /// <summary>By default, Amazon Bedrock decides a search strategy for you. Known values: <c>HYBRID</c>, <c>SEMANTIC</c> (others pass through).</summary>
    [JsonPropertyName("overrideSearchType")]
    public string? OverrideSearchType { get; set; }

    /// <summary>Contains configurations for reranking the retrieved results.</summary>
    [JsonPropertyName("rerankingConfiguration")]
    public VectorSearchRerankingConfiguration? RerankingConfiguration { get; set; }
}
