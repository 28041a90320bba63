using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A content block stop event.
/// </summary>
/// <remarks>Shape <c>ContentBlockStopEvent</c> of the bedrock-runtime service model. Required members: <c>contentBlockIndex</c>.</remarks>
public sealed class ContentBlockStopEvent
{
    /// <summary>The index for a content block. Required. At least 0.</summary>
    [JsonPropertyName("contentBlockIndex")]
    public int? ContentBlockIndex { get; set; }
}
