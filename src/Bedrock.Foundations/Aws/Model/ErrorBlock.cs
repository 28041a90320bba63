using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A block containing error information when content processing fails.
/// </summary>
/// <remarks>Shape <c>ErrorBlock</c> of the bedrock-runtime service model.</remarks>
public sealed class ErrorBlock
{
    /// <summary>A human-readable error message describing what went wrong during content processing.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
