using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Details about a result from querying the knowledge base.
/// </summary>
/// <remarks>Shape <c>KnowledgeBaseRetrievalResult</c> of the bedrock-agent-runtime service model. Required members: <c>content</c>.</remarks>
public sealed class KnowledgeBaseRetrievalResult
{
    /// <summary>Contains information about the content of the chunk. Required.</summary>
    [JsonPropertyName("content")]
    public RetrievalResultContent? Content { get; set; }

    /// <summary>The unique identifier of the document. Length 1 to 1825 characters.</summary>
    [JsonPropertyName("documentId")]
    public string? DocumentId { get; set; }

    /// <summary>Contains information about the location of the data source.</summary>
    [JsonPropertyName("location")]
    public RetrievalResultLocation? Location { get; set; }

    /// <summary>Contains metadata attributes and their values for the file in the data source. At least 1 entry.</summary>
    [JsonPropertyName("metadata")]
    public IDictionary<string, JsonElement>? Metadata { get; set; }

    /// <summary>The level of relevance of the result to the query.</summary>
    [JsonPropertyName("score")]
    public double? Score { get; set; }
}
