using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for the metadata fields to include or exclude when considering reranking.
/// </summary>
/// <remarks>Shape <c>RerankingMetadataSelectiveModeConfiguration</c> of the bedrock-agent-runtime service model. A union: exactly one member is set.</remarks>
public sealed class RerankingMetadataSelectiveModeConfiguration
{
    /// <summary>An array of objects, each of which specifies a metadata field to exclude from consideration when reranking. 1 to 100 entries.</summary>
    [JsonPropertyName("fieldsToExclude")]
    public IList<FieldForReranking>? FieldsToExclude { get; set; }

    /// <summary>An array of objects, each of which specifies a metadata field to include in consideration when reranking. 1 to 100 entries.</summary>
    [JsonPropertyName("fieldsToInclude")]
    public IList<FieldForReranking>? FieldsToInclude { get; set; }
}
