using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains incremental updates to citation information during streaming responses.
/// </summary>
/// <remarks>Shape <c>CitationsDelta</c> of the bedrock-runtime service model.</remarks>
public sealed class CitationsDelta
{
    /// <summary>The title or identifier of the source document being cited.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>The source from the original search result that provided the cited content.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>The specific content from the source document that was referenced or cited in the generated response.</summary>
    [JsonPropertyName("sourceContent")]
    public IList<CitationSourceContentDelta>? SourceContent { get; set; }

    /// <summary>Specifies the precise location within a source document where cited content can be found.</summary>
    [JsonPropertyName("location")]
    public CitationLocation? Location { get; set; }
}
