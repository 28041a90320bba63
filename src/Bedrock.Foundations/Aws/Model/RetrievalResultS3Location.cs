using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The S3 data source location.
/// </summary>
/// <remarks>Shape <c>RetrievalResultS3Location</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultS3Location
{
    /// <summary>The S3 URI for the data source location.</summary>
    [JsonPropertyName("uri")]
    public string? Uri { get; set; }
}
