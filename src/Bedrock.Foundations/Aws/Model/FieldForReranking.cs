using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information for a metadata field to include in or exclude from consideration when reranking.
/// </summary>
/// <remarks>Shape <c>FieldForReranking</c> of the bedrock-agent-runtime service model. Required members: <c>fieldName</c>.</remarks>
public sealed class FieldForReranking
{
    /// <summary>The name of a metadata field to include in or exclude from consideration when reranking. Required. Length 1 to 2000 characters.</summary>
    [JsonPropertyName("fieldName")]
    public string? FieldName { get; set; }
}
