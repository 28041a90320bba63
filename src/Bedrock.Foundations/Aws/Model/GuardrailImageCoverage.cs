using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The details of the guardrail image coverage.
/// </summary>
/// <remarks>Shape <c>GuardrailImageCoverage</c> of the bedrock-runtime service model.</remarks>
public sealed class GuardrailImageCoverage
{
    /// <summary>The count (integer) of images guardrails guarded.</summary>
    [JsonPropertyName("guarded")]
    public int? Guarded { get; set; }

    /// <summary>Represents the total number of images (integer) that were in the request (guarded and unguarded).</summary>
    [JsonPropertyName("total")]
    public int? Total { get; set; }
}
