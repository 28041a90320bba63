using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input of the <c>Retrieve</c> operation.
/// </summary>
/// <remarks>Shape <c>RetrieveRequest</c> of the bedrock-agent-runtime service model. Required members: <c>knowledgeBaseId</c>, <c>retrievalQuery</c>.</remarks>
public sealed class RetrieveRequest
{
    /// <summary>The configuration details for the guardrail.</summary>
    [JsonPropertyName("guardrailConfiguration")]
    public AgentRuntimeGuardrailConfiguration? GuardrailConfiguration { get; set; }

    /// <summary>The unique identifier of the knowledge base to query. Required. Length 10 to 2048 characters. Bound to the request URI path (<c>{knowledgeBaseId}</c>), not to the JSON body.</summary>
    [JsonIgnore]
    public string? KnowledgeBaseId { get; set; }

    /// <summary>If there are more results than can fit in the response, the response returns a nextToken. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; set; }

    /// <summary>Contains configurations for the knowledge base query and retrieval process.</summary>
    [JsonPropertyName("retrievalConfiguration")]
    public KnowledgeBaseRetrievalConfiguration? RetrievalConfiguration { get; set; }

    /// <summary>Contains the query to send the knowledge base. Required.</summary>
    [JsonPropertyName("retrievalQuery")]
    public KnowledgeBaseQuery? RetrievalQuery { get; set; }

    /// <summary>Contains information about the user making the request.</summary>
    [JsonPropertyName("userContext")]
    public UserContext? UserContext { get; set; }
}
