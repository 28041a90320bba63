using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A block of content in a streaming response.
/// </summary>
/// <remarks>Shape <c>ContentBlockDelta</c> of the bedrock-runtime service model. A union: exactly one member is set. Members this version does not model are kept in <see cref="AdditionalMembers"/>.</remarks>
public sealed class ContentBlockDelta
{
    /// <summary>The content text.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>Information about a tool that the model is requesting to use.</summary>
    [JsonPropertyName("toolUse")]
    public ToolUseBlockDelta? ToolUse { get; set; }

    /// <summary>An incremental update that contains the results from a tool call.</summary>
    [JsonPropertyName("toolResult")]
    public IList<ToolResultBlockDelta>? ToolResult { get; set; }

    /// <summary>Contains content regarding the reasoning that is carried out by the model.</summary>
    [JsonPropertyName("reasoningContent")]
    public ReasoningContentBlockDelta? ReasoningContent { get; set; }

    /// <summary>Incremental citation information that is streamed as part of the response generation process.</summary>
    [JsonPropertyName("citation")]
    public CitationsDelta? Citation { get; set; }

    /// <summary>A streaming delta event containing incremental image data.</summary>
    [JsonPropertyName("image")]
    public ImageBlockDelta? Image { get; set; }

    /// <summary>Members this version does not model (such as a newer union member), kept so a round trip does not lose
    /// them: a block received from the service and sent back in the conversation history keeps them.</summary>
    /// <value>Default null; set only when such members were received.</value>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
