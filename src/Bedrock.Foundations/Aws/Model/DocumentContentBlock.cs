using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains the actual content of a document that can be processed by the model and potentially cited in the response.
/// </summary>
/// <remarks>Shape <c>DocumentContentBlock</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class DocumentContentBlock
{
    /// <summary>The text content of the document.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}
