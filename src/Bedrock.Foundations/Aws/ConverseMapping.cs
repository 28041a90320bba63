using System.Text;
using System.Text.Json;
using Bedrock.Foundations.Aws.Model;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Aws;

/// <summary>
/// Microsoft.Extensions.AI chat types ↔ Converse shapes, for <see cref="BedrockChatClient"/>. Pure functions: no I/O.
/// </summary>
internal static class ConverseMapping
{
    /// <summary>The provider name of <see cref="ChatClientMetadata"/> (OpenTelemetry's <c>gen_ai.provider.name</c> for Bedrock).</summary>
    public const string ProviderName = "aws.bedrock";

    /// <summary>Microsoft.Extensions.AI's serializer options (they handle arbitrary argument values), compact.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private static readonly string[] GeographicPrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."];

    /// <summary>The name of the tool that carries a JSON response format (<see cref="BedrockChatOptionKeys.StructuredOutput"/>).</summary>
    public const string StructuredOutputToolName = "generate_response";

    /// <summary>Builds the Converse request for <paramref name="messages"/> and <paramref name="options"/>.</summary>
    public static ConverseRequest ToRequest(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModelId) =>
        Plan(client, messages, options, defaultModelId).Request;

    /// <summary>
    /// Builds the Converse request, and says which options the model family cannot take (left out) and whether a JSON
    /// response format travels as the structured-output tool.
    /// </summary>
    /// <exception cref="InvalidOperationException">No model id in the options, the raw request or the client.</exception>
    /// <exception cref="NotSupportedException">A content item or tool with no Converse equivalent.</exception>
    public static ConversePlan Plan(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModelId)
    {
        var request = options?.RawRepresentationFactory?.Invoke(client) switch
        {
            ConverseRequest raw => raw,
            ConverseStreamRequest raw => FromStreamRequest(raw),
            _ => new ConverseRequest(),
        };

        request.ModelId ??= options?.ModelId ?? defaultModelId
            ?? throw new InvalidOperationException(
                "No model id: set ChatOptions.ModelId, or pass defaultModelId to the BedrockChatClient constructor.");

        var ignored = new List<string>();
        AddSystemAndMessages(request, messages, options);
        if (options is not null)
        {
            AddInferenceConfig(request, options);
            AddAdditionalFields(request, options, ignored);
        }

        bool structuredOutputTool = AddToolsAndResponseFormat(request, options);
        return new ConversePlan(request, ignored, structuredOutputTool);
    }

    /// <summary>The same request as ConverseStream takes (the guardrail configuration becomes the stream variant).</summary>
    public static ConverseStreamRequest ToStreamRequest(ConverseRequest request, ChatOptions? options) => new()
    {
        ModelId = request.ModelId,
        Messages = request.Messages,
        System = request.System,
        InferenceConfig = request.InferenceConfig,
        ToolConfig = request.ToolConfig,
        GuardrailConfig = options?.AdditionalProperties?.TryGetValue(BedrockChatOptionKeys.GuardrailConfig, out object? g) == true
            && g is GuardrailStreamConfiguration stream
                ? stream
                : request.GuardrailConfig is { } guardrail
                    ? new GuardrailStreamConfiguration
                    {
                        GuardrailIdentifier = guardrail.GuardrailIdentifier,
                        GuardrailVersion = guardrail.GuardrailVersion,
                        Trace = guardrail.Trace,
                    }
                    : null,
        AdditionalModelRequestFields = request.AdditionalModelRequestFields,
        PromptVariables = request.PromptVariables,
        AdditionalModelResponseFieldPaths = request.AdditionalModelResponseFieldPaths,
        RequestMetadata = request.RequestMetadata,
        PerformanceConfig = request.PerformanceConfig,
        ServiceTier = request.ServiceTier,
        OutputConfig = request.OutputConfig,
    };

    private static ConverseRequest FromStreamRequest(ConverseStreamRequest raw) => new()
    {
        ModelId = raw.ModelId,
        Messages = raw.Messages,
        System = raw.System,
        InferenceConfig = raw.InferenceConfig,
        ToolConfig = raw.ToolConfig,
        GuardrailConfig = raw.GuardrailConfig is { } g
            ? new GuardrailConfiguration { GuardrailIdentifier = g.GuardrailIdentifier, GuardrailVersion = g.GuardrailVersion, Trace = g.Trace }
            : null,
        AdditionalModelRequestFields = raw.AdditionalModelRequestFields,
        PromptVariables = raw.PromptVariables,
        AdditionalModelResponseFieldPaths = raw.AdditionalModelResponseFieldPaths,
        RequestMetadata = raw.RequestMetadata,
        PerformanceConfig = raw.PerformanceConfig,
        ServiceTier = raw.ServiceTier,
        OutputConfig = raw.OutputConfig,
    };

    /// <summary>
    /// The model family of a model id, inference-profile id or ARN: the provider label (<c>anthropic</c>, <c>amazon</c>,
    /// <c>meta</c>, …) with a geographic inference-profile prefix (<c>us.</c>, <c>eu.</c>, …) and any ARN path removed.
    /// </summary>
    public static string FamilyOf(string modelId)
    {
        string id = modelId;
        int slash = id.LastIndexOf('/');
        if (slash >= 0)
        {
            id = id[(slash + 1)..];
        }

        foreach (string prefix in GeographicPrefixes)
        {
            if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                id = id[prefix.Length..];
                break;
            }
        }

        int dot = id.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? id : id[..dot]).ToLowerInvariant();
    }

    private static void AddSystemAndMessages(ConverseRequest request, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = request.System ?? [];
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(new SystemContentBlock { Text = options.Instructions });
        }

        var list = request.Messages ?? [];
        foreach (ChatMessage message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Role == ChatRole.System)
            {
                foreach (AIContent content in message.Contents)
                {
                    switch (content)
                    {
                        case { RawRepresentation: SystemContentBlock raw }: system.Add(raw); break;
                        case TextContent text when string.IsNullOrWhiteSpace(text.Text): break;
                        case TextContent text: system.Add(new SystemContentBlock { Text = text.Text }); break;
                        default: throw Unsupported(content, "a system message");
                    }
                }

                AddCachePoint(message, block => system.Add(new SystemContentBlock { CachePoint = block }));
                continue;
            }

            string role = message.Role == ChatRole.Assistant ? "assistant" : "user"; // user and tool results both travel as "user"
            var blocks = new List<ContentBlock>();
            foreach (AIContent content in message.Contents)
            {
                if (ToBlock(content) is { } block)
                {
                    blocks.Add(block);
                }
            }

            AddCachePoint(message, point => blocks.Add(new ContentBlock { CachePoint = point }));
            if (blocks.Count == 0)
            {
                continue; // Converse rejects empty content; a message with nothing to send is left out.
            }

            // Converse wants user and assistant turns to alternate: adjacent messages of one role become one message.
            if (list.Count > 0 && list[^1].Role == role && list[^1].Content is { } previous)
            {
                foreach (ContentBlock block in blocks)
                {
                    previous.Add(block);
                }
            }
            else
            {
                list.Add(new Message { Role = role, Content = blocks });
            }
        }

        request.Messages = list;
        request.System = system.Count > 0 ? system : null;
    }

    private static void AddCachePoint(ChatMessage message, Action<CachePointBlock> add)
    {
        if (message.AdditionalProperties?.TryGetValue(BedrockChatOptionKeys.CachePoint, out object? value) == true)
        {
            switch (value)
            {
                case CachePointBlock block: add(block); break;
                case true: add(new CachePointBlock { Type = "default" }); break;
                case false or null: break;
                default:
                    throw new NotSupportedException(
                        $"Message property '{BedrockChatOptionKeys.CachePoint}' must be true or a CachePointBlock, not {value.GetType().Name}.");
            }
        }
    }

    private static ContentBlock? ToBlock(AIContent content) => content switch
    {
        { RawRepresentation: ContentBlock raw } => raw,
        TextContent text => string.IsNullOrWhiteSpace(text.Text) ? null : new ContentBlock { Text = text.Text },
        TextReasoningContent reasoning => new ContentBlock
        {
            ReasoningContent = string.IsNullOrEmpty(reasoning.Text) && reasoning.ProtectedData is { } redacted
                ? new ReasoningContentBlock { RedactedContent = Convert.FromBase64String(redacted) }
                : new ReasoningContentBlock { ReasoningText = new ReasoningTextBlock { Text = reasoning.Text, Signature = reasoning.ProtectedData } },
        },
        DataContent data when data.HasTopLevelMediaType("image") => new ContentBlock
        {
            Image = new ImageBlock { Format = ImageFormatOf(data.MediaType), Source = new ImageSource { Bytes = data.Data.ToArray() } },
        },
        DataContent data => new ContentBlock
        {
            Document = new DocumentBlock
            {
                Format = DocumentFormatOf(data.MediaType),
                Name = DocumentName(data.Name),
                Source = new DocumentSource { Bytes = data.Data.ToArray() },
            },
        },
        UriContent uri when uri.Uri.Scheme == "s3" && uri.HasTopLevelMediaType("image") => new ContentBlock
        {
            Image = new ImageBlock { Format = ImageFormatOf(uri.MediaType), Source = new ImageSource { S3Location = new S3Location { Uri = uri.Uri.ToString() } } },
        },
        UriContent uri when uri.Uri.Scheme == "s3" => new ContentBlock
        {
            Document = new DocumentBlock
            {
                Format = DocumentFormatOf(uri.MediaType),
                Name = DocumentName(Path.GetFileNameWithoutExtension(uri.Uri.AbsolutePath)),
                Source = new DocumentSource { S3Location = new S3Location { Uri = uri.Uri.ToString() } },
            },
        },
        FunctionCallContent call => new ContentBlock
        {
            ToolUse = new ToolUseBlock
            {
                ToolUseId = call.CallId,
                Name = call.Name,
                Input = JsonSerializer.SerializeToElement(
                    call.Arguments ?? new Dictionary<string, object?>(),
                    JsonOptions.GetTypeInfo(typeof(IDictionary<string, object?>))),
            },
        },
        FunctionResultContent result => new ContentBlock { ToolResult = ToToolResult(result) },
        UsageContent => null, // usage reported by an earlier response: nothing to send back
        _ => throw Unsupported(content, "a Converse message"),
    };

    private static ToolResultBlock ToToolResult(FunctionResultContent result)
    {
        var block = new ToolResultBlock
        {
            ToolUseId = result.CallId,
            Status = result.Exception is null ? "success" : "error",
        };
        ToolResultContentBlock item = result.Result switch
        {
            null when result.Exception is { } e => new ToolResultContentBlock { Text = $"Error: {e.Message}" },
            null => new ToolResultContentBlock { Text = "null" },
            string text => new ToolResultContentBlock { Text = text.Length == 0 ? "\u200B" : text },
            TextContent text => new ToolResultContentBlock { Text = text.Text },
            DataContent data when data.HasTopLevelMediaType("image") => new ToolResultContentBlock
            {
                Image = new ImageBlock { Format = ImageFormatOf(data.MediaType), Source = new ImageSource { Bytes = data.Data.ToArray() } },
            },
            JsonElement { ValueKind: JsonValueKind.Object } json => new ToolResultContentBlock { Json = json },
            object value => WrapJson(value),
        };
        block.Content = [item];
        return block;
    }

    private static ToolResultContentBlock WrapJson(object value)
    {
        // Converse's json member takes an object: other values travel as {"result": value}.
        JsonElement element = JsonSerializer.SerializeToElement(value, JsonOptions.GetTypeInfo(value.GetType()));
        if (element.ValueKind != JsonValueKind.Object)
        {
            element = JsonSerializer.SerializeToElement(
                new Dictionary<string, object?> { ["result"] = element },
                JsonOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        }

        return new ToolResultContentBlock { Json = element };
    }

    private static string ImageFormatOf(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "image/png" => "png",
        "image/jpeg" or "image/jpg" => "jpeg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => throw new NotSupportedException($"Image media type '{mediaType}' is not one Converse takes (png, jpeg, gif, webp)."),
    };

    private static string DocumentFormatOf(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "application/pdf" => "pdf",
        "text/csv" => "csv",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "text/html" => "html",
        "text/plain" => "txt",
        "text/markdown" => "md",
        _ => throw new NotSupportedException(
            $"Media type '{mediaType}' is not a document format Converse takes (pdf, csv, doc, docx, xls, xlsx, html, txt, md)."),
    };

    /// <summary>
    /// A document name Converse accepts: letters, digits, single spaces, hyphens, parentheses and square brackets, 1–200
    /// characters (other characters become '-'); "document" when there is none.
    /// </summary>
    internal static string DocumentName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "document";
        }

        var builder = new StringBuilder(Math.Min(name.Length, 200));
        foreach (char c in name)
        {
            if (builder.Length == 200)
            {
                break;
            }

            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '(' or ')' or '[' or ']' ? c : '-');
            }
        }

        string result = builder.ToString().Trim();
        return result.Length == 0 ? "document" : result;
    }

    private static void AddInferenceConfig(ConverseRequest request, ChatOptions options)
    {
        if (options.MaxOutputTokens is null && options.Temperature is null && options.TopP is null && options.StopSequences is not { Count: > 0 })
        {
            return;
        }

        var config = request.InferenceConfig ?? new InferenceConfiguration();
        config.MaxTokens ??= options.MaxOutputTokens;
        config.Temperature ??= options.Temperature;
        config.TopP ??= options.TopP;
        if (options.StopSequences is { Count: > 0 } stops)
        {
            var all = config.StopSequences ?? [];
            foreach (string stop in stops)
            {
                if (!all.Contains(stop))
                {
                    all.Add(stop);
                }
            }

            config.StopSequences = all;
        }

        request.InferenceConfig = config;
    }

    private static void AddAdditionalFields(ConverseRequest request, ChatOptions options, List<string> ignored)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (request.AdditionalModelRequestFields is { ValueKind: JsonValueKind.Object } existing)
        {
            foreach (JsonProperty property in existing.EnumerateObject())
            {
                fields[property.Name] = property.Value;
            }
        }

        // Converse has no top-k, seed or penalty members: each family reads what it supports from its own place in
        // additionalModelRequestFields. An option the family does not take is left out (a model rejects unknown keys)
        // and named in the response's "bedrock.ignoredOptions".
        string family = FamilyOf(request.ModelId!);
        if (options.TopK is int topK)
        {
            switch (family)
            {
                case "amazon":
                    // Amazon Nova: {"inferenceConfig": {"topK": k}}.
                    var nested = fields.TryGetValue("inferenceConfig", out object? inner) && inner is JsonElement { ValueKind: JsonValueKind.Object } element
                        ? element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal)
                        : new Dictionary<string, object?>(StringComparer.Ordinal);
                    nested.TryAdd("topK", topK);
                    fields["inferenceConfig"] = nested;
                    break;
                case "cohere":
                    fields.TryAdd("k", topK);
                    break;
                case "anthropic" or "mistral":
                    fields.TryAdd("top_k", topK);
                    break;
                default:
                    ignored.Add(nameof(ChatOptions.TopK));
                    break;
            }
        }

        // Of the families on Bedrock, Cohere Command takes a seed and the two penalties.
        bool cohere = family == "cohere";
        AddIfSupported(cohere, "seed", options.Seed, nameof(ChatOptions.Seed));
        AddIfSupported(cohere, "frequency_penalty", options.FrequencyPenalty, nameof(ChatOptions.FrequencyPenalty));
        AddIfSupported(cohere, "presence_penalty", options.PresencePenalty, nameof(ChatOptions.PresencePenalty));

        void AddIfSupported(bool supported, string field, object? value, string option)
        {
            if (value is null)
            {
                return;
            }

            if (supported)
            {
                fields.TryAdd(field, value);
            }
            else
            {
                ignored.Add(option);
            }
        }

        if (options.AdditionalProperties is { } properties)
        {
            foreach (KeyValuePair<string, object?> pair in properties)
            {
                switch (pair.Key)
                {
                    case BedrockChatOptionKeys.GuardrailConfig:
                        request.GuardrailConfig ??= pair.Value switch
                        {
                            GuardrailConfiguration g => g,
                            GuardrailStreamConfiguration s => new GuardrailConfiguration
                            {
                                GuardrailIdentifier = s.GuardrailIdentifier,
                                GuardrailVersion = s.GuardrailVersion,
                                Trace = s.Trace,
                            },
                            _ => throw BadProperty(pair, "a GuardrailConfiguration"),
                        };
                        break;
                    case BedrockChatOptionKeys.RequestMetadata:
                        request.RequestMetadata ??= pair.Value is IEnumerable<KeyValuePair<string, string>> metadata
                            ? metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                            : throw BadProperty(pair, "an IDictionary<string, string>");
                        break;
                    case BedrockChatOptionKeys.AdditionalModelResponseFieldPaths:
                        request.AdditionalModelResponseFieldPaths ??= pair.Value is IEnumerable<string> paths
                            ? paths.ToList()
                            : throw BadProperty(pair, "a list of JSON Pointer strings");
                        break;
                    case BedrockChatOptionKeys.PerformanceConfig:
                        request.PerformanceConfig ??= pair.Value switch
                        {
                            PerformanceConfiguration p => p,
                            string latency => new PerformanceConfiguration { Latency = latency },
                            _ => throw BadProperty(pair, "a PerformanceConfiguration or a latency string"),
                        };
                        break;
                    case BedrockChatOptionKeys.StructuredOutput:
                        break; // read with the response format
                    case BedrockChatOptionKeys.ServiceTier:
                        request.ServiceTier ??= pair.Value switch
                        {
                            ServiceTier t => t,
                            string type => new ServiceTier { Type = type },
                            _ => throw BadProperty(pair, "a ServiceTier or a tier string"),
                        };
                        break;
                    default:
                        fields.TryAdd(pair.Key, pair.Value);
                        break;
                }
            }
        }

        if (fields.Count > 0)
        {
            request.AdditionalModelRequestFields = JsonSerializer.SerializeToElement(
                fields, JsonOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        }
    }

    private static NotSupportedException BadProperty(KeyValuePair<string, object?> pair, string expected) =>
        new($"ChatOptions.AdditionalProperties['{pair.Key}'] must be {expected}, not {pair.Value?.GetType().Name ?? "null"}.");

    private static bool AddToolsAndResponseFormat(ConverseRequest request, ChatOptions? options)
    {
        // ChatToolMode.None: the tools are not offered (Converse has no "none").
        if (request.ToolConfig is null && options?.Tools is { Count: > 0 } tools && options.ToolMode is not NoneChatToolMode)
        {
            request.ToolConfig = new ToolConfiguration
            {
                Tools = [.. tools.Select(ToToolSpec)],
                ToolChoice = options.ToolMode switch
                {
                    RequiredChatToolMode { RequiredFunctionName: { } name } => new ToolChoice { Tool = new SpecificToolChoice { Name = name } },
                    RequiredChatToolMode => new ToolChoice { Any = new AnyToolChoice() },
                    AutoChatToolMode => new ToolChoice { Auto = new AutoToolChoice() },
                    _ => null,
                },
            };
        }

        bool structuredOutputTool = false;
        if (options?.ResponseFormat is ChatResponseFormatJson json && request.OutputConfig is null)
        {
            JsonElement schema = json.Schema ?? JsonDocument.Parse("""{"type":"object"}""").RootElement;
            string mode = options.AdditionalProperties?.TryGetValue(BedrockChatOptionKeys.StructuredOutput, out object? value) == true
                ? value as string ?? throw new NotSupportedException(
                    $"ChatOptions.AdditionalProperties['{BedrockChatOptionKeys.StructuredOutput}'] must be \"tool\" or \"native\".")
                : request.ToolConfig is null ? "tool" : "native";
            switch (mode)
            {
                case "tool" when request.ToolConfig is not null:
                    throw new NotSupportedException(
                        "A JSON response format through the structured-output tool forces that tool, so it cannot be combined with " +
                        $"other tools: leave '{BedrockChatOptionKeys.StructuredOutput}' unset (native structured output) or remove the tools.");
                case "tool":
                    // Works on every model with tool use: the answer is the forced tool's input.
                    request.ToolConfig = new ToolConfiguration
                    {
                        Tools =
                        [
                            new Tool
                            {
                                ToolSpec = new ToolSpecification
                                {
                                    Name = StructuredOutputToolName,
                                    Description = json.SchemaDescription ?? "Respond with JSON that matches this schema.",
                                    InputSchema = new ToolInputSchema { Json = schema },
                                },
                            },
                        ],
                        ToolChoice = new ToolChoice { Tool = new SpecificToolChoice { Name = StructuredOutputToolName } },
                    };
                    structuredOutputTool = true;
                    break;
                case "native":
                    // Native structured output (newer models): the schema travels as a string.
                    request.OutputConfig = new OutputConfig
                    {
                        TextFormat = new OutputFormat
                        {
                            Type = "json_schema",
                            Structure = new OutputFormatStructure
                            {
                                JsonSchema = new JsonSchemaDefinition
                                {
                                    Schema = schema.GetRawText(),
                                    Name = json.SchemaName ?? "output_schema",
                                    Description = json.SchemaDescription,
                                },
                            },
                        },
                    };
                    break;
                default:
                    throw new NotSupportedException(
                        $"ChatOptions.AdditionalProperties['{BedrockChatOptionKeys.StructuredOutput}'] must be \"tool\" or \"native\", not \"{mode}\".");
            }
        }

        DeclareToolsTheHistoryUses(request, options);
        return structuredOutputTool;
    }

    /// <summary>
    /// Converse rejects toolUse/toolResult blocks unless a toolConfig is present: a conversation that used tools and is sent
    /// without them (a follow-up, a summary, ChatToolMode.None) declares the tools it used, from the options when they
    /// are there, else with an open object schema, and no tool choice.
    /// </summary>
    private static void DeclareToolsTheHistoryUses(ConverseRequest request, ChatOptions? options)
    {
        var used = new List<string>();
        foreach (Message message in request.Messages ?? [])
        {
            foreach (ContentBlock block in message.Content ?? [])
            {
                if (block.ToolUse?.Name is { } name && !used.Contains(name))
                {
                    used.Add(name);
                }
                else if (block.ToolResult is not null && used.Count == 0)
                {
                    used.Add(string.Empty); // a result whose call is not in the history still needs a toolConfig
                }
            }
        }

        if (used.Count == 0)
        {
            return;
        }

        var declared = request.ToolConfig?.Tools ?? [];
        foreach (string name in used)
        {
            if (name.Length == 0 ? declared.Count > 0 : declared.Any(t => t.ToolSpec?.Name == name))
            {
                continue;
            }

            AITool? tool = options?.Tools?.FirstOrDefault(t => t.Name == name && t is AIFunctionDeclaration);
            declared.Add(tool is not null
                ? ToToolSpec(tool)
                : new Tool
                {
                    ToolSpec = new ToolSpecification
                    {
                        Name = name.Length == 0 ? "tool" : name,
                        Description = "A tool used earlier in this conversation.",
                        InputSchema = new ToolInputSchema { Json = JsonDocument.Parse("""{"type":"object"}""").RootElement },
                    },
                });
        }

        request.ToolConfig ??= new ToolConfiguration();
        request.ToolConfig.Tools = declared;
    }

    private static Tool ToToolSpec(AITool tool) => tool switch
    {
        AIFunctionDeclaration function => new Tool
        {
            ToolSpec = new ToolSpecification
            {
                Name = function.Name,
                Description = string.IsNullOrWhiteSpace(function.Description) ? function.Name : function.Description,
                InputSchema = new ToolInputSchema { Json = function.JsonSchema },
            },
        },
        _ => throw new NotSupportedException(
            $"Tool '{tool.Name}' ({tool.GetType().Name}) has no Converse equivalent: only functions (AIFunctionDeclaration) can " +
            "be declared; for other Converse tools, return a ConverseRequest with its toolConfig from ChatOptions.RawRepresentationFactory."),
    };

    private static NotSupportedException Unsupported(AIContent content, string where) => new(
        $"{content.GetType().Name} cannot be sent in {where}: Converse has no equivalent. Set the content's RawRepresentation to a " +
        $"{nameof(ContentBlock)} to send a block as it is.");

    /// <summary>The chat response for a Converse response.</summary>
    public static ChatResponse ToChatResponse(ConverseResponse response, ConversePlan plan)
    {
        var message = new ChatMessage(ChatRole.Assistant, []) { RawRepresentation = response.Output?.Message };
        bool structuredAnswer = false;
        if (response.Output?.Message?.Content is { } blocks)
        {
            foreach (ContentBlock block in blocks)
            {
                if (plan.StructuredOutputTool && block.ToolUse is { Name: StructuredOutputToolName } answer)
                {
                    // The structured-output tool's input is the answer.
                    message.Contents.Add(new TextContent(answer.Input?.GetRawText() ?? "{}") { RawRepresentation = block });
                    structuredAnswer = true;
                }
                else
                {
                    message.Contents.Add(FromBlock(block));
                }
            }
        }

        var result = new ChatResponse(message)
        {
            ModelId = plan.Request.ModelId,
            FinishReason = structuredAnswer && response.StopReason == "tool_use" ? ChatFinishReason.Stop : FinishReasonOf(response.StopReason),
            Usage = UsageOf(response.Usage),
            RawRepresentation = response,
            CreatedAt = DateTimeOffset.UtcNow,
        };

        var extra = new AdditionalPropertiesDictionary();
        AddIfNotNull(extra, "stopReason", response.StopReason);
        AddIfNotNull(extra, "latencyMs", response.Metrics?.LatencyMs);
        AddIfNotNull(extra, "additionalModelResponseFields", response.AdditionalModelResponseFields);
        AddIfNotNull(extra, "trace", response.Trace);
        AddIfNotNull(extra, "performanceConfig", response.PerformanceConfig);
        AddIfNotNull(extra, "serviceTier", response.ServiceTier);
        AddIgnoredOptions(extra, plan);
        result.AdditionalProperties = extra.Count > 0 ? extra : null;
        return result;
    }

    /// <summary>Names the chat options the model family could not take, under <c>bedrock.ignoredOptions</c>.</summary>
    public static void AddIgnoredOptions(AdditionalPropertiesDictionary properties, ConversePlan plan)
    {
        if (plan.IgnoredOptions.Count > 0)
        {
            properties[BedrockChatOptionKeys.IgnoredOptions] = plan.IgnoredOptions.ToArray();
        }
    }

    /// <summary>Adds <paramref name="value"/> under <paramref name="key"/> unless it is null.</summary>
    public static void AddIfNotNull(AdditionalPropertiesDictionary properties, string key, object? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }

    /// <summary>The M.E.AI content for a Converse content block; a block with no equivalent keeps its raw form.</summary>
    public static AIContent FromBlock(ContentBlock block) => block switch
    {
        { Text: { } text } => new TextContent(text) { RawRepresentation = block },
        { ToolUse: { } use } => new FunctionCallContent(use.ToolUseId ?? string.Empty, use.Name ?? string.Empty, ArgumentsOf(use.Input))
        {
            RawRepresentation = block,
        },
        { ReasoningContent.ReasoningText: { } reasoning } => new TextReasoningContent(reasoning.Text)
        {
            ProtectedData = reasoning.Signature,
            RawRepresentation = block,
        },
        { ReasoningContent.RedactedContent: { } redacted } => new TextReasoningContent(string.Empty)
        {
            ProtectedData = Convert.ToBase64String(redacted),
            RawRepresentation = block,
        },
        { Image: { Source.Bytes: { } bytes } image } => new DataContent(bytes, "image/" + (image.Format ?? "png")) { RawRepresentation = block },
        _ => new AIContent { RawRepresentation = block },
    };

    private static Dictionary<string, object?>? ArgumentsOf(JsonElement? input) =>
        input is { ValueKind: JsonValueKind.Object } element
            ? element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : null;

    /// <summary>Parses the concatenated tool-input fragments of a stream; a parse failure is kept on the call, not thrown.</summary>
    public static FunctionCallContent ParseStreamedCall(string callId, string name, string json) =>
        FunctionCallContent.CreateFromParsedArguments(
            json.Length == 0 ? "{}" : json,
            callId,
            name,
            static text =>
            {
                using var document = JsonDocument.Parse(text);
                return ArgumentsOf(document.RootElement);
            });

    /// <summary>Converse stop reason → finish reason; an unknown reason passes through as a custom one.</summary>
    public static ChatFinishReason? FinishReasonOf(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "content_filtered" or "guardrail_intervened" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(stopReason),
    };

    /// <summary>Token usage, with cache reads as cached input and cache writes as an additional count.</summary>
    public static UsageDetails? UsageOf(TokenUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.InputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalTokens,
            CachedInputTokenCount = usage.CacheReadInputTokens,
        };
        if (usage.CacheWriteInputTokens is int written)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long> { ["CacheWriteInputTokens"] = written };
        }

        return details;
    }
}

/// <summary>
/// A Converse request as <see cref="ConverseMapping.Plan"/> built it: the options the model family cannot take (left out),
/// and whether a JSON response format travels as the structured-output tool (whose input is then the answer).
/// </summary>
internal sealed record ConversePlan(ConverseRequest Request, IReadOnlyList<string> IgnoredOptions, bool StructuredOutputTool);
