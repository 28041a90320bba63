using System.Runtime.CompilerServices;
using System.Text;
using Bedrock.Foundations.Aws.Model;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Aws;

/// <summary>
/// An <see cref="IChatClient"/> over Amazon Bedrock's Converse and ConverseStream operations, so Microsoft.Extensions.AI
/// middleware (function invocation, OpenTelemetry, caching, the library's own) composes over Bedrock.
/// </summary>
/// <remarks>
/// <para><b>Requests.</b> <see cref="ChatOptions.Instructions"/> and system messages become <c>system</c> blocks; user and
/// tool messages travel as role <c>user</c>, assistant messages as <c>assistant</c>, and adjacent messages of one role are
/// merged (Converse wants the roles to alternate). Content: text, reasoning (with its signature), images (png, jpeg, gif,
/// webp) and documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md) as bytes or <c>s3://</c> URIs, function calls
/// (<c>toolUse</c>) and results (<c>toolResult</c>; a string as text, a JSON object as json, anything else as
/// <c>{"result": …}</c>, an exception as status <c>error</c>). Blank text is left out. Content with no Converse form throws
/// <see cref="NotSupportedException"/> unless its <see cref="AIContent.RawRepresentation"/> is a
/// <see cref="ContentBlock"/>, which is sent as it is.</para>
/// <para><b>Options.</b> <c>MaxOutputTokens</c>, <c>Temperature</c>, <c>TopP</c>, <c>StopSequences</c> →
/// <c>inferenceConfig</c>. Converse has no top-k, seed or penalty members; they go into <c>additionalModelRequestFields</c>
/// where the model family reads them: <c>TopK</c> as Amazon Nova's <c>{"inferenceConfig": {"topK": k}}</c>, Cohere's
/// <c>k</c>, Anthropic's and Mistral's <c>top_k</c>; <c>Seed</c>, <c>FrequencyPenalty</c>, <c>PresencePenalty</c> for Cohere
/// only. An option the family does not take is left out (the model would reject the request) and named in the response's
/// <see cref="BedrockChatOptionKeys.IgnoredOptions"/>. Every entry of <see cref="ChatOptions.AdditionalProperties"/> goes
/// into <c>additionalModelRequestFields</c> as it is, except the keys of <see cref="BedrockChatOptionKeys"/> (guardrail,
/// request metadata, response field paths, performance, service tier, structured output), which map to their request
/// members. Tools (<see cref="AIFunctionDeclaration"/>) → <c>toolConfig</c>; <see cref="ChatToolMode.Auto"/> →
/// <c>auto</c>, <see cref="ChatToolMode.RequireAny"/> → <c>any</c>, a required function → <c>tool</c>;
/// <see cref="ChatToolMode.None"/> offers no tools. A conversation that holds tool calls is always sent with a
/// <c>toolConfig</c> declaring the tools it used (Converse requires one). A JSON <see cref="ChatOptions.ResponseFormat"/>
/// travels as a forced tool named <c>generate_response</c> whose input is returned as the response text (every model with
/// tool use), or, with <see cref="BedrockChatOptionKeys.StructuredOutput"/> = <c>"native"</c> or when other tools are
/// offered, as native structured output (<c>outputConfig.textFormat</c>, newer models). <see cref="ChatOptions.RawRepresentationFactory"/>
/// may return a pre-filled <see cref="ConverseRequest"/> (or <see cref="ConverseStreamRequest"/>); what it sets is kept.</para>
/// <para><b>Responses.</b> Stop reasons: <c>end_turn</c>/<c>stop_sequence</c> → Stop, <c>max_tokens</c> and
/// <c>model_context_window_exceeded</c> → Length, <c>tool_use</c> → ToolCalls, <c>content_filtered</c>/<c>guardrail_intervened</c>
/// → ContentFilter, others pass through. Usage: input, output, total; cache reads as
/// <see cref="UsageDetails.CachedInputTokenCount"/>, cache writes as the additional count <c>CacheWriteInputTokens</c>.
/// <c>stopReason</c>, <c>latencyMs</c>, <c>additionalModelResponseFields</c> and <c>trace</c> are in
/// <see cref="ChatResponse.AdditionalProperties"/>; the <see cref="ConverseResponse"/> is the raw representation. Streaming
/// yields text as it arrives, one function call per tool block when the block stops (its input fragments joined and
/// parsed; a parse failure is on <see cref="FunctionCallContent.Exception"/>), the finish reason at <c>messageStop</c> and the
/// usage at <c>metadata</c>; other deltas (citations, images, tool results) come through as <see cref="AIContent"/> with the
/// Converse delta as their raw representation.</para>
/// <para>The client does not own <see cref="BedrockRuntimeClient"/>: disposing it leaves the runtime client open.</para>
/// </remarks>
public sealed class BedrockChatClient : IChatClient
{
    private readonly BedrockRuntimeClient _client;
    private readonly string? _defaultModelId;

    /// <summary>Creates a chat client over <paramref name="client"/>.</summary>
    /// <param name="client">The Bedrock Runtime client that sends the calls.</param>
    /// <param name="defaultModelId">The model (id, inference-profile id or ARN) used when <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="defaultModelId"/> is empty or white space.</exception>
    public BedrockChatClient(BedrockRuntimeClient client, string? defaultModelId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (defaultModelId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(defaultModelId);
        }

        _client = client;
        _defaultModelId = defaultModelId;
        Metadata = new ChatClientMetadata(ConverseMapping.ProviderName, client.Endpoint, defaultModelId);
    }

    /// <summary>Provider <c>aws.bedrock</c>, the runtime endpoint and the default model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ConversePlan plan = ConverseMapping.Plan(this, messages, options, _defaultModelId);
        ConverseResponse response = await _client.ConverseAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        return ConverseMapping.ToChatResponse(response, plan);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ConversePlan plan = ConverseMapping.Plan(this, messages, options, _defaultModelId);
        ConverseStreamRequest streamRequest = ConverseMapping.ToStreamRequest(plan.Request, options);
        string modelId = plan.Request.ModelId!;
        string responseId = Guid.NewGuid().ToString("N");
        var toolBlocks = new Dictionary<int, (string Id, string Name, StringBuilder Input)>();
        var answerBlocks = new HashSet<int>(); // blocks of the structured-output tool: their input is the answer text
        ChatRole role = ChatRole.Assistant;

        await foreach (ConverseStreamOutput output in _client.ConverseStreamAsync(streamRequest, cancellationToken).ConfigureAwait(false))
        {
            ChatResponseUpdate? update = null;
            if (output.MessageStart is { } start)
            {
                role = start.Role == "user" ? ChatRole.User : ChatRole.Assistant;
                update = new ChatResponseUpdate(role, []);
            }
            else if (output.ContentBlockStart is { Start: { } blockStart } startEvent)
            {
                int index = startEvent.ContentBlockIndex ?? 0;
                if (blockStart.ToolUse is { } toolStart)
                {
                    if (plan.StructuredOutputTool && toolStart.Name == ConverseMapping.StructuredOutputToolName)
                    {
                        answerBlocks.Add(index);
                    }
                    else
                    {
                        toolBlocks[index] = (toolStart.ToolUseId ?? string.Empty, toolStart.Name ?? string.Empty, new StringBuilder());
                    }
                }
                else
                {
                    update = new ChatResponseUpdate(role, [new AIContent { RawRepresentation = blockStart }]); // toolResult, image: as sent
                }
            }
            else if (output.ContentBlockDelta is { Delta: { } delta } blockDelta)
            {
                int index = blockDelta.ContentBlockIndex ?? 0;
                if (delta.Text is { } text)
                {
                    update = new ChatResponseUpdate(role, text);
                }
                else if (delta.ToolUse is { } toolDelta && answerBlocks.Contains(index))
                {
                    update = new ChatResponseUpdate(role, toolDelta.Input);
                }
                else if (delta.ToolUse is { } toolInput && toolBlocks.TryGetValue(index, out var tool))
                {
                    tool.Input.Append(toolInput.Input);
                }
                else if (delta.ReasoningContent is { } reasoning)
                {
                    var content = new TextReasoningContent(reasoning.Text ?? string.Empty)
                    {
                        ProtectedData = reasoning.Signature ?? (reasoning.RedactedContent is { } redacted ? Convert.ToBase64String(redacted) : null),
                        RawRepresentation = delta,
                    };
                    update = new ChatResponseUpdate(role, [content]);
                }
                else
                {
                    update = new ChatResponseUpdate(role, [new AIContent { RawRepresentation = delta }]); // citations, images, tool results
                }
            }
            else if (output.ContentBlockStop is { } blockStop && toolBlocks.Remove(blockStop.ContentBlockIndex ?? 0, out var finished))
            {
                update = new ChatResponseUpdate(role, [ConverseMapping.ParseStreamedCall(finished.Id, finished.Name, finished.Input.ToString())]);
            }
            else if (output.MessageStop is { } stop)
            {
                update = new ChatResponseUpdate(role, [])
                {
                    FinishReason = answerBlocks.Count > 0 && stop.StopReason == "tool_use" ? ChatFinishReason.Stop : ConverseMapping.FinishReasonOf(stop.StopReason),
                    AdditionalProperties = [],
                };
                ConverseMapping.AddIfNotNull(update.AdditionalProperties, "stopReason", stop.StopReason);
                ConverseMapping.AddIfNotNull(update.AdditionalProperties, "additionalModelResponseFields", stop.AdditionalModelResponseFields);
                ConverseMapping.AddIgnoredOptions(update.AdditionalProperties, plan);
            }
            else if (output.Metadata is { } metadata)
            {
                update = new ChatResponseUpdate(role, []) { AdditionalProperties = [] };
                if (ConverseMapping.UsageOf(metadata.Usage) is { } usage)
                {
                    update.Contents.Add(new UsageContent(usage));
                }

                ConverseMapping.AddIfNotNull(update.AdditionalProperties, "latencyMs", metadata.Metrics?.LatencyMs);
                ConverseMapping.AddIfNotNull(update.AdditionalProperties, "trace", metadata.Trace);
                ConverseMapping.AddIfNotNull(update.AdditionalProperties, "performanceConfig", metadata.PerformanceConfig);
                ConverseMapping.AddIfNotNull(update.AdditionalProperties, "serviceTier", metadata.ServiceTier);
            }

            if (update is not null)
            {
                if (update.AdditionalProperties is { Count: 0 })
                {
                    update.AdditionalProperties = null;
                }

                update.ResponseId = responseId;
                update.MessageId = responseId;
                update.ModelId = modelId;
                update.CreatedAt = DateTimeOffset.UtcNow;
                update.RawRepresentation = output;
                yield return update;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType == typeof(BedrockRuntimeClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the <see cref="BedrockRuntimeClient"/> belongs to the caller.</summary>
    public void Dispose()
    {
    }
}
