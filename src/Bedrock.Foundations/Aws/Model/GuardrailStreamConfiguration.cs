using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration information for a guardrail that you use with the ConverseStream action.
/// </summary>
/// <remarks>Shape <c>GuardrailStreamConfiguration</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailStreamConfiguration
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

    /// <summary>The processing mode. The processing mode. Known values: <c>sync</c>, <c>async</c> (others pass through).</summary>
    [JsonPropertyName("streamProcessingMode")]
    public string? StreamProcessingMode { get; set; }
}
