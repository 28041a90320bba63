using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about the location of a document in a custom data source.
/// </summary>
/// <remarks>Shape <c>RetrievalResultCustomDocumentLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultCustomDocumentLocation
{
    /// <summary>The ID of the document.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }
}
