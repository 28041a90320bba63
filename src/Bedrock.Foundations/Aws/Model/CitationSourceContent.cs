using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains the actual text content from a source document that is being cited or referenced in the model's response.
/// </summary>
/// <remarks>Shape <c>CitationSourceContent</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class CitationSourceContent
{
    /// <summary>The text content from the source document that is being cited.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
