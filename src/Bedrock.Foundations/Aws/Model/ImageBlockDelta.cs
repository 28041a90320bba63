using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A streaming delta event that contains incremental image data during streaming responses.
/// </summary>
/// <remarks>Shape <c>ImageBlockDelta</c> of the bedrock-runtime service model.</remarks>
public sealed class ImageBlockDelta
{
    /// <summary>The incremental image source data for this delta event.</summary>
    [JsonPropertyName("source")]
    public ImageSource? Source { get; set; }

    /// <summary>Error information if this image delta could not be processed.</summary>
    [JsonPropertyName("error")]
    public ErrorBlock? Error { get; set; }
}
