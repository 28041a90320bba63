using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A block within a search result that contains the content.
/// </summary>
/// <remarks>Shape <c>SearchResultContentBlock</c> of the bedrock-runtime service model. Required members: <c>text</c>.</remarks>
public sealed class SearchResultContentBlock
{
    /// <summary>The actual text content. Required.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
