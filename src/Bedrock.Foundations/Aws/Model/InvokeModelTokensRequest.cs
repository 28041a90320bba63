using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The body of an InvokeModel API request for token counting.
/// </summary>
/// <remarks>Shape <c>InvokeModelTokensRequest</c> of the bedrock-runtime service model. Required members: <c>body</c>.</remarks>
public sealed class InvokeModelTokensRequest
{
    /// <summary>The request body to count tokens for, formatted according to the model's expected input format. Required. Size 0 to 25000000 bytes. Base64 in JSON.</summary>
    [JsonPropertyName("body")]
    public byte[]? Body { get; set; }
}
