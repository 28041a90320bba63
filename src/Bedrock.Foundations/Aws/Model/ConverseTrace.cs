using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The trace object in a response from Converse.
/// </summary>
/// <remarks>Shape <c>ConverseTrace</c> of the bedrock-runtime service model.</remarks>
public sealed class ConverseTrace
{
    /// <summary>The guardrail trace object.</summary>
    [JsonPropertyName("guardrail")]
    public GuardrailTraceAssessment? Guardrail { get; set; }

    /// <summary>The request's prompt router.</summary>
    [JsonPropertyName("promptRouter")]
    public PromptRouterTrace? PromptRouter { get; set; }
}
