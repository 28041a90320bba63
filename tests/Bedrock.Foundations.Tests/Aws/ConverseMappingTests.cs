using System.Text.Json;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Tests.Aws;

public sealed class ConverseMappingTests
{
    private const string Claude = "anthropic.claude-3-haiku-20240307-v1:0";

    private static ConverseRequest Map(IEnumerable<ChatMessage> messages, ChatOptions? options = null, string? model = Claude)
    {
        using var client = new NoClient();
        return ConverseMapping.ToRequest(client, messages, options, model);
    }

    private static string Json(ConverseRequest request) => JsonSerializer.Serialize(request, BedrockJsonContext.Default.ConverseRequest);

    [Test]
    public void ToRequest_SystemInstructionsAndRoles_MapToSystemBlocksAndAlternatingMessages()
    {
        ConverseRequest request = Map(
            [
                new ChatMessage(ChatRole.System, "Be brief."),
                new ChatMessage(ChatRole.User, "Hi"),
                new ChatMessage(ChatRole.User, "there"),
                new ChatMessage(ChatRole.Assistant, "Hello"),
            ],
            new ChatOptions { Instructions = "Answer in English." });

        Assert.That(request.ModelId, Is.EqualTo(Claude));
        Assert.That(request.System!.Select(s => s.Text), Is.EqualTo(new[] { "Answer in English.", "Be brief." }));
        Assert.That(request.Messages!.Select(m => m.Role), Is.EqualTo(new[] { "user", "assistant" }));
        Assert.That(request.Messages![0].Content!.Select(c => c.Text), Is.EqualTo(new[] { "Hi", "there" }), "adjacent user messages merge");
        Assert.That(request.Messages![1].Content!.Single().Text, Is.EqualTo("Hello"));
    }

    [Test]
    public void ToRequest_BlankTextAndEmptyMessages_AreLeftOut()
    {
        ConverseRequest request = Map([new ChatMessage(ChatRole.User, "  "), new ChatMessage(ChatRole.User, "Question")]);

        Assert.That(request.Messages, Has.Count.EqualTo(1));
        Assert.That(request.Messages![0].Content!.Single().Text, Is.EqualTo("Question"));
    }

    [Test]
    public void ToRequest_ModelId_OptionsWinOverDefault_AndMissingThrows()
    {
        Assert.That(Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "amazon.nova-lite-v1:0" }).ModelId,
            Is.EqualTo("amazon.nova-lite-v1:0"));

        var e = Assert.Throws<InvalidOperationException>(() => Map([new ChatMessage(ChatRole.User, "x")], null, model: null));
        Assert.That(e!.Message, Does.Contain("ChatOptions.ModelId").And.Contain("defaultModelId"));
    }

    [Test]
    public void ToRequest_InferenceOptions_GoToInferenceConfig()
    {
        ConverseRequest request = Map(
            [new ChatMessage(ChatRole.User, "x")],
            new ChatOptions { MaxOutputTokens = 100, Temperature = 0.25f, TopP = 0.9f, StopSequences = ["END", "STOP"] });

        Assert.That(request.InferenceConfig!.MaxTokens, Is.EqualTo(100));
        Assert.That(request.InferenceConfig.Temperature, Is.EqualTo(0.25f));
        Assert.That(request.InferenceConfig.TopP, Is.EqualTo(0.9f));
        Assert.That(request.InferenceConfig.StopSequences, Is.EqualTo(new[] { "END", "STOP" }));
        Assert.That(request.AdditionalModelRequestFields, Is.Null, "nothing model-specific was asked for");
    }

    [TestCase(Claude, """{"top_k":40}""")]
    [TestCase("us.anthropic.claude-3-5-haiku-20241022-v1:0", """{"top_k":40}""")]
    [TestCase("mistral.mistral-large-2407-v1:0", """{"top_k":40}""")]
    [TestCase("amazon.nova-pro-v1:0", """{"inferenceConfig":{"topK":40}}""")]
    [TestCase("eu.amazon.nova-lite-v1:0", """{"inferenceConfig":{"topK":40}}""")]
    [TestCase("cohere.command-r-plus-v1:0", """{"k":40}""")]
    [TestCase("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0", """{"top_k":40}""")]
    public void ToRequest_TopK_IsPlacedPerModelFamily(string modelId, string expected)
    {
        ConverseRequest request = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { TopK = 40, ModelId = modelId });

        Assert.That(request.AdditionalModelRequestFields!.Value.GetRawText(), Is.EqualTo(expected));
    }

    [Test]
    public void ToRequest_AdditionalProperties_MapKnownKeysAndPassTheRestToTheModel()
    {
        var guardrail = new GuardrailConfiguration { GuardrailIdentifier = "gr-1", GuardrailVersion = "DRAFT", Trace = "enabled" };
        var options = new ChatOptions
        {
            Seed = 7,
            AdditionalProperties = new()
            {
                [BedrockChatOptionKeys.GuardrailConfig] = guardrail,
                [BedrockChatOptionKeys.RequestMetadata] = new Dictionary<string, string> { ["team"] = "search" },
                [BedrockChatOptionKeys.AdditionalModelResponseFieldPaths] = new[] { "/stop_sequence" },
                [BedrockChatOptionKeys.PerformanceConfig] = "optimized",
                [BedrockChatOptionKeys.ServiceTier] = "flex",
                ["anthropic_beta"] = new[] { "x" },
            },
        };

        ConverseRequest request = Map([new ChatMessage(ChatRole.User, "x")], options);

        Assert.That(request.GuardrailConfig, Is.SameAs(guardrail));
        Assert.That(request.RequestMetadata!["team"], Is.EqualTo("search"));
        Assert.That(request.AdditionalModelResponseFieldPaths, Is.EqualTo(new[] { "/stop_sequence" }));
        Assert.That(request.PerformanceConfig!.Latency, Is.EqualTo("optimized"));
        Assert.That(request.ServiceTier!.Type, Is.EqualTo("flex"));
        Assert.That(request.AdditionalModelRequestFields!.Value.GetRawText(), Is.EqualTo("""{"anthropic_beta":["x"]}"""), "Claude takes no seed");
    }

    [Test]
    public void ToRequest_AKnownKeyWithTheWrongType_ThrowsNamingTheKey()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [BedrockChatOptionKeys.GuardrailConfig] = 42 } };

        var e = Assert.Throws<NotSupportedException>(() => Map([new ChatMessage(ChatRole.User, "x")], options));
        Assert.That(e!.Message, Does.Contain(BedrockChatOptionKeys.GuardrailConfig).And.Contain("GuardrailConfiguration"));
    }

    [Test]
    public void ToRequest_FunctionCallAndResult_MapToToolUseAndToolResult()
    {
        ConverseRequest request = Map(
        [
            new ChatMessage(ChatRole.User, "Weather in Paris?"),
            new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-1", "18 °C")]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-2", 42)]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-3", null) { Exception = new InvalidOperationException("boom") }]),
        ]);

        Assert.That(request.Messages!.Select(m => m.Role), Is.EqualTo(new[] { "user", "assistant", "user" }));
        ToolUseBlock use = request.Messages![1].Content!.Single().ToolUse!;
        Assert.That((use.ToolUseId, use.Name, use.Input!.Value.GetRawText()), Is.EqualTo(("call-1", "get_weather", """{"city":"Paris"}""")));

        var results = request.Messages![2].Content!.Select(c => c.ToolResult!).ToList();
        Assert.That(results.Select(r => r.ToolUseId), Is.EqualTo(new[] { "call-1", "call-2", "call-3" }));
        Assert.That(results[0].Content!.Single().Text, Is.EqualTo("18 °C"));
        Assert.That(results[0].Status, Is.EqualTo("success"));
        Assert.That(results[1].Content!.Single().Json!.Value.GetRawText(), Is.EqualTo("""{"result":42}"""));
        Assert.That(results[2].Status, Is.EqualTo("error"));
        Assert.That(results[2].Content!.Single().Text, Does.Contain("boom"));
    }

    [Test]
    public void ToRequest_ImagesAndDocuments_MapByMediaType()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47];
        ConverseRequest request = Map(
        [
            new ChatMessage(ChatRole.User,
            [
                new DataContent(png, "image/png"),
                new DataContent("%PDF"u8.ToArray(), "application/pdf") { Name = "Q3 report: final.pdf" },
                new UriContent("s3://bucket/notes.md", "text/markdown"),
            ]),
        ]);

        IList<ContentBlock> blocks = request.Messages![0].Content!;
        Assert.That(blocks[0].Image!.Format, Is.EqualTo("png"));
        Assert.That(blocks[0].Image!.Source!.Bytes, Is.EqualTo(png));
        Assert.That(blocks[1].Document!.Format, Is.EqualTo("pdf"));
        Assert.That(blocks[1].Document!.Name, Is.EqualTo("Q3 report- final-pdf"));
        Assert.That(blocks[2].Document!.Source!.S3Location!.Uri, Is.EqualTo("s3://bucket/notes.md"));
        Assert.That(blocks[2].Document!.Name, Is.EqualTo("notes"));
    }

    [Test]
    public void ToRequest_UnsupportedMediaType_ThrowsWithTheAllowedFormats()
    {
        var e = Assert.Throws<NotSupportedException>(() => Map([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "image/bmp")])]));
        Assert.That(e!.Message, Does.Contain("image/bmp").And.Contain("png, jpeg, gif, webp"));

        e = Assert.Throws<NotSupportedException>(() => Map([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "audio/wav")])]));
        Assert.That(e!.Message, Does.Contain("audio/wav"));
    }

    [Test]
    public void ToRequest_ContentWithARawContentBlock_IsSentAsItIs()
    {
        var block = new ContentBlock { CachePoint = new CachePointBlock { Type = "default" } };
        ConverseRequest request = Map([new ChatMessage(ChatRole.User, [new TextContent("x"), new AIContent { RawRepresentation = block }])]);

        Assert.That(request.Messages![0].Content![1], Is.SameAs(block));
    }

    [Test]
    public void ToRequest_UnmappableContent_Throws()
    {
        var e = Assert.Throws<NotSupportedException>(() => Map([new ChatMessage(ChatRole.User, [new ErrorContent("x")])]));
        Assert.That(e!.Message, Does.Contain("ErrorContent").And.Contain(nameof(ContentBlock)));
    }

    [Test]
    public void ToRequest_CachePointOnAMessage_AddsACachePointBlock()
    {
        var message = new ChatMessage(ChatRole.User, "long context") { AdditionalProperties = new() { [BedrockChatOptionKeys.CachePoint] = true } };

        ConverseRequest request = Map([message]);

        Assert.That(request.Messages![0].Content![1].CachePoint!.Type, Is.EqualTo("default"));
    }

    [Test]
    public void ToRequest_ToolsAndToolModes_MapToToolConfig()
    {
        AIFunction weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather", "Weather for a city");

        ConverseRequest auto = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.Auto });
        ConverseRequest any = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny });
        ConverseRequest named = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireSpecific("get_weather") });
        ConverseRequest none = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.None });

        ToolSpecification spec = auto.ToolConfig!.Tools!.Single().ToolSpec!;
        Assert.That(spec.Name, Is.EqualTo("get_weather"));
        Assert.That(spec.Description, Is.EqualTo("Weather for a city"));
        Assert.That(spec.InputSchema!.Json!.Value.GetProperty("properties").TryGetProperty("city", out _), Is.True);
        Assert.That(auto.ToolConfig.ToolChoice!.Auto, Is.Not.Null);
        Assert.That(any.ToolConfig!.ToolChoice!.Any, Is.Not.Null);
        Assert.That(named.ToolConfig!.ToolChoice!.Tool!.Name, Is.EqualTo("get_weather"));
        Assert.That(none.ToolConfig, Is.Null, "ChatToolMode.None offers no tools");
        Assert.That(Json(auto), Does.Contain("\"toolChoice\":{\"auto\":{}}"));
    }

    [Test]
    public void ToRequest_JsonResponseFormat_ByDefault_IsAForcedStructuredOutputTool()
    {
        JsonElement schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""").RootElement;
        using var client = new NoClient();

        ConversePlan plan = ConverseMapping.Plan(client, [new ChatMessage(ChatRole.User, "x")],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer", "The answer") }, Claude);
        ConversePlan anyJson = ConverseMapping.Plan(client, [new ChatMessage(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, Claude);

        Assert.That(plan.StructuredOutputTool, Is.True);
        Assert.That(plan.Request.OutputConfig, Is.Null);
        ToolSpecification spec = plan.Request.ToolConfig!.Tools!.Single().ToolSpec!;
        Assert.That(spec.Name, Is.EqualTo(ConverseMapping.StructuredOutputToolName));
        Assert.That(spec.Description, Is.EqualTo("The answer"));
        Assert.That(spec.InputSchema!.Json!.Value.GetProperty("properties").TryGetProperty("answer", out _), Is.True);
        Assert.That(plan.Request.ToolConfig.ToolChoice!.Tool!.Name, Is.EqualTo(ConverseMapping.StructuredOutputToolName));
        Assert.That(anyJson.Request.ToolConfig!.Tools!.Single().ToolSpec!.InputSchema!.Json!.Value.GetRawText(), Is.EqualTo("""{"type":"object"}"""));
    }

    [Test]
    public void ToRequest_JsonResponseFormat_Native_MapsToOutputConfig_AndIsTheDefaultWithTools()
    {
        JsonElement schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""").RootElement;
        AIFunction weather = AIFunctionFactory.Create((string city) => city, "get_weather");

        ConverseRequest native = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer", "The answer"),
            AdditionalProperties = new() { [BedrockChatOptionKeys.StructuredOutput] = "native" },
        });
        ConverseRequest withTools = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Tools = [weather] });

        JsonSchemaDefinition definition = native.OutputConfig!.TextFormat!.Structure!.JsonSchema!;
        Assert.That(native.OutputConfig.TextFormat.Type, Is.EqualTo("json_schema"));
        Assert.That(JsonDocument.Parse(definition.Schema!).RootElement.GetProperty("properties").TryGetProperty("answer", out _), Is.True);
        Assert.That((definition.Name, definition.Description), Is.EqualTo(("answer", "The answer")));
        Assert.That(native.ToolConfig, Is.Null);
        Assert.That(native.AdditionalModelRequestFields, Is.Null, "the mode key is not sent to the model");
        Assert.That(withTools.OutputConfig!.TextFormat!.Structure!.JsonSchema!.Schema, Is.EqualTo("""{"type":"object"}"""));
        Assert.That(withTools.ToolConfig!.Tools!.Single().ToolSpec!.Name, Is.EqualTo("get_weather"));
    }

    [Test]
    public void ToRequest_StructuredOutputToolWithOtherTools_OrAnUnknownMode_Throws()
    {
        AIFunction weather = AIFunctionFactory.Create((string city) => city, "get_weather");

        var e = Assert.Throws<NotSupportedException>(() => Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.Json,
            Tools = [weather],
            AdditionalProperties = new() { [BedrockChatOptionKeys.StructuredOutput] = "tool" },
        }));
        Assert.That(e!.Message, Does.Contain("cannot be combined with other tools"));

        e = Assert.Throws<NotSupportedException>(() => Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new() { [BedrockChatOptionKeys.StructuredOutput] = "grammar" },
        }));
        Assert.That(e!.Message, Does.Contain("\"tool\" or \"native\"").And.Contain("grammar"));
    }

    [Test]
    public void ToChatResponse_StructuredOutputTool_TheToolInputIsTheAnswer()
    {
        var response = JsonSerializer.Deserialize(
            """
            {"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t","name":"generate_response","input":{"answer":"Paris"}}}]}},
             "stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":1}}
            """,
            BedrockJsonContext.Default.ConverseResponse)!;

        ChatResponse chat = ConverseMapping.ToChatResponse(response, new ConversePlan(new ConverseRequest { ModelId = Claude }, [], StructuredOutputTool: true));

        Assert.That(chat.Text, Is.EqualTo("""{"answer":"Paris"}"""));
        Assert.That(chat.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(chat.Messages.Single().Contents.OfType<FunctionCallContent>(), Is.Empty);
    }

    [TestCase(Claude, new[] { "Seed", "FrequencyPenalty", "PresencePenalty" })]
    [TestCase("meta.llama3-1-70b-instruct-v1:0", new[] { "TopK", "Seed", "FrequencyPenalty", "PresencePenalty" })]
    [TestCase("cohere.command-r-plus-v1:0", new string[0])]
    public void Plan_OptionsTheFamilyCannotTake_AreLeftOutAndNamed(string modelId, string[] expected)
    {
        using var client = new NoClient();
        var options = new ChatOptions { ModelId = modelId, TopK = 5, Seed = 7, FrequencyPenalty = 0.1f, PresencePenalty = 0.2f };

        ConversePlan plan = ConverseMapping.Plan(client, [new ChatMessage(ChatRole.User, "x")], options, null);

        Assert.That(plan.IgnoredOptions, Is.EquivalentTo(expected));
        string fields = plan.Request.AdditionalModelRequestFields?.GetRawText() ?? "";
        foreach (string name in expected)
        {
            Assert.That(fields, Does.Not.Contain(name == "TopK" ? "top_k" : name == "Seed" ? "seed" : name == "FrequencyPenalty" ? "frequency" : "presence"));
        }

        if (modelId.StartsWith("cohere", StringComparison.Ordinal))
        {
            Assert.That(fields, Is.EqualTo("""{"k":5,"seed":7,"frequency_penalty":0.1,"presence_penalty":0.2}"""));
        }
    }

    [Test]
    public void ToRequest_HistoryWithToolUseButNoTools_DeclaresTheToolsItUsed()
    {
        AIFunction weather = AIFunctionFactory.Create((string city) => city, "get_weather", "Weather");
        ChatMessage[] history =
        [
            new ChatMessage(ChatRole.User, "Weather?"),
            new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }), new FunctionCallContent("c2", "get_time")]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "sunny"), new FunctionResultContent("c2", "noon")]),
            new ChatMessage(ChatRole.User, "Summarize."),
        ];

        ConverseRequest plain = Map(history);
        ConverseRequest none = Map(history, new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.None });

        Assert.That(plain.ToolConfig!.Tools!.Select(t => t.ToolSpec!.Name), Is.EqualTo(new[] { "get_weather", "get_time" }));
        Assert.That(plain.ToolConfig.ToolChoice, Is.Null);
        Assert.That(plain.ToolConfig.Tools![0].ToolSpec!.InputSchema!.Json!.Value.GetRawText(), Is.EqualTo("""{"type":"object"}"""));
        Assert.That(none.ToolConfig!.Tools![0].ToolSpec!.Description, Is.EqualTo("Weather"), "the declared function when the options have it");
        Assert.That(none.ToolConfig.ToolChoice, Is.Null);
        using JsonDocument json = JsonDocument.Parse(Json(plain));
        Assert.That(ServiceModelShapes.Runtime.Validate("ConverseRequest", json.RootElement), Is.Empty);
    }

    [Test]
    public void ToRequest_RawRepresentationFactory_PrefilledValuesWin()
    {
        var raw = new ConverseRequest
        {
            ModelId = "amazon.nova-micro-v1:0",
            InferenceConfig = new InferenceConfiguration { MaxTokens = 5 },
            Messages = [new Message { Role = "user", Content = [new ContentBlock { Text = "first" }] }],
        };
        var options = new ChatOptions { RawRepresentationFactory = _ => raw, MaxOutputTokens = 100, Temperature = 0.5f };

        ConverseRequest request = Map([new ChatMessage(ChatRole.User, "second")], options);

        Assert.That(request.ModelId, Is.EqualTo("amazon.nova-micro-v1:0"));
        Assert.That(request.InferenceConfig!.MaxTokens, Is.EqualTo(5));
        Assert.That(request.InferenceConfig.Temperature, Is.EqualTo(0.5f));
        Assert.That(request.Messages!.Single().Content!.Select(c => c.Text), Is.EqualTo(new[] { "first", "second" }));
    }

    [Test]
    public void ToStreamRequest_CopiesEveryMember_AndTheGuardrailBecomesTheStreamVariant()
    {
        ConverseRequest request = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions
        {
            MaxOutputTokens = 9,
            AdditionalProperties = new() { [BedrockChatOptionKeys.GuardrailConfig] = new GuardrailConfiguration { GuardrailIdentifier = "g", GuardrailVersion = "1" } },
        });

        ConverseStreamRequest stream = ConverseMapping.ToStreamRequest(request, null);

        Assert.That(stream.ModelId, Is.EqualTo(request.ModelId));
        Assert.That(stream.Messages, Is.SameAs(request.Messages));
        Assert.That(stream.InferenceConfig, Is.SameAs(request.InferenceConfig));
        Assert.That((stream.GuardrailConfig!.GuardrailIdentifier, stream.GuardrailConfig.GuardrailVersion), Is.EqualTo(("g", "1")));
    }

    [Test]
    public void ToRequest_EverythingTheChatClientCanSend_ValidatesAgainstTheServiceModel()
    {
        // Every kind of content and option the mapping handles, in one conversation: the JSON must be what the service
        // model allows (no unknown member, right types, unions with exactly one member), plain and streaming.
        JsonElement schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement;
        AIFunction weather = AIFunctionFactory.Create((string city) => city, "get_weather", "Weather for a city");
        ChatMessage[] messages =
        [
            new ChatMessage(ChatRole.System, "Be brief."),
            new ChatMessage(ChatRole.User,
            [
                new TextContent("Look at these."),
                new DataContent(new byte[] { 1, 2, 3 }, "image/jpeg"),
                new DataContent("a,b\n1,2"u8.ToArray(), "text/csv") { Name = "table" },
                new UriContent("s3://bucket/picture.webp", "image/webp"),
            ]) { AdditionalProperties = new() { [BedrockChatOptionKeys.CachePoint] = true } },
            new ChatMessage(ChatRole.Assistant,
            [
                new TextReasoningContent("thinking") { ProtectedData = "signature" },
                new FunctionCallContent("call-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 }),
            ]),
            new ChatMessage(ChatRole.Tool,
            [
                new FunctionResultContent("call-1", "sunny"),
                new FunctionResultContent("call-2", new Dictionary<string, object?> { ["temperature"] = 18 }),
                new FunctionResultContent("call-3", null) { Exception = new InvalidOperationException("failed") },
            ]),
            new ChatMessage(ChatRole.User, "And tomorrow?"),
        ];
        var options = new ChatOptions
        {
            Instructions = "Use the tools.",
            MaxOutputTokens = 512,
            Temperature = 0.3f,
            TopP = 0.9f,
            TopK = 50,
            StopSequences = ["END"],
            Seed = 1,
            Tools = [weather],
            ToolMode = ChatToolMode.RequireSpecific("get_weather"),
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "weather"),
            AdditionalProperties = new()
            {
                [BedrockChatOptionKeys.GuardrailConfig] = new GuardrailConfiguration { GuardrailIdentifier = "gr-1", GuardrailVersion = "1", Trace = "enabled" },
                [BedrockChatOptionKeys.RequestMetadata] = new Dictionary<string, string> { ["team"] = "search" },
                [BedrockChatOptionKeys.AdditionalModelResponseFieldPaths] = new[] { "/stop_sequence" },
                [BedrockChatOptionKeys.PerformanceConfig] = "optimized",
                [BedrockChatOptionKeys.ServiceTier] = "priority",
            },
        };

        ConverseRequest request = Map(messages, options);
        ConverseStreamRequest stream = ConverseMapping.ToStreamRequest(request, options);

        using JsonDocument plain = JsonDocument.Parse(Json(request));
        using JsonDocument streaming = JsonDocument.Parse(JsonSerializer.Serialize(stream, BedrockJsonContext.Default.ConverseStreamRequest));
        Assert.That(ServiceModelShapes.Runtime.Validate("ConverseRequest", plain.RootElement), Is.Empty, plain.RootElement.GetRawText());
        Assert.That(ServiceModelShapes.Runtime.Validate("ConverseStreamRequest", streaming.RootElement), Is.Empty, streaming.RootElement.GetRawText());
    }

    [TestCase("end_turn", "stop")]
    [TestCase("stop_sequence", "stop")]
    [TestCase("max_tokens", "length")]
    [TestCase("model_context_window_exceeded", "length")]
    [TestCase("tool_use", "tool_calls")]
    [TestCase("guardrail_intervened", "content_filter")]
    [TestCase("content_filtered", "content_filter")]
    [TestCase("malformed_tool_use", "malformed_tool_use")]
    public void FinishReasonOf_MapsStopReasons(string stopReason, string expected) =>
        Assert.That(ConverseMapping.FinishReasonOf(stopReason)!.Value.Value, Is.EqualTo(expected));

    [Test]
    public void ToChatResponse_MapsContentUsageAndExtras()
    {
        var response = JsonSerializer.Deserialize(
            """
            {"output":{"message":{"role":"assistant","content":[
                {"text":"Let me check."},
                {"toolUse":{"toolUseId":"t1","name":"get_weather","input":{"city":"Paris"}}},
                {"reasoningContent":{"reasoningText":{"text":"thinking","signature":"sig"}}}]}},
             "stopReason":"tool_use",
             "usage":{"inputTokens":10,"outputTokens":5,"totalTokens":15,"cacheReadInputTokens":3,"cacheWriteInputTokens":2,"serverToolUsage":{}},
             "metrics":{"latencyMs":123},
             "additionalModelResponseFields":{"stop_sequence":null}}
            """,
            BedrockJsonContext.Default.ConverseResponse)!;

        ChatResponse chat = ConverseMapping.ToChatResponse(response, new ConversePlan(new ConverseRequest { ModelId = Claude }, [], StructuredOutputTool: false));

        Assert.That(chat.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(chat.ModelId, Is.EqualTo(Claude));
        Assert.That(chat.Text, Is.EqualTo("Let me check."));
        var call = chat.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        Assert.That((call.CallId, call.Name, call.Arguments!["city"]?.ToString()), Is.EqualTo(("t1", "get_weather", "Paris")));
        var reasoning = chat.Messages.Single().Contents.OfType<TextReasoningContent>().Single();
        Assert.That((reasoning.Text, reasoning.ProtectedData), Is.EqualTo(("thinking", "sig")));
        Assert.That(chat.Usage!.InputTokenCount, Is.EqualTo(10));
        Assert.That(chat.Usage.OutputTokenCount, Is.EqualTo(5));
        Assert.That(chat.Usage.TotalTokenCount, Is.EqualTo(15));
        Assert.That(chat.Usage.CachedInputTokenCount, Is.EqualTo(3));
        Assert.That(chat.Usage.AdditionalCounts!["CacheWriteInputTokens"], Is.EqualTo(2));
        Assert.That(chat.AdditionalProperties!["latencyMs"], Is.EqualTo(123L));
        Assert.That(chat.AdditionalProperties["stopReason"], Is.EqualTo("tool_use"));
        Assert.That(chat.RawRepresentation, Is.SameAs(response));
    }

    [Test]
    public void FromBlock_UnknownBlock_KeepsItsRawForm()
    {
        var block = new ContentBlock { CachePoint = new CachePointBlock { Type = "default" } };

        AIContent content = ConverseMapping.FromBlock(block);

        Assert.That(content.GetType(), Is.EqualTo(typeof(AIContent)));
        Assert.That(content.RawRepresentation, Is.SameAs(block));
    }

    [Test]
    public void ParseStreamedCall_JoinsFragments_AndKeepsParseFailuresOnTheCall()
    {
        FunctionCallContent good = ConverseMapping.ParseStreamedCall("t", "f", """{"a": 1, "b": "x"}""");
        FunctionCallContent empty = ConverseMapping.ParseStreamedCall("t", "f", "");
        FunctionCallContent bad = ConverseMapping.ParseStreamedCall("t", "f", """{"a": """);

        Assert.That(good.Arguments!["b"]?.ToString(), Is.EqualTo("x"));
        Assert.That(good.Exception, Is.Null);
        Assert.That(empty.Arguments, Is.Empty);
        Assert.That(bad.Exception, Is.Not.Null);
    }

    [TestCase(null, "document")]
    [TestCase("  ", "document")]
    [TestCase("a  b\tc", "a b c")]
    [TestCase("x/y.z", "x-y-z")]
    [TestCase("(v2) [draft]", "(v2) [draft]")]
    public void DocumentName_KeepsOnlyWhatConverseAccepts(string? name, string expected) =>
        Assert.That(ConverseMapping.DocumentName(name), Is.EqualTo(expected));

    [Test]
    public void DocumentName_IsCutAt200Characters() =>
        Assert.That(ConverseMapping.DocumentName(new string('a', 300)), Has.Length.EqualTo(200));

    /// <summary>An IChatClient that is never called (the mapping only hands it to RawRepresentationFactory).</summary>
    private sealed class NoClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
