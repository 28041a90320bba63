using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output of the <c>ApplyGuardrail</c> operation.
/// </summary>
/// <remarks>Shape <c>ApplyGuardrailResponse</c> of the bedrock-runtime service model. Required members: <c>usage</c>, <c>action</c>, <c>outputs</c>, <c>assessments</c>.</remarks>
public sealed class ApplyGuardrailResponse
{
    /// <summary>The usage details in the response from the guardrail. Required.</summary>
    [JsonPropertyName("usage")]
    public GuardrailUsage? Usage { get; set; }

    /// <summary>The action taken in the response from the guardrail. Required. Known values: <c>NONE</c>, <c>GUARDRAIL_INTERVENED</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>The reason for the action taken when harmful content is detected.</summary>
    [JsonPropertyName("actionReason")]
    public string? ActionReason { get; set; }

    /// <summary>The output details in the response from the guardrail. Required.</summary>
    [JsonPropertyName("outputs")]
    public IList<GuardrailOutputContent>? Outputs { get; set; }

    /// <summary>The assessment details in the response from the guardrail. Required.</summary>
    [JsonPropertyName("assessments")]
    public IList<GuardrailAssessment>? Assessments { get; set; }

    /// <summary>The guardrail coverage details in the apply guardrail response.</summary>
    [JsonPropertyName("guardrailCoverage")]
    public GuardrailCoverage? GuardrailCoverage { get; set; }
}
