using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for knowledge base query.
/// </summary>
/// <remarks>Shape <c>KnowledgeBaseRetrievalConfiguration</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class KnowledgeBaseRetrievalConfiguration
{
    /// <summary>Contains configurations for managed search.</summary>
    [JsonPropertyName("managedSearchConfiguration")]
    public ManagedSearchConfiguration? ManagedSearchConfiguration { get; set; }

    /// <summary>Contains details about how the results from the vector search should be returned.</summary>
    [JsonPropertyName("vectorSearchConfiguration")]
    public KnowledgeBaseVectorSearchConfiguration? VectorSearchConfiguration { get; set; }
}
