using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The content block to be evaluated by the guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class GuardrailContentBlock
{
    /// <summary>Text within content block to be evaluated by the guardrail.</summary>
    [JsonPropertyName("text")]
    public GuardrailTextBlock? Text { get; set; }

    /// <summary>Image within guardrail content block to be evaluated by the guardrail.</summary>
    [JsonPropertyName("image")]
    public GuardrailImageBlock? Image { get; set; }
}
