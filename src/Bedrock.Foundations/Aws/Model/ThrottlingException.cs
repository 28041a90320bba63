using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Your request was denied due to exceeding the account quotas for Amazon Bedrock.
/// </summary>
/// <remarks>Shape <c>ThrottlingException</c> of the bedrock-runtime service model. Also the payload of the matching exception event of a response stream.</remarks>
public sealed class ThrottlingException
{
    /// <summary>The <c>message</c> member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
