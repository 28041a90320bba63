using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The service isn't currently available.
/// </summary>
/// <remarks>Shape <c>ServiceUnavailableException</c> of the bedrock-runtime service model.</remarks>
public sealed class ServiceUnavailableException
{
    /// <summary>The &lt;c&gt;message&lt;/c&gt; member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
