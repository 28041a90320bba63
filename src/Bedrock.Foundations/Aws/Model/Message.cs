using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A message input, or returned from, a call to Converse or ConverseStream.
/// </summary>
/// <remarks>Shape <c>Message</c> of the bedrock-runtime service model. Required members: <c>role</c>, <c>content</c>.</remarks>
public sealed class Message
{
    /// <summary>The role that the message plays in the message. Required. Known values: <c>user</c>, <c>assistant</c>, <c>system</c> (others pass through).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    /// <summary>The message content. Note the following restrictions: You can include up to 20 images. Required.</summary>
    [JsonPropertyName("content")]
    public IList<ContentBlock>? Content { get; set; }
}
