using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The configuration details for the guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailConfiguration</c> of the bedrock-agent-runtime service model. Named with a prefix because the runtime model's <c>GuardrailConfiguration</c>, a different shape, holds the plain name. Required members: <c>guardrailId</c>, <c>guardrailVersion</c>.</remarks>
public sealed class AgentRuntimeGuardrailConfiguration
{
    /// <summary>The unique identifier for the guardrail. Required. Length 0 to 64 characters.</summary>
    [JsonPropertyName("guardrailId")]
    public string? GuardrailId { get; set; }

    /// <summary>The version of the guardrail. Required. Length 1 to 5 characters.</summary>
    [JsonPropertyName("guardrailVersion")]
    public string? GuardrailVersion { get; set; }
}
