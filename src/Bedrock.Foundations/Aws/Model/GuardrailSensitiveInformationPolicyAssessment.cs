using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The assessment for a Personally Identifiable Information (PII) policy.
/// </summary>
/// <remarks>Shape <c>GuardrailSensitiveInformationPolicyAssessment</c> of the bedrock-runtime service model. Required members: <c>piiEntities</c>, <c>regexes</c>.</remarks>
public sealed class GuardrailSensitiveInformationPolicyAssessment
{
    /// <summary>The PII entities in the assessment. Required.</summary>
    [JsonPropertyName("piiEntities")]
    public IList<GuardrailPiiEntityFilter>? PiiEntities { get; set; }

    /// <summary>The regex queries in the assessment. Required.</summary>
    [JsonPropertyName("regexes")]
    public IList<GuardrailRegexFilter>? Regexes { get; set; }
}
