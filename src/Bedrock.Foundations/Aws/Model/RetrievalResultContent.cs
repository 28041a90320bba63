using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a chunk of text from a data source in the knowledge base.
/// </summary>
/// <remarks>Shape <c>RetrievalResultContent</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultContent
{
    /// <summary>Audio segment information when the retrieval result contains audio content.</summary>
    [JsonPropertyName("audio")]
    public AudioSegment? Audio { get; set; }

    /// <summary>A data URI with base64-encoded content from the data source.</summary>
    [JsonPropertyName("byteContent")]
    public string? ByteContent { get; set; }

    /// <summary>Specifies information about the rows with the cells to return in retrieval.</summary>
    [JsonPropertyName("row")]
    public IList<RetrievalResultContentColumn>? Row { get; set; }

    /// <summary>The cited text from the data source.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The type of content in the retrieval result. Known values: <c>TEXT</c>, <c>IMAGE</c>, <c>ROW</c>, <c>AUDIO</c>, <c>VIDEO</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Video segment information when the retrieval result contains video content.</summary>
    [JsonPropertyName("video")]
    public VideoSegment? Video { get; set; }
}
