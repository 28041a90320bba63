using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The Google Drive location of a retrieval result.
/// </summary>
/// <remarks>Shape <c>RetrievalResultGoogleDriveLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultGoogleDriveLocation
{
    /// <summary>The Google Drive URL for the data source location.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
