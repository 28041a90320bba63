using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The text block to be evaluated by the guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailTextBlock</c> of the bedrock-runtime service model. Required members: <c>text</c>.</remarks>
public sealed class GuardrailTextBlock
{
    /// <summary>The input text details to be evaluated by the guardrail. Required.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The qualifiers describing the text block.</summary>
    [JsonPropertyName("qualifiers")]
    public IList<string>? Qualifiers { get; set; }
}
