using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A custom word configured in a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailCustomWord</c> of the bedrock-runtime service model. Required members: <c>match</c>, <c>action</c>.</remarks>
public sealed class GuardrailCustomWord
{
    /// <summary>The match for the custom word. Required.</summary>
    [JsonPropertyName("match")]
    public string? Match { get; set; }

    /// <summary>The action for the custom word. Required. Known values: <c>BLOCKED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Indicates whether custom word content that breaches the guardrail configuration is detected.</summary>
    [JsonPropertyName("detected")]
    public bool? Detected { get; set; }
}
