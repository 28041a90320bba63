using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input of the <c>ApplyGuardrail</c> operation.
/// </summary>
/// <remarks>Shape <c>ApplyGuardrailRequest</c> of the bedrock-runtime service model. Required members: <c>guardrailIdentifier</c>, <c>guardrailVersion</c>, <c>source</c>, <c>content</c>.</remarks>
public sealed class ApplyGuardrailRequest
{
    /// <summary>The guardrail identifier used in the request to apply the guardrail. Required. Length 0 to 2048 characters. Bound to the request URI path (<c>{guardrailIdentifier}</c>), not to the JSON body.</summary>
    [JsonIgnore]
    public string? GuardrailIdentifier { get; set; }

    /// <summary>The guardrail version used in the request to apply the guardrail. Required. Bound to the request URI path (<c>{guardrailVersion}</c>), not to the JSON body.</summary>
    [JsonIgnore]
    public string? GuardrailVersion { get; set; }

    /// <summary>The source of data used in the request to apply the guardrail. Required. Known values: <c>INPUT</c>, <c>OUTPUT</c> (others pass through).</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>The content details used in the request to apply the guardrail. Required.</summary>
    [JsonPropertyName("content")]
    public IList<GuardrailContentBlock>? Content { get; set; }

    /// <summary>Specifies the scope of the output that you get in the response. Known values: <c>INTERVENTIONS</c>, <c>FULL</c> (others pass through).</summary>
    [JsonPropertyName("outputScope")]
    public string? OutputScope { get; set; }
}
