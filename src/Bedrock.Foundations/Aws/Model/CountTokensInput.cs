using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input value for token counting.
/// </summary>
/// <remarks>Shape <c>CountTokensInput</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class CountTokensInput
{
    /// <summary>An InvokeModel request for which to count tokens.</summary>
    [JsonPropertyName("invokeModel")]
    public InvokeModelTokensRequest? InvokeModel { get; set; }

    /// <summary>A Converse request for which to count tokens.</summary>
    [JsonPropertyName("converse")]
    public ConverseTokensRequest? Converse { get; set; }
}
