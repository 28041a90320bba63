using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration for a Bedrock reranking model used in managed search.
/// </summary>
/// <remarks>Shape <c>ManagedSearchBedrockRerankingConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>modelConfiguration</c>.</remarks>
public sealed class ManagedSearchBedrockRerankingConfiguration
{
    /// <summary>The metadata configuration for reranking.</summary>
    [JsonPropertyName("metadataConfiguration")]
    public MetadataConfigurationForReranking? MetadataConfiguration { get; set; }

    /// <summary>The model configuration containing the model ARN for reranking. Required.</summary>
    [JsonPropertyName("modelConfiguration")]
    public ManagedSearchBedrockRerankingModelConfiguration? ModelConfiguration { get; set; }

    /// <summary>The number of results to return after reranking. Range 1 to 100.</summary>
    [JsonPropertyName("numberOfRerankedResults")]
    public int? NumberOfRerankedResults { get; set; }
}
