using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Content block start event.
/// </summary>
/// <remarks>Shape <c>ContentBlockStartEvent</c> of the bedrock-runtime service model. Required members: <c>start</c>, <c>contentBlockIndex</c>.</remarks>
public sealed class ContentBlockStartEvent
{
    /// <summary>Start information about a content block start event. Required.</summary>
    [JsonPropertyName("start")]
    public ContentBlockStart? Start { get; set; }

    /// <summary>The index for a content block start event. Required. At least 0.</summary>
    [JsonPropertyName("contentBlockIndex")]
    public int? ContentBlockIndex { get; set; }
}
