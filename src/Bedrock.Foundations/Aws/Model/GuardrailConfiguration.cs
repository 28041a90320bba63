using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration information for a guardrail that you use with the Converse operation.
/// </summary>
/// <remarks>Shape <c>GuardrailConfiguration</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailConfiguration
{
    /// <summary>The identifier for the guardrail. Length 0 to 2048 characters.</summary>
    [JsonPropertyName("guardrailIdentifier")]
    public string? GuardrailIdentifier { get; set; }

    /// <summary>The version of the guardrail.</summary>
    [JsonPropertyName("guardrailVersion")]
    public string? GuardrailVersion { get; set; }

    /// <summary>The trace behavior for the guardrail. Known values: <c>enabled</c>, <c>disabled</c>, <c>enabled_full</c> (others pass through).</summary>
    [JsonPropertyName("trace")]
    public string? Trace { get; set; }
}
