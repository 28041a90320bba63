using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The trace object in a response from ConverseStream.
/// </summary>
/// <remarks>Shape <c>ConverseStreamTrace</c> of the bedrock-runtime service model.</remarks>
public sealed class ConverseStreamTrace
{
    /// <summary>The guardrail trace object.</summary>
    [JsonPropertyName("guardrail")]
    public GuardrailTraceAssessment? Guardrail { get; set; }

    /// <summary>The request's prompt router.</summary>
    [JsonPropertyName("promptRouter")]
    public PromptRouterTrace? PromptRouter { get; set; }
}
