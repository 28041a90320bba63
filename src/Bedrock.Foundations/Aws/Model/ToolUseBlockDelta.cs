using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The delta for a tool use block.
/// </summary>
/// <remarks>Shape <c>ToolUseBlockDelta</c> of the bedrock-runtime service model. Required members: <c>input</c>.</remarks>
public sealed class ToolUseBlockDelta
{
    /// <summary>The input for a requested tool. Required.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; set; }
}
