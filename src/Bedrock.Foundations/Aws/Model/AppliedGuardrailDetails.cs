using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Details about the specific guardrail that was applied during this assessment, including its identifier, version, ARN, origin, and ownership information.
/// </summary>
/// <remarks>Shape <c>AppliedGuardrailDetails</c> of the bedrock-runtime service model.</remarks>
public sealed class AppliedGuardrailDetails
{
    /// <summary>The unique ID of the guardrail that was applied. Length 0 to 2048 characters.</summary>
    [JsonPropertyName("guardrailId")]
    public string? GuardrailId { get; set; }

    /// <summary>The version of the guardrail that was applied.</summary>
    [JsonPropertyName("guardrailVersion")]
    public string? GuardrailVersion { get; set; }

    /// <summary>The ARN of the guardrail that was applied. Length 0 to 2048 characters.</summary>
    [JsonPropertyName("guardrailArn")]
    public string? GuardrailArn { get; set; }

    /// <summary>The origin of how the guardrail was applied.</summary>
    [JsonPropertyName("guardrailOrigin")]
    public IList<string>? GuardrailOrigin { get; set; }

    /// <summary>The ownership type of the guardrail, indicating whether it is owned by the requesting account or is a cross-account guardrail shared from another AWS account. Known values: <c>SELF</c>, <c>CROSS_ACCOUNT</c> (others pass through).</summary>
    [JsonPropertyName("guardrailOwnership")]
    public string? GuardrailOwnership { get; set; }
}
