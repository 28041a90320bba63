using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output of the <c>Retrieve</c> operation.
/// </summary>
/// <remarks>Shape <c>RetrieveResponse</c> of the bedrock-agent-runtime service model. Required members: <c>retrievalResults</c>.</remarks>
public sealed class RetrieveResponse
{
    /// <summary>Specifies if there is a guardrail intervention in the response. Known values: <c>INTERVENED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("guardrailAction")]
    public string? GuardrailAction { get; set; }

    /// <summary>If there are more results than can fit in the response, the response returns a nextToken. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; set; }

    /// <summary>A list of results from querying the knowledge base. Required.</summary>
    [JsonPropertyName("retrievalResults")]
    public IList<KnowledgeBaseRetrievalResult>? RetrievalResults { get; set; }
}
