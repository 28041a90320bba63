using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output content produced by the guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailOutputContent</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailOutputContent
{
    /// <summary>The specific text for the output content produced by the guardrail.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
