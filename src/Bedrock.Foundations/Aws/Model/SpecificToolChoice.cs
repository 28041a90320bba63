using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The model must request a specific tool.
/// </summary>
/// <remarks>Shape <c>SpecificToolChoice</c> of the bedrock-runtime service model. Required members: <c>name</c>.</remarks>
public sealed class SpecificToolChoice
{
    /// <summary>The name of the tool that the model must request. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
