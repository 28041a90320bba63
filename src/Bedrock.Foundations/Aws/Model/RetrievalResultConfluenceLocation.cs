using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The Confluence data source location.
/// </summary>
/// <remarks>Shape <c>RetrievalResultConfluenceLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultConfluenceLocation
{
    /// <summary>The Confluence host URL for the data source location.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
