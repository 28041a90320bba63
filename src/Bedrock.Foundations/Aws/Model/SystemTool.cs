using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies a system-defined tool for the model to use.
/// </summary>
/// <remarks>Shape <c>SystemTool</c> of the bedrock-runtime service model. Required members: <c>name</c>.</remarks>
public sealed class SystemTool
{
    /// <summary>The name of the system-defined tool that you want to call. Required. Length 1 to 64 characters.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
