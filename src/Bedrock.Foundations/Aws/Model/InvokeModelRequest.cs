using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input of the <c>InvokeModel</c> operation.
/// </summary>
/// <remarks>Shape <c>InvokeModelRequest</c> of the bedrock-runtime service model. Required members: <c>modelId</c>.</remarks>
public sealed class InvokeModelRequest
{
    /// <summary>The prompt and inference parameters in the format specified in the contentType in the header. Size 0 to 25000000 bytes. The raw HTTP body, not JSON-serialized.</summary>
    [JsonIgnore]
    public byte[]? Body { get; set; }

    /// <summary>The MIME type of the input data in the request. Bound to the <c>Content-Type</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? ContentType { get; set; }

    /// <summary>The desired MIME type of the inference body in the response. Bound to the <c>Accept</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? Accept { get; set; }

    /// <summary>The unique identifier of the model to invoke to run inference. Required. Length 1 to 2048 characters. Bound to the request URI path (<c>{modelId}</c>), not to the JSON body.</summary>
    [JsonIgnore]
    public string? ModelId { get; set; }

    /// <summary>Specifies whether to enable or disable the Bedrock trace. Known values: <c>ENABLED</c>, <c>DISABLED</c>, <c>ENABLED_FULL</c> (others pass through). Bound to the <c>X-Amzn-Bedrock-Trace</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? Trace { get; set; }

    /// <summary>The unique identifier of the guardrail that you want to use. Length 0 to 2048 characters. Bound to the <c>X-Amzn-Bedrock-GuardrailIdentifier</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? GuardrailIdentifier { get; set; }

    /// <summary>The version number for the guardrail. Bound to the <c>X-Amzn-Bedrock-GuardrailVersion</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? GuardrailVersion { get; set; }

    /// <summary>Model performance settings for the request. Known values: <c>standard</c>, <c>optimized</c> (others pass through). Bound to the <c>X-Amzn-Bedrock-PerformanceConfig-Latency</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? PerformanceConfigLatency { get; set; }

    /// <summary>Specifies the processing tier type used for serving the request. Known values: <c>priority</c>, <c>default</c>, <c>flex</c>, <c>reserved</c> (others pass through). Bound to the <c>X-Amzn-Bedrock-Service-Tier</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? ServiceTier { get; set; }

    /// <summary>Key-value pairs that you can use to filter invocation logs. Length 0 to 8500 characters. Bound to the <c>X-Amzn-Bedrock-Request-Metadata</c> HTTP header, not to the JSON body.</summary>
    [JsonIgnore]
    public string? RequestMetadata { get; set; }
}
