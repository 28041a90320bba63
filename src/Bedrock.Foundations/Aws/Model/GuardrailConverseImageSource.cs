using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The image source (image bytes) of the guardrail converse image source.
/// </summary>
/// <remarks>Shape <c>GuardrailConverseImageSource</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class GuardrailConverseImageSource
{
    /// <summary>The raw image bytes for the image. Size at least 1 byte. Base64 in JSON.</summary>
    [JsonPropertyName("bytes")]
    public byte[]? Bytes { get; set; }
}
