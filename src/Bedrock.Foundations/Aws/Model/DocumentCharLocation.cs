using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies a character-level location within a document, providing precise positioning information for cited content using start and end character indices.
/// </summary>
/// <remarks>Shape <c>DocumentCharLocation</c> of the bedrock-runtime service model.</remarks>
public sealed class DocumentCharLocation
{
    /// <summary>The index of the document within the array of documents provided in the request. At least 0.</summary>
    [JsonPropertyName("documentIndex")]
    public int? DocumentIndex { get; set; }

    /// <summary>The starting character position of the cited content within the document. At least 0.</summary>
    [JsonPropertyName("start")]
    public int? Start { get; set; }

    /// <summary>The ending character position of the cited content within the document. At least 0.</summary>
    [JsonPropertyName("end")]
    public int? End { get; set; }
}
