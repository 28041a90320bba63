using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Information about a topic guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailTopic</c> of the bedrock-runtime service model. Required members: <c>name</c>, <c>type</c>, <c>action</c>.</remarks>
public sealed class GuardrailTopic
{
    /// <summary>The name for the guardrail. Required.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The type behavior that the guardrail should perform when the model detects the topic. Required. Known values: <c>DENY</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The action the guardrail should take when it intervenes on a topic. Required. Known values: <c>BLOCKED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Indicates whether topic content that breaches the guardrail configuration is detected.</summary>
    [JsonPropertyName("detected")]
    public bool? Detected { get; set; }
}
