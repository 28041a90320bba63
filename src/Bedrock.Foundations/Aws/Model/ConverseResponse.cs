using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output of the <c>Converse</c> operation.
/// </summary>
/// <remarks>Shape <c>ConverseResponse</c> of the bedrock-runtime service model. Required members: <c>output</c>, <c>stopReason</c>, <c>usage</c>, <c>metrics</c>.</remarks>
public sealed class ConverseResponse
{
    /// <summary>The result from the call to Converse. Required.</summary>
    [JsonPropertyName("output")]
    public ConverseOutput? Output { get; set; }

    /// <summary>The reason why the model stopped generating output. Required. Known values: <c>end_turn</c>, <c>tool_use</c>, <c>max_tokens</c>, <c>stop_sequence</c>, <c>guardrail_intervened</c>, <c>content_filtered</c>, <c>malformed_model_output</c>, <c>malformed_tool_use</c>, <c>model_context_window_exceeded</c> (others pass through).</summary>
    [JsonPropertyName("stopReason")]
    public string? StopReason { get; set; }

    /// <summary>The total number of tokens used in the call to Converse. Required.</summary>
    [JsonPropertyName("usage")]
    public TokenUsage? Usage { get; set; }

    /// <summary>Metrics for the call to Converse. Required.</summary>
    [JsonPropertyName("metrics")]
    public ConverseMetrics? Metrics { get; set; }

    /// <summary>Additional fields in the response that are unique to the model.</summary>
    [JsonPropertyName("additionalModelResponseFields")]
    public JsonElement? AdditionalModelResponseFields { get; set; }

    /// <summary>A trace object that contains information about the Guardrail behavior.</summary>
    [JsonPropertyName("trace")]
    public ConverseTrace? Trace { get; set; }

    /// <summary>Model performance settings for the request.</summary>
    [JsonPropertyName("performanceConfig")]
    public PerformanceConfiguration? PerformanceConfig { get; set; }

    /// <summary>Specifies the processing tier configuration used for serving the request.</summary>
    [JsonPropertyName("serviceTier")]
    public ServiceTier? ServiceTier { get; set; }
}
