using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Determines which tools the model should request in a call to Converse or ConverseStream.
/// </summary>
/// <remarks>Shape <c>ToolChoice</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class ToolChoice
{
    /// <summary>(Default). The Model automatically decides if a tool should be called or whether to generate text instead.</summary>
    [JsonPropertyName("auto")]
    public AutoToolChoice? Auto { get; set; }

    /// <summary>The model must request at least one tool (no text is generated).</summary>
    [JsonPropertyName("any")]
    public AnyToolChoice? Any { get; set; }

    /// <summary>The Model must request the specified tool.</summary>
    [JsonPropertyName("tool")]
    public SpecificToolChoice? Tool { get; set; }
}
