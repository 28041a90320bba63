using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The Microsoft OneDrive location of a retrieval result.
/// </summary>
/// <remarks>Shape <c>RetrievalResultOneDriveLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultOneDriveLocation
{
    /// <summary>The OneDrive URL for the data source location.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
