namespace Bedrock.Foundations.Aws;

/// <summary>
/// Keys of <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> that <see cref="BedrockChatClient"/> maps to
/// Converse request members instead of passing them to the model.
/// </summary>
/// <remarks>
/// Every other entry of <c>ChatOptions.AdditionalProperties</c> is copied, key and value, into the request's
/// <c>additionalModelRequestFields</c> (the model-specific JSON document), so nothing a caller sets is dropped silently.
/// </remarks>
public static class BedrockChatOptionKeys
{
    /// <summary>
    /// A <see cref="Model.GuardrailConfiguration"/> (or, for streaming, a <see cref="Model.GuardrailStreamConfiguration"/>):
    /// the guardrail Bedrock applies to the call.
    /// </summary>
    public const string GuardrailConfig = "bedrock.guardrailConfig";

    /// <summary>An <c>IDictionary&lt;string, string&gt;</c>: <c>requestMetadata</c>, 1–16 entries used to filter invocation logs.</summary>
    public const string RequestMetadata = "bedrock.requestMetadata";

    /// <summary>An <c>IEnumerable&lt;string&gt;</c> of JSON Pointers: <c>additionalModelResponseFieldPaths</c> (up to 10).</summary>
    public const string AdditionalModelResponseFieldPaths = "bedrock.additionalModelResponseFieldPaths";

    /// <summary>A <see cref="Model.PerformanceConfiguration"/> or a string (<c>standard</c> | <c>optimized</c>): <c>performanceConfig.latency</c>.</summary>
    public const string PerformanceConfig = "bedrock.performanceConfig";

    /// <summary>A <see cref="Model.ServiceTier"/> or a string (<c>priority</c> | <c>default</c> | <c>flex</c> | <c>reserved</c>): <c>serviceTier.type</c>.</summary>
    public const string ServiceTier = "bedrock.serviceTier";

    /// <summary>
    /// How a JSON <see cref="Microsoft.Extensions.AI.ChatOptions.ResponseFormat"/> travels: <c>"tool"</c> — a tool named
    /// <c>generate_response</c> whose input schema is the response schema, forced with <c>toolChoice</c>, its input returned
    /// as the response text (works on every model with tool use; the default when no other tools are offered); or
    /// <c>"native"</c> — <c>outputConfig.textFormat</c> with the schema (newer models only; the default when tools are
    /// offered, since the forced tool would shut them out).
    /// </summary>
    public const string StructuredOutput = "bedrock.structuredOutput";

    /// <summary>
    /// Set by <see cref="BedrockChatClient"/> on a response (and on the last streaming update): the names of the chat options
    /// (<c>TopK</c>, <c>Seed</c>, <c>FrequencyPenalty</c>, <c>PresencePenalty</c>) the model family does not take, which were left
    /// out of the request rather than sent to a model that would reject them.
    /// </summary>
    public const string IgnoredOptions = "bedrock.ignoredOptions";

    /// <summary>A <see cref="Model.CachePointBlock"/> or <c>true</c> on a message's <c>AdditionalProperties</c>: a prompt-cache point after the message's content.</summary>
    public const string CachePoint = "bedrock.cachePoint";
}
