using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A conversation stream metadata event.
/// </summary>
/// <remarks>Shape <c>ConverseStreamMetadataEvent</c> of the bedrock-runtime service model. Required members: <c>usage</c>, <c>metrics</c>.</remarks>
public sealed class ConverseStreamMetadataEvent
{
    /// <summary>Usage information for the conversation stream event. Required.</summary>
    [JsonPropertyName("usage")]
    public TokenUsage? Usage { get; set; }

    /// <summary>The metrics for the conversation stream metadata event. Required.</summary>
    [JsonPropertyName("metrics")]
    public ConverseStreamMetrics? Metrics { get; set; }

    /// <summary>The trace object in the response from ConverseStream that contains information about the guardrail behavior.</summary>
    [JsonPropertyName("trace")]
    public ConverseStreamTrace? Trace { get; set; }

    /// <summary>Model performance configuration metadata for the conversation stream event.</summary>
    [JsonPropertyName("performanceConfig")]
    public PerformanceConfiguration? PerformanceConfig { get; set; }

    /// <summary>Specifies the processing tier configuration used for serving the request.</summary>
    [JsonPropertyName("serviceTier")]
    public ServiceTier? ServiceTier { get; set; }
}
