using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for reranking.
/// </summary>
/// <remarks>Shape <c>RerankingConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>bedrockRerankingConfiguration</c>, <c>type</c>.</remarks>
public sealed class RerankingConfiguration
{
    /// <summary>Contains configurations for an Amazon Bedrock reranker. Required.</summary>
    [JsonPropertyName("bedrockRerankingConfiguration")]
    public BedrockRerankingConfiguration? BedrockRerankingConfiguration { get; set; }

    /// <summary>The type of reranker that the configurations apply to. Required. Known values: <c>BEDROCK_RERANKING_MODEL</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
