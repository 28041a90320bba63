using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Your request was denied due to exceeding the account quotas for Amazon Bedrock.
/// </summary>
/// <remarks>Shape <c>ThrottlingException</c> of the bedrock-runtime service model.</remarks>
public sealed class ThrottlingException
{
    /// <summary>The &lt;c&gt;message&lt;/c&gt; member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
