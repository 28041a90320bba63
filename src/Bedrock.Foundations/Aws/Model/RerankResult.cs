using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a document that was reranked.
/// </summary>
/// <remarks>Shape <c>RerankResult</c> of the bedrock-agent-runtime service model. Required members: <c>index</c>, <c>relevanceScore</c>.</remarks>
public sealed class RerankResult
{
    /// <summary>Contains information about the document.</summary>
    [JsonPropertyName("document")]
    public RerankDocument? Document { get; set; }

    /// <summary>The original index of the document from the input sources array. Required. Range 0 to 1000.</summary>
    [JsonPropertyName("index")]
    public int? Index { get; set; }

    /// <summary>The relevance score of the document. Required.</summary>
    [JsonPropertyName("relevanceScore")]
    public float? RelevanceScore { get; set; }
}
