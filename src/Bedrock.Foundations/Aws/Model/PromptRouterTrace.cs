using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A prompt router trace.
/// </summary>
/// <remarks>Shape <c>PromptRouterTrace</c> of the bedrock-runtime service model.</remarks>
public sealed class PromptRouterTrace
{
    /// <summary>The ID of the invoked model.</summary>
    [JsonPropertyName("invokedModelId")]
    public string? InvokedModelId { get; set; }
}
