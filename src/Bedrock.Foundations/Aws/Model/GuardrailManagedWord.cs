using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A managed word configured in a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailManagedWord</c> of the bedrock-runtime service model. Required members: <c>match</c>, <c>type</c>, <c>action</c>.</remarks>
public sealed class GuardrailManagedWord
{
    /// <summary>The match for the managed word. Required.</summary>
    [JsonPropertyName("match")]
    public string? Match { get; set; }

    /// <summary>The type for the managed word. Required. Known values: <c>PROFANITY</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The action for the managed word. Required. Known values: <c>BLOCKED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Indicates whether managed word content that breaches the guardrail configuration is detected.</summary>
    [JsonPropertyName("detected")]
    public bool? Detected { get; set; }
}
