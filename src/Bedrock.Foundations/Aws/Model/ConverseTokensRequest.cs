using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The inputs from a Converse API request for token counting.
/// </summary>
/// <remarks>Shape <c>ConverseTokensRequest</c> of the bedrock-runtime service model.</remarks>
public sealed class ConverseTokensRequest
{
    /// <summary>An array of messages to count tokens for.</summary>
    [JsonPropertyName("messages")]
    public IList<Message>? Messages { get; set; }

    /// <summary>The system content blocks to count tokens for.</summary>
    [JsonPropertyName("system")]
    public IList<SystemContentBlock>? System { get; set; }

    /// <summary>The toolConfig of Converse input request to count tokens for.</summary>
    [JsonPropertyName("toolConfig")]
    public ToolConfiguration? ToolConfig { get; set; }

    /// <summary>The additionalModelRequestFields of Converse input request to count tokens for.</summary>
    [JsonPropertyName("additionalModelRequestFields")]
    public JsonElement? AdditionalModelRequestFields { get; set; }
}
