using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a column with a cell to return in retrieval.
/// </summary>
/// <remarks>Shape <c>RetrievalResultContentColumn</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultContentColumn
{
    /// <summary>The name of the column.</summary>
    [JsonPropertyName("columnName")]
    public string? ColumnName { get; set; }

    /// <summary>The value in the column.</summary>
    [JsonPropertyName("columnValue")]
    public string? ColumnValue { get; set; }

    /// <summary>The data type of the value. Known values: <c>BLOB</c>, <c>BOOLEAN</c>, <c>DOUBLE</c>, <c>NULL</c>, <c>LONG</c>, <c>STRING</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
