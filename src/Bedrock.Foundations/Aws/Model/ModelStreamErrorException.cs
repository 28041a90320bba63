using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// An error occurred while streaming the response.
/// </summary>
/// <remarks>Shape <c>ModelStreamErrorException</c> of the bedrock-runtime service model. Also the payload of the matching exception event of a response stream.</remarks>
public sealed class ModelStreamErrorException
{
    /// <summary>The <c>message</c> member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>The original status code. Range 100 to 599.</summary>
    [JsonPropertyName("originalStatusCode")]
    public int? OriginalStatusCode { get; set; }

    /// <summary>The original message.</summary>
    [JsonPropertyName("originalMessage")]
    public string? OriginalMessage { get; set; }
}
