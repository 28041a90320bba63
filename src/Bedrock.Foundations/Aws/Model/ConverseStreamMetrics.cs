using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Metrics for the stream.
/// </summary>
/// <remarks>Shape <c>ConverseStreamMetrics</c> of the bedrock-runtime service model. Required members: <c>latencyMs</c>.</remarks>
public sealed class ConverseStreamMetrics
{
    /// <summary>The latency for the streaming request, in milliseconds. Required.</summary>
    [JsonPropertyName("latencyMs")]
    public long? LatencyMs { get; set; }
}
