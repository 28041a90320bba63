using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// An assessment of a content policy for a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailContentPolicyAssessment</c> of the bedrock-runtime service model. Required members: <c>filters</c>.</remarks>
public sealed class GuardrailContentPolicyAssessment
{
    /// <summary>The content policy filters. Required.</summary>
    [JsonPropertyName("filters")]
    public IList<GuardrailContentFilter>? Filters { get; set; }
}
