using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A content block for selective guarding with the Converse or ConverseStream API operations.
/// </summary>
/// <remarks>Shape <c>GuardrailConverseContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class GuardrailConverseContentBlock
{
    /// <summary>The text to guard.</summary>
    [JsonPropertyName("text")]
    public GuardrailConverseTextBlock? Text { get; set; }

    /// <summary>Image within converse content block to be evaluated by the guardrail.</summary>
    [JsonPropertyName("image")]
    public GuardrailConverseImageBlock? Image { get; set; }
}
