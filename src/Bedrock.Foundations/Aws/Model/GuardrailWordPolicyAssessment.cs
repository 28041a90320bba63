using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The word policy assessment.
/// </summary>
/// <remarks>Shape <c>GuardrailWordPolicyAssessment</c> of the bedrock-runtime service model. Required members: <c>customWords</c>, <c>managedWordLists</c>.</remarks>
public sealed class GuardrailWordPolicyAssessment
{
    /// <summary>Custom words in the assessment. Required.</summary>
    [JsonPropertyName("customWords")]
    public IList<GuardrailCustomWord>? CustomWords { get; set; }

    /// <summary>Managed word lists in the assessment. Required.</summary>
    [JsonPropertyName("managedWordLists")]
    public IList<GuardrailManagedWord>? ManagedWordLists { get; set; }
}
