using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Output configuration for a model response in a call to Converse or ConverseStream.
/// </summary>
/// <remarks>Shape <c>OutputConfig</c> of the bedrock-runtime service model.</remarks>
public sealed class OutputConfig
{
    /// <summary>Structured output parameters to control the model's text response.</summary>
    [JsonPropertyName("textFormat")]
    public OutputFormat? TextFormat { get; set; }

    /// <summary>The effort level for the model to use when generating a response. Length 0 to 16 characters.</summary>
    [JsonPropertyName("effort")]
    public string? Effort { get; set; }
}
