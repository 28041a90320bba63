using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A search result block that enables natural citations with proper source attribution for retrieved content.
/// </summary>
/// <remarks>Shape <c>SearchResultBlock</c> of the bedrock-runtime service model. Required members: <c>source</c>, <c>title</c>, <c>content</c>.</remarks>
public sealed class SearchResultBlock
{
    /// <summary>The source URL or identifier for the content. Required.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>A descriptive title for the search result. Required.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>An array of search result content block. Required.</summary>
    [JsonPropertyName("content")]
    public IList<SearchResultContentBlock>? Content { get; set; }

    /// <summary>Configuration setting for citations.</summary>
    [JsonPropertyName("citations")]
    public CitationsConfig? Citations { get; set; }
}
