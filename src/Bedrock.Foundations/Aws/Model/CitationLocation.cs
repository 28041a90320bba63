using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies the precise location within a source document where cited content can be found.
/// </summary>
/// <remarks>Shape <c>CitationLocation</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class CitationLocation
{
    /// <summary>The web URL that was cited for this reference.</summary>
    [JsonPropertyName("web")]
    public WebLocation? Web { get; set; }

    /// <summary>The character-level location within the document where the cited content is found.</summary>
    [JsonPropertyName("documentChar")]
    public DocumentCharLocation? DocumentChar { get; set; }

    /// <summary>The page-level location within the document where the cited content is found.</summary>
    [JsonPropertyName("documentPage")]
    public DocumentPageLocation? DocumentPage { get; set; }

    /// <summary>The chunk-level location within the document where the cited content is found, typically used for documents that have been segmented into logical chunks.</summary>
    [JsonPropertyName("documentChunk")]
    public DocumentChunkLocation? DocumentChunk { get; set; }

    /// <summary>The search result location where the cited content is found, including the search result index and block positions within the content array.</summary>
    [JsonPropertyName("searchResultLocation")]
    public SearchResultLocation? SearchResultLocation { get; set; }
}
