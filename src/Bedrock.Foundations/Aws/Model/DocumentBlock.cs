using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A document to include in a message.
/// </summary>
/// <remarks>Shape <c>DocumentBlock</c> of the bedrock-runtime service model. Required members: <c>name</c>, <c>source</c>.</remarks>
public sealed class DocumentBlock
{
    /// <summary>The format of a document, or its extension. Known values: <c>pdf</c>, <c>csv</c>, <c>doc</c>, <c>docx</c>, <c>xls</c>, <c>xlsx</c>, <c>html</c>, <c>txt</c>, <c>md</c> (others pass through).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>A name for the document. The name can only contain the following characters: Alphanumeric characters Whitespace characters (no more than one in a row) Hyphens Parentheses Square brackets This field is vulnerable to prompt injections, because the model might inadvertently interpret it as instructions. Required. Length 1 to 200 characters.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Contains the content of the document. Required.</summary>
    [JsonPropertyName("source")]
    public DocumentSource? Source { get; set; }

    /// <summary>Contextual information about how the document should be processed or interpreted by the model when generating citations.</summary>
    [JsonPropertyName("context")]
    public string? Context { get; set; }

    /// <summary>Configuration settings that control how citations should be generated for this specific document.</summary>
    [JsonPropertyName("citations")]
    public CitationsConfig? Citations { get; set; }
}
