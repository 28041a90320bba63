using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for instructions to provide the model for how to handle input.
/// </summary>
/// <remarks>Shape <c>SystemContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set. Members this version does not model are kept in <see cref="AdditionalMembers"/>.</remarks>
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

    /// <summary>Members this version does not model (such as a newer union member), kept so a round trip does not lose
    /// them: a block received from the service and sent back in the conversation history keeps them.</summary>
    /// <value>Default null; set only when such members were received.</value>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
