using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The source for an image.
/// </summary>
/// <remarks>Shape <c>ImageSource</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class ImageSource
{
    /// <summary>The raw image bytes for the image. Size at least 1 byte. Base64 in JSON.</summary>
    [JsonPropertyName("bytes")]
    public byte[]? Bytes { get; set; }

    /// <summary>The location of an image object in an Amazon S3 bucket.</summary>
    [JsonPropertyName("s3Location")]
    public S3Location? S3Location { get; set; }
}
