using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The content filter for a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailContentFilter</c> of the bedrock-runtime service model. Required members: <c>type</c>, <c>confidence</c>, <c>action</c>.</remarks>
public sealed class GuardrailContentFilter
{
    /// <summary>The guardrail type. Required. Known values: <c>INSULTS</c>, <c>HATE</c>, <c>SEXUAL</c>, <c>VIOLENCE</c>, <c>MISCONDUCT</c>, <c>PROMPT_ATTACK</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The guardrail confidence. Required. Known values: <c>NONE</c>, <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> (others pass through).</summary>
    [JsonPropertyName("confidence")]
    public string? Confidence { get; set; }

    /// <summary>The filter strength setting for the guardrail content filter. Known values: <c>NONE</c>, <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> (others pass through).</summary>
    [JsonPropertyName("filterStrength")]
    public string? FilterStrength { get; set; }

    /// <summary>The guardrail action. Required. Known values: <c>BLOCKED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Indicates whether content that breaches the guardrail configuration is detected.</summary>
    [JsonPropertyName("detected")]
    public bool? Detected { get; set; }
}
