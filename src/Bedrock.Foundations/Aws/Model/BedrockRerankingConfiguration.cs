using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for an Amazon Bedrock reranker model.
/// </summary>
/// <remarks>Shape <c>BedrockRerankingConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>modelConfiguration</c>.</remarks>
public sealed class BedrockRerankingConfiguration
{
    /// <summary>Contains configurations for a reranker model. Required.</summary>
    [JsonPropertyName("modelConfiguration")]
    public BedrockRerankingModelConfiguration? ModelConfiguration { get; set; }

    /// <summary>The number of results to return after reranking. Range 1 to 1000.</summary>
    [JsonPropertyName("numberOfResults")]
    public int? NumberOfResults { get; set; }
}
