using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Metrics for a call to Converse.
/// </summary>
/// <remarks>Shape <c>ConverseMetrics</c> of the bedrock-runtime service model. Required members: <c>latencyMs</c>.</remarks>
public sealed class ConverseMetrics
{
    /// <summary>The latency of the call to Converse, in milliseconds. Required.</summary>
    [JsonPropertyName("latencyMs")]
    public long? LatencyMs { get; set; }
}
