using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Image content for a message.
/// </summary>
/// <remarks>Shape <c>ImageBlock</c> of the bedrock-runtime service model. Required members: <c>format</c>, <c>source</c>.</remarks>
public sealed class ImageBlock
{
    /// <summary>The format of the image. Required. Known values: <c>png</c>, <c>jpeg</c>, <c>gif</c>, <c>webp</c> (others pass through).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>The source for the image. Required.</summary>
    [JsonPropertyName("source")]
    public ImageSource? Source { get; set; }

    /// <summary>Error information if the image block could not be processed or contains invalid data.</summary>
    [JsonPropertyName("error")]
    public ErrorBlock? Error { get; set; }
}
