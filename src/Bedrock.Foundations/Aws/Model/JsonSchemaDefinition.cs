using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// JSON schema structured output format options.
/// </summary>
/// <remarks>Shape <c>JsonSchemaDefinition</c> of the bedrock-runtime service model. Required members: <c>schema</c>.</remarks>
public sealed class JsonSchemaDefinition
{
    /// <summary>The JSON schema to constrain the model's output. Required.</summary>
    [JsonPropertyName("schema")]
    public string? Schema { get; set; }

    /// <summary>The name of the JSON schema.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>A description of the JSON schema.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }
}
