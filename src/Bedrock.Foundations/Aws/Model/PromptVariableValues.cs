using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains a map of variables in a prompt from Prompt management to an object containing the values to fill in for them when running model invocation.
/// </summary>
/// <remarks>Shape <c>PromptVariableValues</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class PromptVariableValues
{
    /// <summary>The text value that the variable maps to.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
