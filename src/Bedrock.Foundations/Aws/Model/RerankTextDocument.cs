using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a text document to rerank.
/// </summary>
/// <remarks>Shape <c>RerankTextDocument</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RerankTextDocument
{
    /// <summary>The text of the document. Length 1 to 32000 characters.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
