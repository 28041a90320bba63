using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a document to rerank.
/// </summary>
/// <remarks>Shape <c>RerankDocument</c> of the bedrock-agent-runtime service model. Required members: <c>type</c>.</remarks>
public sealed class RerankDocument
{
    /// <summary>Contains a JSON document to rerank.</summary>
    [JsonPropertyName("jsonDocument")]
    public JsonElement? JsonDocument { get; set; }

    /// <summary>Contains information about a text document to rerank.</summary>
    [JsonPropertyName("textDocument")]
    public RerankTextDocument? TextDocument { get; set; }

    /// <summary>The type of document to rerank. Required. Known values: <c>TEXT</c>, <c>JSON</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
