using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a query to submit to the reranker model.
/// </summary>
/// <remarks>Shape <c>RerankQuery</c> of the bedrock-agent-runtime service model. Required members: <c>textQuery</c>, <c>type</c>.</remarks>
public sealed class RerankQuery
{
    /// <summary>Contains information about a text query. Required.</summary>
    [JsonPropertyName("textQuery")]
    public RerankTextDocument? TextQuery { get; set; }

    /// <summary>The type of the query. Required. Known values: <c>TEXT</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
