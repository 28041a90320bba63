using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a citation that references a specific source document.
/// </summary>
/// <remarks>Shape <c>Citation</c> of the bedrock-runtime service model.</remarks>
public sealed class Citation
{
    /// <summary>The title or identifier of the source document being cited.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>The source from the original search result that provided the cited content.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>The specific content from the source document that was referenced or cited in the generated response.</summary>
    [JsonPropertyName("sourceContent")]
    public IList<CitationSourceContent>? SourceContent { get; set; }

    /// <summary>The precise location within the source document where the cited content can be found, including character positions, page numbers, or chunk identifiers.</summary>
    [JsonPropertyName("location")]
    public CitationLocation? Location { get; set; }
}
