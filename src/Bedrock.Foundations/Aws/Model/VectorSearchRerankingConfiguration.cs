using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for reranking the retrieved results.
/// </summary>
/// <remarks>Shape <c>VectorSearchRerankingConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>type</c>.</remarks>
public sealed class VectorSearchRerankingConfiguration
{
    /// <summary>Contains configurations for an Amazon Bedrock reranker model.</summary>
    [JsonPropertyName("bedrockRerankingConfiguration")]
    public VectorSearchBedrockRerankingConfiguration? BedrockRerankingConfiguration { get; set; }

    /// <summary>The type of reranker model. Required. Known values: <c>BEDROCK_RERANKING_MODEL</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
