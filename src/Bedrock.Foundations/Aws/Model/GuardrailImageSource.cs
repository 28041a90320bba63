using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The image source (image bytes) of the guardrail image source.
/// </summary>
/// <remarks>Shape <c>GuardrailImageSource</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class GuardrailImageSource
{
    /// <summary>The bytes details of the guardrail image source. Size at least 1 byte. Base64 in JSON.</summary>
    [JsonPropertyName("bytes")]
    public byte[]? Bytes { get; set; }
}
