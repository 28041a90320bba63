using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Configuration settings for enabling and controlling document citations in Converse API responses.
/// </summary>
/// <remarks>Shape <c>CitationsConfig</c> of the bedrock-runtime service model. Required members: <c>enabled</c>.</remarks>
public sealed class CitationsConfig
{
    /// <summary>Specifies whether citations from the selected document should be used in the model's response. Required.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }
}
