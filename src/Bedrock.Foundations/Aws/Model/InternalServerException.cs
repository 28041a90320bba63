using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// An internal server error occurred.
/// </summary>
/// <remarks>Shape <c>InternalServerException</c> of the bedrock-runtime service model.</remarks>
public sealed class InternalServerException
{
    /// <summary>The &lt;c&gt;message&lt;/c&gt; member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
