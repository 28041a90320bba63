using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The tool result content block.
/// </summary>
/// <remarks>Shape <c>ToolResultContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set. Members not modelled here, kept in <see cref="AdditionalMembers"/>: <c>video</c>.</remarks>
public sealed class ToolResultContentBlock
{
    /// <summary>A tool result that is JSON format data.</summary>
    [JsonPropertyName("json")]
    public JsonElement? Json { get; set; }

    /// <summary>A tool result that is text.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>A tool result that is an image.</summary>
    [JsonPropertyName("image")]
    public ImageBlock? Image { get; set; }

    /// <summary>A tool result that is a document.</summary>
    [JsonPropertyName("document")]
    public DocumentBlock? Document { get; set; }

    /// <summary>A tool result that is a search result.</summary>
    [JsonPropertyName("searchResult")]
    public SearchResultBlock? SearchResult { get; set; }

    /// <summary>Members this version does not model (such as a newer union member), kept so a round trip does not lose
    /// them: a block received from the service and sent back in the conversation history keeps them.</summary>
    /// <value>Default null; set only when such members were received.</value>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
