using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The location of a result in Amazon Kendra.
/// </summary>
/// <remarks>Shape <c>RetrievalResultKendraDocumentLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultKendraDocumentLocation
{
    /// <summary>The document's uri.</summary>
    [JsonPropertyName("uri")]
    public string? Uri { get; set; }
}
