using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for the metadata to use in reranking.
/// </summary>
/// <remarks>Shape <c>MetadataConfigurationForReranking</c> of the bedrock-agent-runtime service model. Required members: <c>selectionMode</c>.</remarks>
public sealed class MetadataConfigurationForReranking
{
    /// <summary>Specifies whether to consider all metadata when reranking, or only the metadata that you select. Required. Known values: <c>SELECTIVE</c>, <c>ALL</c> (others pass through).</summary>
    [JsonPropertyName("selectionMode")]
    public string? SelectionMode { get; set; }

    /// <summary>Contains configurations for the metadata fields to include or exclude when considering reranking.</summary>
    [JsonPropertyName("selectiveModeConfiguration")]
    public RerankingMetadataSelectiveModeConfiguration? SelectiveModeConfiguration { get; set; }
}
