using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about an audio segment retrieved from a knowledge base, including its location and transcription.
/// </summary>
/// <remarks>Shape <c>AudioSegment</c> of the bedrock-agent-runtime service model. Required members: <c>s3Uri</c>.</remarks>
public sealed class AudioSegment
{
    /// <summary>The S3 URI where this specific audio segment is stored in the multimodal storage destination. Required. Length at least 1 character.</summary>
    [JsonPropertyName("s3Uri")]
    public string? S3Uri { get; set; }

    /// <summary>The text transcription of the audio segment content.</summary>
    [JsonPropertyName("transcription")]
    public string? Transcription { get; set; }
}
