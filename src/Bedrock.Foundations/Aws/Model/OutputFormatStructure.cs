using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The structure that the model's output must adhere to.
/// </summary>
/// <remarks>Shape <c>OutputFormatStructure</c> of the bedrock-runtime service model. A union: exactly one member is set.</remarks>
public sealed class OutputFormatStructure
{
    /// <summary>A JSON schema structure that the model's output must adhere to.</summary>
    [JsonPropertyName("jsonSchema")]
    public JsonSchemaDefinition? JsonSchema { get; set; }
}
