using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Details about a metadata attribute.
/// </summary>
/// <remarks>Shape <c>MetadataAttributeSchema</c> of the bedrock-agent-runtime service model. Required members: <c>description</c>, <c>key</c>, <c>type</c>.</remarks>
public sealed class MetadataAttributeSchema
{
    /// <summary>The attribute's description. Required. Length 1 to 1024 characters.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>The attribute's key. Required. Length 1 to 256 characters.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    /// <summary>The attribute's type. Required. Known values: <c>STRING</c>, <c>NUMBER</c>, <c>BOOLEAN</c>, <c>STRING_LIST</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
