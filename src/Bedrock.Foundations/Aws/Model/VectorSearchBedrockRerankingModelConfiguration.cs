using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains configurations for an Amazon Bedrock reranker model.
/// </summary>
/// <remarks>Shape <c>VectorSearchBedrockRerankingModelConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>modelArn</c>.</remarks>
public sealed class VectorSearchBedrockRerankingModelConfiguration
{
    /// <summary>A JSON object whose keys are request fields for the model and whose values are values for those fields.</summary>
    [JsonPropertyName("additionalModelRequestFields")]
    public IDictionary<string, JsonElement>? AdditionalModelRequestFields { get; set; }

    /// <summary>The ARN of the reranker model to use. Required. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("modelArn")]
    public string? ModelArn { get; set; }
}
