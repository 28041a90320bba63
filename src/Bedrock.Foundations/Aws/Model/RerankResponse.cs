using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output of the <c>Rerank</c> operation.
/// </summary>
/// <remarks>Shape <c>RerankResponse</c> of the bedrock-agent-runtime service model. Required members: <c>results</c>.</remarks>
public sealed class RerankResponse
{
    /// <summary>If the total number of results is greater than can fit in the response, use this token in the nextToken field when making another request to return the next batch of results. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; set; }

    /// <summary>An array of objects, each of which contains information about the results of reranking. Required.</summary>
    [JsonPropertyName("results")]
    public IList<RerankResult>? Results { get; set; }
}
