using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Content block start information.
/// </summary>
/// <remarks>Shape <c>ContentBlockStart</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
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
}
