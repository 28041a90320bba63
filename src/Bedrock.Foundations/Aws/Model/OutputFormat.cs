using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Structured output parameters to control the model's response.
/// </summary>
/// <remarks>Shape <c>OutputFormat</c> of the bedrock-runtime service model. Required members: <c>type</c>, <c>structure</c>.</remarks>
public sealed class OutputFormat
{
    /// <summary>The type of structured output format. Required. Known values: <c>json_schema</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The structure that the model's output must adhere to. Required.</summary>
    [JsonPropertyName("structure")]
    public OutputFormatStructure? Structure { get; set; }
}
