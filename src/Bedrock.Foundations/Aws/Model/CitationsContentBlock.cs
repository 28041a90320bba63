using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A content block that contains both generated text and associated citation information.
/// </summary>
/// <remarks>Shape <c>CitationsContentBlock</c> of the bedrock-runtime service model.</remarks>
public sealed class CitationsContentBlock
{
    /// <summary>The generated content that is supported by the associated citations.</summary>
    [JsonPropertyName("content")]
    public IList<CitationGeneratedContent>? Content { get; set; }

    /// <summary>An array of citations that reference the source documents used to generate the associated content.</summary>
    [JsonPropertyName("citations")]
    public IList<Citation>? Citations { get; set; }
}
