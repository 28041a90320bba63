using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The policy assessment details for the guardrails contextual grounding filter.
/// </summary>
/// <remarks>Shape <c>GuardrailContextualGroundingPolicyAssessment</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailContextualGroundingPolicyAssessment
{
    /// <summary>The filter details for the guardrails contextual grounding filter.</summary>
    [JsonPropertyName("filters")]
    public IList<GuardrailContextualGroundingFilter>? Filters { get; set; }
}
