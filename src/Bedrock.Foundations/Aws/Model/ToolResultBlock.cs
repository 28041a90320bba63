using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A tool result block that contains the results for a tool request that the model previously made.
/// </summary>
/// <remarks>Shape <c>ToolResultBlock</c> of the bedrock-runtime service model. Required members: <c>toolUseId</c>, <c>content</c>.</remarks>
public sealed class ToolResultBlock
{
    /// <summary>The ID of the tool request that this is the result for. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("toolUseId")]
    public string? ToolUseId { get; set; }

    /// <summary>The content for tool result content block. Required.</summary>
    [JsonPropertyName("content")]
    public IList<ToolResultContentBlock>? Content { get; set; }

    /// <summary>The status for the tool result content block. Known values: <c>success</c>, <c>error</c> (others pass through).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>The type for the tool result content block.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
