using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The stop event for a message.
/// </summary>
/// <remarks>Shape <c>MessageStopEvent</c> of the bedrock-runtime service model. Required members: <c>stopReason</c>.</remarks>
public sealed class MessageStopEvent
{
    /// <summary>The reason why the model stopped generating output. Required. Known values: <c>end_turn</c>, <c>tool_use</c>, <c>max_tokens</c>, <c>stop_sequence</c>, <c>guardrail_intervened</c>, <c>content_filtered</c>, <c>malformed_model_output</c>, <c>malformed_tool_use</c>, <c>model_context_window_exceeded</c> (others pass through).</summary>
    [JsonPropertyName("stopReason")]
    public string? StopReason { get; set; }

    /// <summary>The additional model response fields.</summary>
    [JsonPropertyName("additionalModelResponseFields")]
    public JsonElement? AdditionalModelResponseFields { get; set; }
}
