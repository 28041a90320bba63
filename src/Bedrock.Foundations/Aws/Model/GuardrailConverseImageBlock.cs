using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// An image block that contains images that you want to assess with a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailConverseImageBlock</c> of the bedrock-runtime service model. Required members: <c>format</c>, <c>source</c>.</remarks>
public sealed class GuardrailConverseImageBlock
{
    /// <summary>The format details for the image type of the guardrail converse image block. Required. Known values: <c>png</c>, <c>jpeg</c> (others pass through).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>The image source (image bytes) of the guardrail converse image block. Required.</summary>
    [JsonPropertyName("source")]
    public GuardrailConverseImageSource? Source { get; set; }
}
