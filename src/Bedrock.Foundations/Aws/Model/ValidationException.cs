using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input fails to satisfy the constraints specified by Amazon Bedrock.
/// </summary>
/// <remarks>Shape <c>ValidationException</c> of the bedrock-runtime service model. Also the payload of the matching exception event of a response stream.</remarks>
public sealed class ValidationException
{
    /// <summary>The <c>message</c> member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
