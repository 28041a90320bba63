using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains the query made to the knowledge base.
/// </summary>
/// <remarks>Shape <c>KnowledgeBaseQuery</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class KnowledgeBaseQuery
{
    /// <summary>An image to include in the knowledge base query for multimodal retrieval.</summary>
    [JsonPropertyName("image")]
    public InputImage? Image { get; set; }

    /// <summary>The text of the query made to the knowledge base. Length 0 to 20000 characters.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The type of query being performed. Known values: <c>TEXT</c>, <c>IMAGE</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
