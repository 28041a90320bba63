using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A tool use content block.
/// </summary>
/// <remarks>Shape <c>ToolUseBlock</c> of the bedrock-runtime service model. Required members: <c>toolUseId</c>, <c>name</c>, <c>input</c>.</remarks>
public sealed class ToolUseBlock
{
    /// <summary>The ID for the tool request. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("toolUseId")]
    public string? ToolUseId { get; set; }

    /// <summary>The name of the tool that the model wants to use. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The input to pass to the tool. Required.</summary>
    [JsonPropertyName("input")]
    public JsonElement? Input { get; set; }

    /// <summary>The type for the tool request. Known values: <c>server_tool_use</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
