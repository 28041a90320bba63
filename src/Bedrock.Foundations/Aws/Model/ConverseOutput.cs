using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The output from a call to Converse.
/// </summary>
/// <remarks>Shape <c>ConverseOutput</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class ConverseOutput
{
    /// <summary>The message that the model generates.</summary>
    [JsonPropertyName("message")]
    public Message? Message { get; set; }
}
