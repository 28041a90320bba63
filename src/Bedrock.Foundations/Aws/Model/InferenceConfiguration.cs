using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Base inference parameters to pass to a model in a call to Converse or ConverseStream.
/// </summary>
/// <remarks>Shape <c>InferenceConfiguration</c> of the bedrock-runtime service model.</remarks>
public sealed class InferenceConfiguration
{
    /// <summary>The maximum number of tokens to allow in the generated response. At least 1.</summary>
    [JsonPropertyName("maxTokens")]
    public int? MaxTokens { get; set; }

    /// <summary>The likelihood of the model selecting higher-probability options while generating a response. Range 0 to 1.</summary>
    [JsonPropertyName("temperature")]
    public float? Temperature { get; set; }

    /// <summary>The percentage of most-likely candidates that the model considers for the next token. Range 0 to 1.</summary>
    [JsonPropertyName("topP")]
    public float? TopP { get; set; }

    /// <summary>A list of stop sequences. 0 to 2500 entries.</summary>
    [JsonPropertyName("stopSequences")]
    public IList<string>? StopSequences { get; set; }
}
