using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains content regarding the reasoning that is carried out by the model with respect to the content in the content block.
/// </summary>
/// <remarks>Shape <c>ReasoningContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class ReasoningContentBlock
{
    /// <summary>The reasoning that the model used to return the output.</summary>
    [JsonPropertyName("reasoningText")]
    public ReasoningTextBlock? ReasoningText { get; set; }

    /// <summary>The content in the reasoning that was encrypted by the model provider for safety reasons. Base64 in JSON.</summary>
    [JsonPropertyName("redactedContent")]
    public byte[]? RedactedContent { get; set; }
}
