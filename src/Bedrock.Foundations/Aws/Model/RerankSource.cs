using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a source for reranking.
/// </summary>
/// <remarks>Shape <c>RerankSource</c> of the bedrock-agent-runtime service model. Required members: <c>inlineDocumentSource</c>, <c>type</c>.</remarks>
public sealed class RerankSource
{
    /// <summary>Contains an inline definition of a source for reranking. Required.</summary>
    [JsonPropertyName("inlineDocumentSource")]
    public RerankDocument? InlineDocumentSource { get; set; }

    /// <summary>The type of the source. Required. Known values: <c>INLINE</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
