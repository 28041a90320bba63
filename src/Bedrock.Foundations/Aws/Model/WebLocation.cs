using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Provides the URL and domain information for the website that was cited when performing a web search.
/// </summary>
/// <remarks>Shape <c>WebLocation</c> of the bedrock-runtime service model.</remarks>
public sealed class WebLocation
{
    /// <summary>The URL that was cited when performing a web search.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>The domain that was cited when performing a web search.</summary>
    [JsonPropertyName("domain")]
    public string? Domain { get; set; }
}
