using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Internal;

internal sealed partial class EmulatorHandler
{
    private const string Padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    internal static EmulatedConverseCall BuildCall(string modelId, JsonElement root)
    {
        List<string> parts = [];
        List<string> system = [];
        if (root.TryGetProperty("system", out JsonElement systemBlocks) && systemBlocks.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement block in systemBlocks.EnumerateArray())
            {
                AddBlockText(block, system);
            }
        }

        string systemText = string.Join('\n', system);
        if (systemText.Length > 0)
        {
            parts.Add(systemText);
        }

        string question = string.Empty;
        if (root.TryGetProperty("messages", out JsonElement messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement message in messages.EnumerateArray())
            {
                List<string> texts = [];
                if (message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement block in content.EnumerateArray())
                    {
                        AddBlockText(block, texts);
                    }
                }

                string text = string.Join('\n', texts);
                if (text.Length > 0)
                {
                    parts.Add(text);
                }

                if (message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("role", out JsonElement role) && role.ValueKind == JsonValueKind.String && role.ValueEquals("user"))
                {
                    question = text;
                }
            }
        }

        List<string> tools = [];
        if (root.TryGetProperty("toolConfig", out JsonElement toolConfig) && toolConfig.ValueKind == JsonValueKind.Object
            && toolConfig.TryGetProperty("tools", out JsonElement toolList) && toolList.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement tool in toolList.EnumerateArray())
            {
                if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("toolSpec", out JsonElement spec)
                    && spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String)
                {
                    tools.Add(name.GetString()!);
                }
            }
        }

        int? maxTokens = null;
        if (root.TryGetProperty("inferenceConfig", out JsonElement inference) && inference.ValueKind == JsonValueKind.Object
            && inference.TryGetProperty("maxTokens", out JsonElement max) && max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out int m))
        {
            maxTokens = m;
        }

        return new EmulatedConverseCall(modelId, systemText, question, string.Join('\n', parts), tools, maxTokens, root);
    }

    private static void AddBlockText(JsonElement block, List<string> texts)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty member in block.EnumerateObject())
        {
            JsonElement v = member.Value;
            switch (member.Name)
            {
                case "text" when v.ValueKind == JsonValueKind.String:
                    texts.Add(v.GetString()!);
                    break;
                case "guardContent" when v.ValueKind == JsonValueKind.Object:
                    if (v.TryGetProperty("text", out JsonElement guardText) && guardText.ValueKind == JsonValueKind.Object
                        && guardText.TryGetProperty("text", out JsonElement gt) && gt.ValueKind == JsonValueKind.String)
                    {
                        texts.Add(gt.GetString()!);
                    }

                    break;
                case "document" when v.ValueKind == JsonValueKind.Object:
                    if (v.TryGetProperty("source", out JsonElement source) && source.ValueKind == JsonValueKind.Object)
                    {
                        if (source.TryGetProperty("text", out JsonElement st) && st.ValueKind == JsonValueKind.String)
                        {
                            texts.Add(st.GetString()!);
                        }
                        else if (source.TryGetProperty("content", out JsonElement sc) && sc.ValueKind == JsonValueKind.Array)
                        {
                            foreach (JsonElement inner in sc.EnumerateArray())
                            {
                                AddBlockText(inner, texts);
                            }
                        }
                    }

                    break;
                case "toolResult" when v.ValueKind == JsonValueKind.Object:
                    if (v.TryGetProperty("content", out JsonElement rc) && rc.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement inner in rc.EnumerateArray())
                        {
                            if (inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("json", out JsonElement json))
                            {
                                texts.Add(json.GetRawText());
                            }
                            else
                            {
                                AddBlockText(inner, texts);
                            }
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private sealed record Generation(string Text, EmulatedToolUse? Tool, string ToolUseId, string StopReason, int InputTokens, int OutputTokens, EmulatedModel Model);

    private async ValueTask<Generation> GenerateAsync(RequestContext request, JsonElement root, CancellationToken cancellationToken)
    {
        EmulatedModel model = _options.GetModel(request.ResourceId);
        Func<string, int> count = model.CountTokens ?? EmulatedTokenizer.CountTokens;
        EmulatedConverseCall call = BuildCall(request.ResourceId, root);
        int inputTokens = count(call.Prompt);

        if (root.TryGetProperty("guardrailConfig", out JsonElement guardrail) && guardrail.ValueKind == JsonValueKind.Object
            && FindBlockedWords(call.Prompt).Count > 0)
        {
            string blocked = _options.GuardrailBlockedMessage;
            return new Generation(blocked, null, string.Empty, "guardrail_intervened", inputTokens, count(blocked), model);
        }

        if (call.ToolNames.Count > 0 && model.ToolUse?.Invoke(call) is { } tool)
        {
            return new Generation(string.Empty, tool, tool.ToolUseId ?? NextToolUseId(), "tool_use", inputTokens, count(tool.Input.GetRawText()), model);
        }

        string answer = model.Answer is null
            ? ExtractiveAnswerer.Answer(call)
            : await model.Answer(call, cancellationToken).ConfigureAwait(false);
        answer ??= string.Empty;
        string stopReason = "end_turn";
        if (root.TryGetProperty("inferenceConfig", out JsonElement inference) && inference.ValueKind == JsonValueKind.Object
            && inference.TryGetProperty("stopSequences", out JsonElement stops) && stops.ValueKind == JsonValueKind.Array)
        {
            int cut = -1;
            foreach (JsonElement stop in stops.EnumerateArray())
            {
                string? s = stop.ValueKind == JsonValueKind.String ? stop.GetString() : null;
                int at = string.IsNullOrEmpty(s) ? -1 : answer.IndexOf(s, StringComparison.Ordinal);
                if (at >= 0 && (cut < 0 || at < cut))
                {
                    cut = at;
                }
            }

            if (cut >= 0)
            {
                answer = answer[..cut];
                stopReason = "stop_sequence";
            }
        }

        if (call.MaxTokens is int maxTokens && count(answer) > maxTokens)
        {
            answer = Truncate(answer, maxTokens, count);
            stopReason = "max_tokens";
        }

        return new Generation(answer, null, string.Empty, stopReason, inputTokens, count(answer), model);
    }

    /// <summary>The longest prefix of <paramref name="text"/>, cut at white space, with at most <paramref name="maxTokens"/> tokens.</summary>
    internal static string Truncate(string text, int maxTokens, Func<string, int> count)
    {
        int best = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || char.IsWhiteSpace(text[i]))
            {
                if (count(text[..i]) > maxTokens)
                {
                    break;
                }

                best = i;
            }
        }

        return text[..best].TrimEnd();
    }

    private async Task<OperationResult> ConverseAsync(RequestContext request, JsonElement root, CancellationToken cancellationToken)
    {
        AwsError? error = CheckMessages(root);
        if (error is not null)
        {
            return error;
        }

        Generation g = await GenerateAsync(request, root, cancellationToken).ConfigureAwait(false);
        await WaitAsync(Scale(g.Model.Latency.Compute(g.InputTokens, g.OutputTokens)), cancellationToken).ConfigureAwait(false);
        long latencyMs = ElapsedMilliseconds(request.Started);
        byte[] body = JsonWriting.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("output");
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteStartArray("content");
            w.WriteStartObject();
            if (g.Tool is not null)
            {
                w.WriteStartObject("toolUse");
                w.WriteString("toolUseId", g.ToolUseId);
                w.WriteString("name", g.Tool.Name);
                w.WritePropertyName("input");
                g.Tool.Input.WriteTo(w);
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("text", g.Text);
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("stopReason", g.StopReason);
            WriteUsage(w, g);
            w.WriteStartObject("metrics");
            w.WriteNumber("latencyMs", latencyMs);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return OperationResult.Json(body);
    }

    private static AwsError? CheckMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out JsonElement messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return AwsError.Validation("The request must contain at least one message in 'messages'.");
        }

        JsonElement first = messages[0];
        if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("role", out JsonElement role) || !role.ValueEquals("user"))
        {
            return AwsError.Validation("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        }

        return null;
    }

    private static void WriteUsage(Utf8JsonWriter w, Generation g)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("inputTokens", g.InputTokens);
        w.WriteNumber("outputTokens", g.OutputTokens);
        w.WriteNumber("totalTokens", g.InputTokens + g.OutputTokens);
        w.WriteEndObject();
    }

    private async Task<OperationResult> ConverseStreamAsync(RequestContext request, JsonElement root, CancellationToken cancellationToken)
    {
        AwsError? error = CheckMessages(root);
        if (error is not null)
        {
            return error;
        }

        Generation g = await GenerateAsync(request, root, cancellationToken).ConfigureAwait(false);
        Func<string, int> count = g.Model.CountTokens ?? EmulatedTokenizer.CountTokens;
        TimeSpan perOutputToken = g.Model.Latency.PerOutputToken;

        // (event type, payload writer, delay before the event)
        List<(string Type, Action<Utf8JsonWriter> Write, TimeSpan Delay)> events =
        [
            ("messageStart", w => w.WriteString("role", "assistant"), Scale(g.Model.Latency.TimeToFirstToken(g.InputTokens))),
        ];
        if (g.Tool is not null)
        {
            events.Add(("contentBlockStart", w =>
            {
                w.WriteNumber("contentBlockIndex", 0);
                w.WriteStartObject("start");
                w.WriteStartObject("toolUse");
                w.WriteString("toolUseId", g.ToolUseId);
                w.WriteString("name", g.Tool.Name);
                w.WriteEndObject();
                w.WriteEndObject();
            }, TimeSpan.Zero));
            string input = g.Tool.Input.GetRawText();
            int half = input.Length / 2;
            foreach (string fragment in new[] { input[..half], input[half..] })
            {
                events.Add(("contentBlockDelta", w =>
                {
                    w.WriteNumber("contentBlockIndex", 0);
                    w.WriteStartObject("delta");
                    w.WriteStartObject("toolUse");
                    w.WriteString("input", fragment);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }, Scale(perOutputToken * count(fragment))));
            }
        }
        else
        {
            foreach (string chunk in Chunks(g.Text, _options.StreamChunkWords))
            {
                events.Add(("contentBlockDelta", w =>
                {
                    w.WriteNumber("contentBlockIndex", 0);
                    w.WriteStartObject("delta");
                    w.WriteString("text", chunk);
                    w.WriteEndObject();
                }, Scale(perOutputToken * count(chunk))));
            }
        }

        events.Add(("contentBlockStop", w => w.WriteNumber("contentBlockIndex", 0), TimeSpan.Zero));
        events.Add(("messageStop", w => w.WriteString("stopReason", g.StopReason), TimeSpan.Zero));
        events.Add(("metadata", w =>
        {
            WriteUsage(w, g);
            w.WriteStartObject("metrics");
            w.WriteNumber("latencyMs", ElapsedMilliseconds(request.Started));
            w.WriteEndObject();
        }, TimeSpan.Zero));

        HttpResponseStart(request);
        Stream output = request.Http.Response.Body;
        int faultAt = Math.Min(_options.Faults.StreamFaultAfterEvents, events.Count);
        for (int i = 0; i <= events.Count; i++)
        {
            if (i == faultAt)
            {
                if ((request.Faults & BedrockEmulatorFault.DroppedConnection) != 0)
                {
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await DropConnectionAsync(request.Http, cancellationToken).ConfigureAwait(false);
                    return OperationResult.Written;
                }

                if ((request.Faults & BedrockEmulatorFault.StreamException) != 0)
                {
                    string type = _options.Faults.StreamExceptionType;
                    byte[] payload = JsonWriting.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("message", "The emulated model failed while streaming (injected fault).");
                        if (type == "modelStreamErrorException")
                        {
                            w.WriteNumber("originalStatusCode", 500);
                            w.WriteString("originalMessage", "Injected fault.");
                        }

                        w.WriteEndObject();
                    });
                    await output.WriteAsync(EventFrame.Exception(type, payload), cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return OperationResult.Written;
                }
            }

            if (i == events.Count)
            {
                break;
            }

            (string eventType, Action<Utf8JsonWriter> write, TimeSpan delay) = events[i];
            if (delay > TimeSpan.Zero)
            {
                await WaitAsync(delay, cancellationToken).ConfigureAwait(false);
            }

            int index = i;
            byte[] eventPayload = JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                write(w);
                w.WriteString("p", Padding.AsSpan(0, 1 + (index * 7 % Padding.Length)));
                w.WriteEndObject();
            });
            byte[] frame = EventFrame.Event(eventType, eventPayload);
            if ((request.Faults & BedrockEmulatorFault.CorruptFrame) != 0 && i == Math.Min(faultAt, events.Count - 1))
            {
                frame[frame.Length - 4 - (eventPayload.Length / 2) - 1] ^= 0x01;
            }

            await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return OperationResult.Written;
    }

    private static void HttpResponseStart(RequestContext request)
    {
        request.Record.StatusCode = 200;
        request.Http.Response.StatusCode = 200;
        request.Http.Response.ContentType = "application/vnd.amazon.eventstream";
    }

    /// <summary>Splits text into pieces of <paramref name="words"/> words each, keeping the white space, so the pieces concatenate to the text.</summary>
    internal static IReadOnlyList<string> Chunks(string text, int words)
    {
        List<string> chunks = [];
        StringBuilder current = new();
        int inChunk = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            current.Append(text, start, i - start);
            if (++inChunk == words)
            {
                chunks.Add(current.ToString());
                current.Clear();
                inChunk = 0;
            }
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    internal static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
