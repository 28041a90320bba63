using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Content block start information.
/// </summary>
/// <remarks>Shape <c>ContentBlockStart</c> of the bedrock-runtime service model. A union: exactly one member is set. Members this version does not model are kept in <see cref="AdditionalMembers"/>.</remarks>
public sealed class ContentBlockStart
{
    /// <summary>Information about a tool that the model is requesting to use.</summary>
    [JsonPropertyName("toolUse")]
    public ToolUseBlockStart? ToolUse { get; set; }

    /// <summary>The start of a tool result block.</summary>
    [JsonPropertyName("toolResult")]
    public ToolResultBlockStart? ToolResult { get; set; }

    /// <summary>The initial event indicating the start of a streaming image block.</summary>
    [JsonPropertyName("image")]
    public ImageBlockStart? Image { get; set; }

    /// <summary>Members this version does not model (such as a newer union member), kept so a round trip does not lose
    /// them: a block received from the service and sent back in the conversation history keeps them.</summary>
    /// <value>Default null; set only when such members were received.</value>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
