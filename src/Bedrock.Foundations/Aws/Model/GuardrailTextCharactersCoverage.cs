using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The guardrail coverage for the text characters.
/// </summary>
/// <remarks>Shape <c>GuardrailTextCharactersCoverage</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailTextCharactersCoverage
{
    /// <summary>The text characters that were guarded by the guardrail coverage.</summary>
    [JsonPropertyName("guarded")]
    public int? Guarded { get; set; }

    /// <summary>The total text characters by the guardrail coverage.</summary>
    [JsonPropertyName("total")]
    public int? Total { get; set; }
}
