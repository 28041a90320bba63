using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains incremental updates to tool results information during streaming responses.
/// </summary>
/// <remarks>Shape <c>ToolResultBlockDelta</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class ToolResultBlockDelta
{
    /// <summary>The reasoning the model used to return the output.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The JSON schema for the tool result content block.</summary>
    [JsonPropertyName("json")]
    public JsonElement? Json { get; set; }
}
