using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for instructions to provide the model for how to handle input.
/// </summary>
/// <remarks>Shape <c>SystemContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class SystemContentBlock
{
    /// <summary>A system prompt for the model. Length at least 1 character.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>A content block to assess with the guardrail.</summary>
    [JsonPropertyName("guardContent")]
    public GuardrailConverseContentBlock? GuardContent { get; set; }

    /// <summary>CachePoint to include in the system prompt.</summary>
    [JsonPropertyName("cachePoint")]
    public CachePointBlock? CachePoint { get; set; }
}
