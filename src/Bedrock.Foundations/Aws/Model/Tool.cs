using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Information about a tool that you can use with the Converse API.
/// </summary>
/// <remarks>Shape <c>Tool</c> of the bedrock-runtime service model. A union: exactly one member is set. Members this version does not model are kept in <see cref="AdditionalMembers"/>.</remarks>
public sealed class Tool
{
    /// <summary>The specfication for the tool.</summary>
    [JsonPropertyName("toolSpec")]
    public ToolSpecification? ToolSpec { get; set; }

    /// <summary>Specifies the system-defined tool that you want use.</summary>
    [JsonPropertyName("systemTool")]
    public SystemTool? SystemTool { get; set; }

    /// <summary>CachePoint to include in the tool configuration.</summary>
    [JsonPropertyName("cachePoint")]
    public CachePointBlock? CachePoint { get; set; }

    /// <summary>Members this version does not model (such as a newer union member), kept so a round trip does not lose
    /// them: a block received from the service and sent back in the conversation history keeps them.</summary>
    /// <value>Default null; set only when such members were received.</value>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
