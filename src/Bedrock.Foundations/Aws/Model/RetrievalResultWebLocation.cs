using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The web URL/URLs data source location.
/// </summary>
/// <remarks>Shape <c>RetrievalResultWebLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultWebLocation
{
    /// <summary>The web URL/URLs for the data source location.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
