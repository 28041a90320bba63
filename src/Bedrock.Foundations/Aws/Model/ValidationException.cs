using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The input fails to satisfy the constraints specified by Amazon Bedrock.
/// </summary>
/// <remarks>Shape <c>ValidationException</c> of the bedrock-runtime service model.</remarks>
public sealed class ValidationException
{
    /// <summary>The &lt;c&gt;message&lt;/c&gt; member.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
