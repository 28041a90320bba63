using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains the content of a document.
/// </summary>
/// <remarks>Shape <c>DocumentSource</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class DocumentSource
{
    /// <summary>The raw bytes for the document. Size at least 1 byte. Base64 in JSON.</summary>
    [JsonPropertyName("bytes")]
    public byte[]? Bytes { get; set; }

    /// <summary>The location of a document object in an Amazon S3 bucket.</summary>
    [JsonPropertyName("s3Location")]
    public S3Location? S3Location { get; set; }

    /// <summary>The text content of the document source.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The structured content of the document source, which may include various content blocks such as text, images, or other document elements.</summary>
    [JsonPropertyName("content")]
    public IList<DocumentContentBlock>? Content { get; set; }
}
