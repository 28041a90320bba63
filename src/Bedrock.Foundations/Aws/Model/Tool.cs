using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Information about a tool that you can use with the Converse API.
/// </summary>
/// <remarks>Shape <c>Tool</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
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
}
