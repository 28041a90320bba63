using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A behavior assessment of a topic policy.
/// </summary>
/// <remarks>Shape <c>GuardrailTopicPolicyAssessment</c> of the bedrock-runtime service model. Required members: <c>topics</c>.</remarks>
public sealed class GuardrailTopicPolicyAssessment
{
    /// <summary>The topics in the assessment. Required.</summary>
    [JsonPropertyName("topics")]
    public IList<GuardrailTopic>? Topics { get; set; }
}
