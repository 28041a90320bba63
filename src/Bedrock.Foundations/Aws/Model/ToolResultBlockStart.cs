using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The start of a tool result block.
/// </summary>
/// <remarks>Shape <c>ToolResultBlockStart</c> of the bedrock-runtime service model. Required members: <c>toolUseId</c>.</remarks>
public sealed class ToolResultBlockStart
{
    /// <summary>The ID of the tool that was used to generate this tool result block. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("toolUseId")]
    public string? ToolUseId { get; set; }

    /// <summary>The type for the tool that was used to generate this tool result block.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The status of the tool result block. Known values: <c>success</c>, <c>error</c> (others pass through).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }
}
