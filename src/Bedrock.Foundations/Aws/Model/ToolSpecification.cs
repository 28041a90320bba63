using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The specification for the tool.
/// </summary>
/// <remarks>Shape <c>ToolSpecification</c> of the bedrock-runtime service model. Required members: <c>name</c>, <c>inputSchema</c>.</remarks>
public sealed class ToolSpecification
{
    /// <summary>The name for the tool. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The description for the tool. Length at least 1 character.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>The input schema for the tool in JSON format. Required.</summary>
    [JsonPropertyName("inputSchema")]
    public ToolInputSchema? InputSchema { get; set; }

    /// <summary>Flag to enable structured output enforcement on a tool usage response.</summary>
    [JsonPropertyName("strict")]
    public bool? Strict { get; set; }
}
