using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// An error occurred while streaming the response.
/// </summary>
/// <remarks>Shape <c>ModelStreamErrorException</c> of the bedrock-runtime service model.</remarks>
public sealed class ModelStreamErrorException
{
    /// <summary>The &lt;c&gt;message&lt;/c&gt; member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>The original status code. Value 100 to 599.</summary>
    [JsonPropertyName("originalStatusCode")]
    public int? OriginalStatusCode { get; set; }

    /// <summary>The original message.</summary>
    [JsonPropertyName("originalMessage")]
    public string? OriginalMessage { get; set; }
}
