using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies a page-level location within a document, providing positioning information for cited content using page numbers.
/// </summary>
/// <remarks>Shape <c>DocumentPageLocation</c> of the bedrock-runtime service model.</remarks>
public sealed class DocumentPageLocation
{
    /// <summary>The index of the document within the array of documents provided in the request. At least 0.</summary>
    [JsonPropertyName("documentIndex")]
    public int? DocumentIndex { get; set; }

    /// <summary>The starting page number of the cited content within the document. At least 0.</summary>
    [JsonPropertyName("start")]
    public int? Start { get; set; }

    /// <summary>The ending page number of the cited content within the document. At least 0.</summary>
    [JsonPropertyName("end")]
    public int? End { get; set; }
}
