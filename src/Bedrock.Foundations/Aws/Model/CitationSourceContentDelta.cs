using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains incremental updates to the source content text during streaming responses, allowing clients to build up the cited content progressively.
/// </summary>
/// <remarks>Shape <c>CitationSourceContentDelta</c> of the bedrock-runtime service model.</remarks>
public sealed class CitationSourceContentDelta
{
    /// <summary>An incremental update to the text content from the source document that is being cited.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
