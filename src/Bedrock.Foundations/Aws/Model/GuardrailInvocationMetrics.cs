using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The invocation metrics for the guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailInvocationMetrics</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailInvocationMetrics
{
    /// <summary>The processing latency details for the guardrail invocation metrics.</summary>
    [JsonPropertyName("guardrailProcessingLatency")]
    public long? GuardrailProcessingLatency { get; set; }

    /// <summary>The usage details for the guardrail invocation metrics.</summary>
    [JsonPropertyName("usage")]
    public GuardrailUsage? Usage { get; set; }

    /// <summary>The coverage details for the guardrail invocation metrics.</summary>
    [JsonPropertyName("guardrailCoverage")]
    public GuardrailCoverage? GuardrailCoverage { get; set; }
}
