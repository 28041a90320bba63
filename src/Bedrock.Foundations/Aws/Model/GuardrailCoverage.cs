using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The action of the guardrail coverage details.
/// </summary>
/// <remarks>Shape <c>GuardrailCoverage</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailCoverage
{
    /// <summary>The text characters of the guardrail coverage details.</summary>
    [JsonPropertyName("textCharacters")]
    public GuardrailTextCharactersCoverage? TextCharacters { get; set; }

    /// <summary>The guardrail coverage for images (the number of images that guardrails guarded).</summary>
    [JsonPropertyName("images")]
    public GuardrailImageCoverage? Images { get; set; }
}
