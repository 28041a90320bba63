using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// An internal server error occurred.
/// </summary>
/// <remarks>Shape <c>InternalServerException</c> of the bedrock-runtime service model. Also the payload of the matching exception event of a response stream.</remarks>
public sealed class InternalServerException
{
    /// <summary>The <c>message</c> member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
