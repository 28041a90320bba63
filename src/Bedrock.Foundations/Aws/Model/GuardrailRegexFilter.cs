using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A Regex filter configured in a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailRegexFilter</c> of the bedrock-runtime service model. Required members: <c>action</c>.</remarks>
public sealed class GuardrailRegexFilter
{
    /// <summary>The regex filter name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The regesx filter match.</summary>
    [JsonPropertyName("match")]
    public string? Match { get; set; }

    /// <summary>The regex query.</summary>
    [JsonPropertyName("regex")]
    public string? Regex { get; set; }

    /// <summary>The region filter action. Required. Known values: <c>ANONYMIZED</c>, <c>BLOCKED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Indicates whether custom regex entities that breach the guardrail configuration are detected.</summary>
    [JsonPropertyName("detected")]
    public bool? Detected { get; set; }
}
