using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input of the <c>Rerank</c> operation.
/// </summary>
/// <remarks>Shape <c>RerankRequest</c> of the bedrock-agent-runtime service model. Required members: <c>queries</c>, <c>rerankingConfiguration</c>, <c>sources</c>.</remarks>
public sealed class RerankRequest
{
    /// <summary>If the total number of results was greater than could fit in a response, a token is returned in the nextToken field. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; set; }

    /// <summary>An array of objects, each of which contains information about a query to submit to the reranker model. Required. 1 to 1 entry.</summary>
    [JsonPropertyName("queries")]
    public IList<RerankQuery>? Queries { get; set; }

    /// <summary>Contains configurations for reranking. Required.</summary>
    [JsonPropertyName("rerankingConfiguration")]
    public RerankingConfiguration? RerankingConfiguration { get; set; }

    /// <summary>An array of objects, each of which contains information about the sources to rerank. Required. 1 to 1000 entries.</summary>
    [JsonPropertyName("sources")]
    public IList<RerankSource>? Sources { get; set; }
}
