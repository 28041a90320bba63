using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The initial event in a streaming image block that indicates the start of image content.
/// </summary>
/// <remarks>Shape <c>ImageBlockStart</c> of the bedrock-runtime service model. Required members: <c>format</c>.</remarks>
public sealed class ImageBlockStart
{
    /// <summary>The format of the image data that will be streamed in subsequent delta events. Required. Known values: <c>png</c>, <c>jpeg</c>, <c>gif</c>, <c>webp</c> (others pass through).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }
}
