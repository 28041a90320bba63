using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input of the <c>Converse</c> operation.
/// </summary>
/// <remarks>Shape <c>ConverseRequest</c> of the bedrock-runtime service model. Required members: <c>modelId</c>.</remarks>
public sealed class ConverseRequest
{
    /// <summary>Specifies the model or throughput with which to run inference, or the prompt resource to use in inference. Required. Length 1 to 2048 characters. Bound to the request URI path (<c>{modelId}</c>), not to the JSON body.</summary>
    [JsonIgnore]
    public string? ModelId { get; set; }

    /// <summary>The messages that you want to send to the model.</summary>
    [JsonPropertyName("messages")]
    public IList<Message>? Messages { get; set; }

    /// <summary>A prompt that provides instructions or context to the model about the task it should perform, or the persona it should adopt during the conversation.</summary>
    [JsonPropertyName("system")]
    public IList<SystemContentBlock>? System { get; set; }

    /// <summary>Inference parameters to pass to the model.</summary>
    [JsonPropertyName("inferenceConfig")]
    public InferenceConfiguration? InferenceConfig { get; set; }

    /// <summary>Configuration information for the tools that the model can use when generating a response.</summary>
    [JsonPropertyName("toolConfig")]
    public ToolConfiguration? ToolConfig { get; set; }

    /// <summary>Configuration information for a guardrail that you want to use in the request.</summary>
    [JsonPropertyName("guardrailConfig")]
    public GuardrailConfiguration? GuardrailConfig { get; set; }

    /// <summary>Additional inference parameters that the model supports, beyond the base set of inference parameters that Converse and ConverseStream support in the inferenceConfig field.</summary>
    [JsonPropertyName("additionalModelRequestFields")]
    public JsonElement? AdditionalModelRequestFields { get; set; }

    /// <summary>Contains a map of variables in a prompt from Prompt management to objects containing the values to fill in for them when running model invocation.</summary>
    [JsonPropertyName("promptVariables")]
    public IDictionary<string, PromptVariableValues>? PromptVariables { get; set; }

    /// <summary>Additional model parameters field paths to return in the response. 0 to 10 entries.</summary>
    [JsonPropertyName("additionalModelResponseFieldPaths")]
    public IList<string>? AdditionalModelResponseFieldPaths { get; set; }

    /// <summary>Key-value pairs that you can use to filter invocation logs. 1 to 16 entries.</summary>
    [JsonPropertyName("requestMetadata")]
    public IDictionary<string, string>? RequestMetadata { get; set; }

    /// <summary>Model performance settings for the request.</summary>
    [JsonPropertyName("performanceConfig")]
    public PerformanceConfiguration? PerformanceConfig { get; set; }

    /// <summary>Specifies the processing tier configuration used for serving the request.</summary>
    [JsonPropertyName("serviceTier")]
    public ServiceTier? ServiceTier { get; set; }

    /// <summary>Output configuration for a model response.</summary>
    [JsonPropertyName("outputConfig")]
    public OutputConfig? OutputConfig { get; set; }
}
