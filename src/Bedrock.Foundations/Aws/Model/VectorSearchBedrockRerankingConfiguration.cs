using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for reranking with an Amazon Bedrock reranker model.
/// </summary>
/// <remarks>Shape <c>VectorSearchBedrockRerankingConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>modelConfiguration</c>.</remarks>
public sealed class VectorSearchBedrockRerankingConfiguration
{
    /// <summary>Contains configurations for the metadata to use in reranking.</summary>
    [JsonPropertyName("metadataConfiguration")]
    public MetadataConfigurationForReranking? MetadataConfiguration { get; set; }

    /// <summary>Contains configurations for the reranker model. Required.</summary>
    [JsonPropertyName("modelConfiguration")]
    public VectorSearchBedrockRerankingModelConfiguration? ModelConfiguration { get; set; }

    /// <summary>The number of results to return after reranking. Range 1 to 100.</summary>
    [JsonPropertyName("numberOfRerankedResults")]
    public int? NumberOfRerankedResults { get; set; }
}
