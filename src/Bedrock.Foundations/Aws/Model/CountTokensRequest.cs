using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input of the <c>CountTokens</c> operation.
/// </summary>
/// <remarks>Shape <c>CountTokensRequest</c> of the bedrock-runtime service model. Required members: <c>modelId</c>, <c>input</c>.</remarks>
public sealed class CountTokensRequest
{
    /// <summary>The unique identifier or ARN of the foundation model to use for token counting. Required. Length 1 to 256 characters. Bound to the request URI path (<c>{modelId}</c>), not to the JSON body.</summary>
    [JsonIgnore]
    public string? ModelId { get; set; }

    /// <summary>The input for which to count tokens. Required.</summary>
    [JsonPropertyName("input")]
    public CountTokensInput? Input { get; set; }
}
