using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Model configuration for a Bedrock reranking model used in managed search.
/// </summary>
/// <remarks>Shape <c>ManagedSearchBedrockRerankingModelConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>modelArn</c>.</remarks>
public sealed class ManagedSearchBedrockRerankingModelConfiguration
{
    /// <summary>Additional request fields to pass to the reranking model.</summary>
    [JsonPropertyName("additionalModelRequestFields")]
    public IDictionary<string, JsonElement>? AdditionalModelRequestFields { get; set; }

    /// <summary>The ARN of the Bedrock reranking model. Required. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("modelArn")]
    public string? ModelArn { get; set; }
}
