using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A text block that contains text that you want to assess with a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailConverseTextBlock</c> of the bedrock-runtime service model. Required members: <c>text</c>.</remarks>
public sealed class GuardrailConverseTextBlock
{
    /// <summary>The text that you want to guard. Required.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The qualifier details for the guardrails contextual grounding filter.</summary>
    [JsonPropertyName("qualifiers")]
    public IList<string>? Qualifiers { get; set; }
}
