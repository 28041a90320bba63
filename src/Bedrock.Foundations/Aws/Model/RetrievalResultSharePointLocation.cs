using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The SharePoint data source location.
/// </summary>
/// <remarks>Shape <c>RetrievalResultSharePointLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultSharePointLocation
{
    /// <summary>The SharePoint site URL for the data source location.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
