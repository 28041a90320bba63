using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about a video segment retrieved from a knowledge base, including its location and summary.
/// </summary>
/// <remarks>Shape <c>VideoSegment</c> of the bedrock-agent-runtime service model. Required members: <c>s3Uri</c>.</remarks>
public sealed class VideoSegment
{
    /// <summary>The S3 URI where this specific video segment is stored in the multimodal storage destination. Required. Length at least 1 character.</summary>
    [JsonPropertyName("s3Uri")]
    public string? S3Uri { get; set; }

    /// <summary>A text summary describing the content of the video segment.</summary>
    [JsonPropertyName("summary")]
    public string? Summary { get; set; }
}
