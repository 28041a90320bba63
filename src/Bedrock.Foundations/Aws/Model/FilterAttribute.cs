using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies the name that the metadata attribute must match and the value to which to compare the value of the metadata attribute.
/// </summary>
/// <remarks>Shape <c>FilterAttribute</c> of the bedrock-agent-runtime service model. Required members: <c>key</c>, <c>value</c>.</remarks>
public sealed class FilterAttribute
{
    /// <summary>The name that the metadata attribute must match. Required. Length 1 to 100 characters.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    /// <summary>The value to which to compare the value of the metadata attribute. Required.</summary>
    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }
}
