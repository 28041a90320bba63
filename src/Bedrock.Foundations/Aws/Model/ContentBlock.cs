using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A block of content for a message that you pass to, or receive from, a model with the Converse or ConverseStream API operations.
/// </summary>
/// <remarks>Shape <c>ContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set. Members not modelled here, kept in <see cref="AdditionalMembers"/>: <c>video</c>, <c>audio</c>, <c>toolAddition</c>, <c>toolRemoval</c>.</remarks>
public sealed class ContentBlock
{
    /// <summary>Text to include in the message.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>Image to include in the message.</summary>
    [JsonPropertyName("image")]
    public ImageBlock? Image { get; set; }

    /// <summary>A document to include in the message.</summary>
    [JsonPropertyName("document")]
    public DocumentBlock? Document { get; set; }

    /// <summary>Information about a tool use request from a model.</summary>
    [JsonPropertyName("toolUse")]
    public ToolUseBlock? ToolUse { get; set; }

    /// <summary>The result for a tool request that a model makes.</summary>
    [JsonPropertyName("toolResult")]
    public ToolResultBlock? ToolResult { get; set; }

    /// <summary>Contains the content to assess with the guardrail.</summary>
    [JsonPropertyName("guardContent")]
    public GuardrailConverseContentBlock? GuardContent { get; set; }

    /// <summary>CachePoint to include in the message.</summary>
    [JsonPropertyName("cachePoint")]
    public CachePointBlock? CachePoint { get; set; }

    /// <summary>Contains content regarding the reasoning that is carried out by the model.</summary>
    [JsonPropertyName("reasoningContent")]
    public ReasoningContentBlock? ReasoningContent { get; set; }

    /// <summary>A content block that contains both generated text and associated citation information, providing traceability between the response and source documents.</summary>
    [JsonPropertyName("citationsContent")]
    public CitationsContentBlock? CitationsContent { get; set; }

    /// <summary>Search result to include in the message.</summary>
    [JsonPropertyName("searchResult")]
    public SearchResultBlock? SearchResult { get; set; }

    /// <summary>Members this version does not model (such as a newer union member), kept so a round trip does not lose
    /// them: a block received from the service and sent back in the conversation history keeps them.</summary>
    /// <value>Default null; set only when such members were received.</value>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
