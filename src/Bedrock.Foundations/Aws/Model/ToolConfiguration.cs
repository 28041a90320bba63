using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration information for the tools that you pass to a model.
/// </summary>
/// <remarks>Shape <c>ToolConfiguration</c> of the bedrock-runtime service model. Required members: <c>tools</c>.</remarks>
public sealed class ToolConfiguration
{
    /// <summary>An array of tools that you want to pass to a model. Required. At least 1 entry.</summary>
    [JsonPropertyName("tools")]
    public IList<Tool>? Tools { get; set; }

    /// <summary>If supported by model, forces the model to request a tool.</summary>
    [JsonPropertyName("toolChoice")]
    public ToolChoice? ToolChoice { get; set; }
}
