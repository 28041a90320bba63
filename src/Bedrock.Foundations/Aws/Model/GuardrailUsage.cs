using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The details on the use of the guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailUsage</c> of the bedrock-runtime service model. Required members: <c>topicPolicyUnits</c>, <c>contentPolicyUnits</c>, <c>wordPolicyUnits</c>, <c>sensitiveInformationPolicyUnits</c>, <c>sensitiveInformationPolicyFreeUnits</c>, <c>contextualGroundingPolicyUnits</c>.</remarks>
public sealed class GuardrailUsage
{
    /// <summary>The topic policy units processed by the guardrail. Required.</summary>
    [JsonPropertyName("topicPolicyUnits")]
    public int? TopicPolicyUnits { get; set; }

    /// <summary>The content policy units processed by the guardrail. Required.</summary>
    [JsonPropertyName("contentPolicyUnits")]
    public int? ContentPolicyUnits { get; set; }

    /// <summary>The word policy units processed by the guardrail. Required.</summary>
    [JsonPropertyName("wordPolicyUnits")]
    public int? WordPolicyUnits { get; set; }

    /// <summary>The sensitive information policy units processed by the guardrail. Required.</summary>
    [JsonPropertyName("sensitiveInformationPolicyUnits")]
    public int? SensitiveInformationPolicyUnits { get; set; }

    /// <summary>The sensitive information policy free units processed by the guardrail. Required.</summary>
    [JsonPropertyName("sensitiveInformationPolicyFreeUnits")]
    public int? SensitiveInformationPolicyFreeUnits { get; set; }

    /// <summary>The contextual grounding policy units processed by the guardrail. Required.</summary>
    [JsonPropertyName("contextualGroundingPolicyUnits")]
    public int? ContextualGroundingPolicyUnits { get; set; }

    /// <summary>The content policy image units processed by the guardrail.</summary>
    [JsonPropertyName("contentPolicyImageUnits")]
    public int? ContentPolicyImageUnits { get; set; }

    /// <summary>The number of text units processed by the automated reasoning policy.</summary>
    [JsonPropertyName("automatedReasoningPolicyUnits")]
    public int? AutomatedReasoningPolicyUnits { get; set; }

    /// <summary>The number of automated reasoning policies that were processed during the guardrail evaluation.</summary>
    [JsonPropertyName("automatedReasoningPolicies")]
    public int? AutomatedReasoningPolicies { get; set; }
}
