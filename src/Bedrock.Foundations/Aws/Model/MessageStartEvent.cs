using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The start of a message.
/// </summary>
/// <remarks>Shape <c>MessageStartEvent</c> of the bedrock-runtime service model. Required members: <c>role</c>.</remarks>
public sealed class MessageStartEvent
{
    /// <summary>The role for the message. Required. Known values: <c>user</c>, <c>assistant</c>, <c>system</c> (others pass through).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; set; }
}
