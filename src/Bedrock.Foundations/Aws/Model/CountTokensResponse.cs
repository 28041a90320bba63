using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output of the <c>CountTokens</c> operation.
/// </summary>
/// <remarks>Shape <c>CountTokensResponse</c> of the bedrock-runtime service model. Required members: <c>inputTokens</c>.</remarks>
public sealed class CountTokensResponse
{
    /// <summary>The number of tokens in the provided input according to the specified model's tokenization rules. Required.</summary>
    [JsonPropertyName("inputTokens")]
    public int? InputTokens { get; set; }
}
