using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contain an image which user wants guarded.
/// </summary>
/// <remarks>Shape <c>GuardrailImageBlock</c> of the bedrock-runtime service model. Required members: <c>format</c>, <c>source</c>.</remarks>
public sealed class GuardrailImageBlock
{
    /// <summary>The format details for the file type of the image blocked by the guardrail. Required. Known values: <c>png</c>, <c>jpeg</c> (others pass through).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>The image source (image bytes) details of the image blocked by the guardrail. Required.</summary>
    [JsonPropertyName("source")]
    public GuardrailImageSource? Source { get; set; }
}
