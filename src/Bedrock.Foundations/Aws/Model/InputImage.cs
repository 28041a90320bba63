using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains the image data for multimodal knowledge base queries, including format and content.
/// </summary>
/// <remarks>Shape <c>InputImage</c> of the bedrock-agent-runtime service model. Required members: <c>format</c>, <c>inlineContent</c>.</remarks>
public sealed class InputImage
{
    /// <summary>The format of the input image. Required. Known values: <c>png</c>, <c>jpeg</c>, <c>gif</c>, <c>webp</c> (others pass through).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>The base64-encoded image data for inline image content. Required. Size 1 to 5242880 bytes. Base64 in JSON.</summary>
    [JsonPropertyName("inlineContent")]
    public byte[]? InlineContent { get; set; }
}
