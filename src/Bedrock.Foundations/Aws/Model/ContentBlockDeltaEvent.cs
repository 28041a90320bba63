using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The content block delta event.
/// </summary>
/// <remarks>Shape <c>ContentBlockDeltaEvent</c> of the bedrock-runtime service model. Required members: <c>delta</c>, <c>contentBlockIndex</c>.</remarks>
public sealed class ContentBlockDeltaEvent
{
    /// <summary>The delta for a content block delta event. Required.</summary>
    [JsonPropertyName("delta")]
    public ContentBlockDelta? Delta { get; set; }

    /// <summary>The block index for a content block delta event. Required. At least 0.</summary>
    [JsonPropertyName("contentBlockIndex")]
    public int? ContentBlockIndex { get; set; }
}
