using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output of the <c>InvokeModel</c> operation.
/// </summary>
/// <remarks>Shape <c>InvokeModelResponse</c> of the bedrock-runtime service model. Required members: <c>body</c>, <c>contentType</c>.</remarks>
public sealed class InvokeModelResponse
{
    /// <summary>Inference response from the model in the format specified in the contentType header. Required. Size 0 to 25000000 bytes. The raw HTTP body, not JSON-serialized.</summary>
    [JsonIgnore]
    public byte[]? Body { get; set; }

    /// <summary>The MIME type of the inference result. Required. Bound to the <c>Content-Type</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? ContentType { get; set; }

    /// <summary>Model performance settings for the request. Known values: <c>standard</c>, <c>optimized</c> (others pass through). Bound to the <c>X-Amzn-Bedrock-PerformanceConfig-Latency</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? PerformanceConfigLatency { get; set; }

    /// <summary>Specifies the processing tier type used for serving the request. Known values: <c>priority</c>, <c>default</c>, <c>flex</c>, <c>reserved</c> (others pass through). Bound to the <c>X-Amzn-Bedrock-Service-Tier</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? ServiceTier { get; set; }
}
