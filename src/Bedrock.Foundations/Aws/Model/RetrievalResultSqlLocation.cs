using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about the SQL query used to retrieve the result.
/// </summary>
/// <remarks>Shape <c>RetrievalResultSqlLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultSqlLocation
{
    /// <summary>The SQL query used to retrieve the result.</summary>
    [JsonPropertyName("query")]
    public string? Query { get; set; }
}
