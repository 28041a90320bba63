using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration for the reranking model used in managed search.
/// </summary>
/// <remarks>Shape <c>ManagedSearchRerankingConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>type</c>.</remarks>
public sealed class ManagedSearchRerankingConfiguration
{
    /// <summary>The Bedrock reranking model configuration for managed search.</summary>
    [JsonPropertyName("bedrockRerankingConfiguration")]
    public ManagedSearchBedrockRerankingConfiguration? BedrockRerankingConfiguration { get; set; }

    /// <summary>The type of reranking configuration. Required. Known values: <c>BEDROCK_RERANKING_MODEL</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
