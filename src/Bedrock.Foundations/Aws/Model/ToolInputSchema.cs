using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The schema for the tool. The top level schema type must be object.
/// </summary>
/// <remarks>Shape <c>ToolInputSchema</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class ToolInputSchema
{
    /// <summary>The JSON schema for the tool.</summary>
    [JsonPropertyName("json")]
    public JsonElement? Json { get; set; }
}
