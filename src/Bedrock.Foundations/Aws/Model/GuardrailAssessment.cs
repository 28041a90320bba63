using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A behavior assessment of the guardrail policies used in a call to the Converse API.
/// </summary>
/// <remarks>Shape <c>GuardrailAssessment</c> of the bedrock-runtime service model. Members not modelled here (ignored when received): <c>automatedReasoningPolicy</c>.</remarks>
public sealed class GuardrailAssessment
{
    /// <summary>The topic policy.</summary>
    [JsonPropertyName("topicPolicy")]
    public GuardrailTopicPolicyAssessment? TopicPolicy { get; set; }

    /// <summary>The content policy.</summary>
    [JsonPropertyName("contentPolicy")]
    public GuardrailContentPolicyAssessment? ContentPolicy { get; set; }

    /// <summary>The word policy.</summary>
    [JsonPropertyName("wordPolicy")]
    public GuardrailWordPolicyAssessment? WordPolicy { get; set; }

    /// <summary>The sensitive information policy.</summary>
    [JsonPropertyName("sensitiveInformationPolicy")]
    public GuardrailSensitiveInformationPolicyAssessment? SensitiveInformationPolicy { get; set; }

    /// <summary>The contextual grounding policy used for the guardrail assessment.</summary>
    [JsonPropertyName("contextualGroundingPolicy")]
    public GuardrailContextualGroundingPolicyAssessment? ContextualGroundingPolicy { get; set; }

    /// <summary>The invocation metrics for the guardrail assessment.</summary>
    [JsonPropertyName("invocationMetrics")]
    public GuardrailInvocationMetrics? InvocationMetrics { get; set; }

    /// <summary>Details about the specific guardrail that was applied during this assessment, including its identifier, version, ARN, origin, and ownership information.</summary>
    [JsonPropertyName("appliedGuardrailDetails")]
    public AppliedGuardrailDetails? AppliedGuardrailDetails { get; set; }
}
