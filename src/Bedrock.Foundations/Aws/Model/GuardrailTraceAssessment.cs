using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A Top level guardrail trace object.
/// </summary>
/// <remarks>Shape <c>GuardrailTraceAssessment</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailTraceAssessment
{
    /// <summary>The output from the model.</summary>
    [JsonPropertyName("modelOutput")]
    public IList<string>? ModelOutput { get; set; }

    /// <summary>The input assessment.</summary>
    [JsonPropertyName("inputAssessment")]
    public IDictionary<string, GuardrailAssessment>? InputAssessment { get; set; }

    /// <summary>the output assessments.</summary>
    [JsonPropertyName("outputAssessments")]
    public IDictionary<string, IList<GuardrailAssessment>>? OutputAssessments { get; set; }

    /// <summary>Provides the reason for the action taken when harmful content is detected.</summary>
    [JsonPropertyName("actionReason")]
    public string? ActionReason { get; set; }
}
