using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The service isn't currently available.
/// </summary>
/// <remarks>Shape <c>ServiceUnavailableException</c> of the bedrock-runtime service model. Also the payload of the matching exception event of a response stream.</remarks>
public sealed class ServiceUnavailableException
{
    /// <summary>The <c>message</c> member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
