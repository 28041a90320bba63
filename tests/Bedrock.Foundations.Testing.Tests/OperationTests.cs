using System.Net;
using System.Text;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Tests;

public sealed class OperationTests
{
    private const string ModelId = BedrockEmulatorTests.ModelId;

    private static EmulatedConverseCall Call(string json) =>
        Internal.EmulatorHandler.BuildCall(ModelId, JsonDocument.Parse(json).RootElement);

    [Test]
    public async Task Converse_AnswersFromTheContextWithUsageAndMetrics()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);

        EmulatedConverseCall call = Call(BedrockEmulatorTests.RagRequest);
        string expected = ExtractiveAnswerer.Answer(call);
        JsonElement message = body.GetProperty("output").GetProperty("message");
        JsonElement usage = body.GetProperty("usage");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(expected, Does.Contain("Colosseum").And.Not.EqualTo(ExtractiveAnswerer.NoAnswer));
            Assert.That(message.GetProperty("role").GetString(), Is.EqualTo("assistant"));
            Assert.That(message.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo(expected));
            Assert.That(body.GetProperty("stopReason").GetString(), Is.EqualTo("end_turn"));
            Assert.That(usage.GetProperty("inputTokens").GetInt32(), Is.EqualTo(EmulatedTokenizer.CountTokens(call.Prompt)));
            Assert.That(usage.GetProperty("outputTokens").GetInt32(), Is.EqualTo(EmulatedTokenizer.CountTokens(expected)));
            Assert.That(usage.GetProperty("totalTokens").GetInt32(),
                Is.EqualTo(usage.GetProperty("inputTokens").GetInt32() + usage.GetProperty("outputTokens").GetInt32()));
            Assert.That(body.GetProperty("metrics").GetProperty("latencyMs").GetInt64(), Is.GreaterThanOrEqualTo(0));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(1));
        });
    }

    [Test]
    public void BuildCall_CollectsSystemQuestionPromptToolsAndMaxTokens()
    {
        EmulatedConverseCall call = Call("""
            {"system":[{"text":"S1"},{"text":"S2"}],
             "messages":[
               {"role":"user","content":[{"text":"first"}]},
               {"role":"assistant","content":[{"text":"reply"}]},
               {"role":"user","content":[{"text":"second"},{"document":{"format":"txt","name":"d","source":{"text":"doc text"}}},
                 {"toolResult":{"toolUseId":"t","content":[{"json":{"a":1}}]}}]}],
             "inferenceConfig":{"maxTokens":7},
             "toolConfig":{"tools":[{"toolSpec":{"name":"lookup","inputSchema":{"json":{}}}}]}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(call.ModelId, Is.EqualTo(ModelId));
            Assert.That(call.SystemPrompt, Is.EqualTo("S1\nS2"));
            Assert.That(call.Question, Is.EqualTo("second\ndoc text\n{\"a\":1}"));
            Assert.That(call.Prompt, Is.EqualTo("S1\nS2\nfirst\nreply\nsecond\ndoc text\n{\"a\":1}"));
            Assert.That(call.ToolNames, Is.EqualTo(new[] { "lookup" }));
            Assert.That(call.MaxTokens, Is.EqualTo(7));
            Assert.That(call.Request.ValueKind, Is.EqualTo(JsonValueKind.Object));
        });
    }

    [Test]
    public async Task Converse_UsesTheConfiguredModelAnswerAndTokenCounter()
    {
        BedrockEmulatorOptions options = new();
        options.Models["custom"] = new EmulatedModel
        {
            Answer = (call, _) => ValueTask.FromResult("echo: " + call.Question),
            CountTokens = text => text.Length,
        };
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.ConverseAsync("custom", """{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""");

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("echo: hi"));
            Assert.That(body.GetProperty("usage").GetProperty("inputTokens").GetInt32(), Is.EqualTo("hi".Length));
            Assert.That(body.GetProperty("usage").GetProperty("outputTokens").GetInt32(), Is.EqualTo("echo: hi".Length));
        });
    }

    [Test]
    public async Task Converse_AnswerLongerThanMaxTokens_IsCutWithStopReasonMaxTokens()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.Answer = (_, _) => ValueTask.FromResult("one two three four five six");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.ConverseAsync(ModelId, """{"messages":[{"role":"user","content":[{"text":"count"}]}],"inferenceConfig":{"maxTokens":4}}""");

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("one two three four"));
            Assert.That(body.GetProperty("stopReason").GetString(), Is.EqualTo("max_tokens"));
            Assert.That(body.GetProperty("usage").GetProperty("outputTokens").GetInt32(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Converse_StopSequence_CutsWithStopReasonStopSequence()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.Answer = (_, _) => ValueTask.FromResult("alpha beta END gamma");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.ConverseAsync(ModelId, """{"messages":[{"role":"user","content":[{"text":"x"}]}],"inferenceConfig":{"stopSequences":["END"]}}""");

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("alpha beta "));
            Assert.That(body.GetProperty("stopReason").GetString(), Is.EqualTo("stop_sequence"));
        });
    }

    [Test]
    public async Task Converse_ScriptedToolUse_ReturnsAToolUseBlock()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.ToolUse = call => call.ToolNames.Contains("weather")
            ? new EmulatedToolUse("weather", JsonDocument.Parse("""{"city":"Paris"}""").RootElement)
            : null;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.ConverseAsync(ModelId, """
            {"messages":[{"role":"user","content":[{"text":"Weather in Paris?"}]}],
             "toolConfig":{"tools":[{"toolSpec":{"name":"weather","inputSchema":{"json":{"type":"object"}}}}]}}
            """);

        JsonElement toolUse = body.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("toolUse");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("stopReason").GetString(), Is.EqualTo("tool_use"));
            Assert.That(toolUse.GetProperty("name").GetString(), Is.EqualTo("weather"));
            Assert.That(toolUse.GetProperty("toolUseId").GetString(), Does.StartWith("tooluse_"));
            Assert.That(toolUse.GetProperty("input").GetProperty("city").GetString(), Is.EqualTo("Paris"));
        });
    }

    [Test]
    public void EmulatedToolUse_RejectsANonObjectInput()
    {
        Assert.That(() => new EmulatedToolUse("t", JsonDocument.Parse("[1]").RootElement),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("input").And.Message.Contains("must be a JSON object"));
        Assert.That(() => new EmulatedToolUse(" ", JsonDocument.Parse("{}").RootElement),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
    }

    [Test]
    public async Task Converse_GuardrailConfigWithABlockedWord_Intervenes()
    {
        BedrockEmulatorOptions options = new();
        options.GuardrailBlockedWords.Add("forbidden topic");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.ConverseAsync(ModelId, """
            {"messages":[{"role":"user","content":[{"text":"Tell me about the Forbidden Topic."}]}],
             "guardrailConfig":{"guardrailIdentifier":"gr","guardrailVersion":"1"}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("stopReason").GetString(), Is.EqualTo("guardrail_intervened"));
            Assert.That(body.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString(),
                Is.EqualTo(options.GuardrailBlockedMessage));
        });
    }

    [TestCase("""{"messages":[]}""", "at least one message")]
    [TestCase("""{"messages":[{"role":"assistant","content":[{"text":"x"}]}]}""", "must start with a user message")]
    [TestCase("""not json""", "Malformed input request")]
    public async Task Converse_InvalidConversation_Is400ValidationException(string json, string message)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        HttpResponseMessage response = await client.SendAsync("/model/{modelId}/converse", ModelId, json);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("ValidationException"));
            Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("message").GetString(), Does.Contain(message));
        });
    }

    [TestCase(256)]
    [TestCase(512)]
    [TestCase(1024)]
    public async Task InvokeModel_TitanV2_ReturnsANormalizedDeterministicEmbedding(int dimensions)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);
        string text = "The quick brown fox";

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/model/{modelId}/invoke", "amazon.titan-embed-text-v2:0",
            $$"""{"inputText":"{{text}}","dimensions":{{dimensions}},"normalize":true}""");

        float[] embedding = body.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        float[] byType = body.GetProperty("embeddingsByType").GetProperty("float").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        double norm = Math.Sqrt(embedding.Sum(v => (double)v * v));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(embedding, Has.Length.EqualTo(dimensions));
            Assert.That(norm, Is.EqualTo(1).Within(1e-5));
            Assert.That(embedding, Is.EqualTo(HashedEmbedding.Embed(text, dimensions)));
            Assert.That(byType, Is.EqualTo(embedding));
            Assert.That(body.GetProperty("inputTextTokenCount").GetInt32(), Is.EqualTo(EmulatedTokenizer.CountTokens(text)));
            Assert.That(response.Headers.GetValues("X-Amzn-Bedrock-Input-Token-Count").Single(), Is.EqualTo(EmulatedTokenizer.CountTokens(text).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task InvokeModel_TitanV2NotNormalized_ReturnsTheRawFeatureCountsAndBinary()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.PostJsonAsync("/model/{modelId}/invoke", "amazon.titan-embed-text-v2:0",
            """{"inputText":"a b a","dimensions":256,"normalize":false,"embeddingTypes":["binary"]}""");

        float[] embedding = body.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        int[] binary = body.GetProperty("embeddingsByType").GetProperty("binary").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(embedding, Is.EqualTo(HashedEmbedding.EmbedUnnormalized("a b a", 256)));
            Assert.That(binary, Is.EqualTo(embedding.Select(v => v > 0 ? 1 : 0).ToArray()));
            Assert.That(body.GetProperty("embeddingsByType").TryGetProperty("float", out _), Is.False);
        });
    }

    [Test]
    public async Task InvokeModel_CustomEmbeddingGenerator_IsUsed()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.Embed = (text, dims) => Enumerable.Repeat((float)text.Length, dims).ToArray();
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement body) = await client.PostJsonAsync("/model/{modelId}/invoke", "amazon.titan-embed-text-v2:0", """{"inputText":"abc","dimensions":256}""");

        Assert.That(body.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()), Is.All.EqualTo(3f));
    }

    [Test]
    public async Task InvokeModel_Cohere_EmbedsEveryText()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/model/{modelId}/invoke", "cohere.embed-english-v3",
            """{"texts":["first text","second text"],"input_type":"search_document"}""");
        (_, JsonElement byType) = await client.PostJsonAsync("/model/{modelId}/invoke", "cohere.embed-english-v3",
            """{"texts":["first text"],"input_type":"search_query","embedding_types":["float","int8"]}""");

        JsonElement embeddings = body.GetProperty("embeddings");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("response_type").GetString(), Is.EqualTo("embeddings_floats"));
            Assert.That(body.GetProperty("texts").GetArrayLength(), Is.EqualTo(2));
            Assert.That(body.GetProperty("id").GetString(), Is.Not.Empty);
            Assert.That(embeddings.GetArrayLength(), Is.EqualTo(2));
            Assert.That(embeddings[1].EnumerateArray().Select(e => e.GetSingle()), Is.EqualTo(HashedEmbedding.Embed("second text", 1024)));
            Assert.That(byType.GetProperty("response_type").GetString(), Is.EqualTo("embeddings_by_type"));
            Assert.That(byType.GetProperty("embeddings").GetProperty("float")[0].GetArrayLength(), Is.EqualTo(1024));
            Assert.That(byType.GetProperty("embeddings").GetProperty("int8")[0].EnumerateArray().All(e => e.GetInt32() is >= -128 and <= 127), Is.True);
        });
    }

    [TestCase("amazon.titan-embed-text-v2:0", """{"inputText":"x","extra":1}""", "extraneous key [extra]")]
    [TestCase("amazon.titan-embed-text-v2:0", """{"inputText":"x","dimensions":300}""", "#/dimensions")]
    [TestCase("amazon.titan-embed-text-v2:0", """{"inputText":5}""", "inputText")]
    [TestCase("cohere.embed-english-v3", """{"texts":["x"]}""", "input_type")]
    [TestCase(ModelId, """{"anthropic_version":"bedrock-2023-05-31","messages":[]}""", "only for embedding models")]
    public async Task InvokeModel_InvalidBody_Is400ValidationException(string modelId, string json, string message)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/model/{modelId}/invoke", modelId, json);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("ValidationException"));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain(message));
        });
    }

    [Test]
    public async Task CountTokens_Converse_MatchesConverseInputTokens()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (_, JsonElement converse) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        (HttpResponseMessage response, JsonElement count) = await client.PostJsonAsync("/model/{modelId}/count-tokens", ModelId,
            "{\"input\":{\"converse\":" + BedrockEmulatorTests.RagRequest + "}}");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(count.GetProperty("inputTokens").GetInt32(), Is.EqualTo(converse.GetProperty("usage").GetProperty("inputTokens").GetInt32()));
        });
    }

    [Test]
    public async Task CountTokens_InvokeModelBody_CountsItsStringValues()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);
        string native = """{"inputText":"Hello, world!"}""";

        (_, JsonElement count) = await client.PostJsonAsync("/model/{modelId}/count-tokens", ModelId,
            "{\"input\":{\"invokeModel\":{\"body\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(native)) + "\"}}}");

        Assert.That(count.GetProperty("inputTokens").GetInt32(), Is.EqualTo(EmulatedTokenizer.CountTokens("Hello, world!")));
    }

    [TestCase("Tell me a secret plan.", "GUARDRAIL_INTERVENED")]
    [TestCase("Tell me a public plan.", "NONE")]
    public async Task ApplyGuardrail_IntervenesOnConfiguredWords(string text, string action)
    {
        BedrockEmulatorOptions options = new();
        options.GuardrailBlockedWords.Add("secret");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/guardrail/{guardrailIdentifier}/version/DRAFT/apply", "gr-1",
            "{\"source\":\"INPUT\",\"content\":[{\"text\":{\"text\":\"" + text + "\"}}]}");

        bool intervened = action == "GUARDRAIL_INTERVENED";
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("action").GetString(), Is.EqualTo(action));
            Assert.That(body.GetProperty("outputs").GetArrayLength(), Is.EqualTo(intervened ? 1 : 0));
            Assert.That(body.GetProperty("assessments").GetArrayLength(), Is.EqualTo(1));
            Assert.That(body.GetProperty("assessments")[0].TryGetProperty("wordPolicy", out JsonElement word), Is.EqualTo(intervened));
            if (intervened)
            {
                Assert.That(body.GetProperty("outputs")[0].GetProperty("text").GetString(), Is.EqualTo(options.GuardrailBlockedMessage));
                Assert.That(word.GetProperty("customWords")[0].GetProperty("match").GetString(), Is.EqualTo("secret"));
                Assert.That(word.GetProperty("customWords")[0].GetProperty("action").GetString(), Is.EqualTo("BLOCKED"));
            }

            Assert.That(body.GetProperty("usage").GetProperty("wordPolicyUnits").GetInt32(), Is.EqualTo(1));
            Assert.That(emulator.RequestLog.Last!.ResourceId, Is.EqualTo("gr-1"));
        });
    }

    [Test]
    public async Task Retrieve_RanksDocumentsByWordOverlap()
    {
        BedrockEmulatorOptions options = new();
        options.KnowledgeBaseDocuments.Add(new EmulatedDocument("d1", "Bananas are yellow fruit."));
        options.KnowledgeBaseDocuments.Add(new EmulatedDocument("d2", "The Colosseum is an amphitheatre in Rome.", new Dictionary<string, string> { ["source"] = "wiki" }));
        options.KnowledgeBaseDocuments.Add(new EmulatedDocument("d3", "Rome is the capital of Italy."));
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/knowledgebases/{knowledgeBaseId}/retrieve", "KB12345678",
            """{"retrievalQuery":{"text":"Where is the Colosseum in Rome?"},"retrievalConfiguration":{"vectorSearchConfiguration":{"numberOfResults":2}}}""");

        JsonElement results = body.GetProperty("retrievalResults");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(results.GetArrayLength(), Is.EqualTo(2));
            Assert.That(results[0].GetProperty("documentId").GetString(), Is.EqualTo("d2"));
            Assert.That(results[1].GetProperty("documentId").GetString(), Is.EqualTo("d3"));
            Assert.That(results[0].GetProperty("score").GetDouble(), Is.GreaterThan(results[1].GetProperty("score").GetDouble()));
            Assert.That(results[0].GetProperty("content").GetProperty("text").GetString(), Is.EqualTo(options.KnowledgeBaseDocuments[1].Text));
            Assert.That(results[0].GetProperty("content").GetProperty("type").GetString(), Is.EqualTo("TEXT"));
            Assert.That(results[0].GetProperty("location").GetProperty("type").GetString(), Is.EqualTo("CUSTOM"));
            Assert.That(results[0].GetProperty("location").GetProperty("customDocumentLocation").GetProperty("id").GetString(), Is.EqualTo("d2"));
            Assert.That(results[0].GetProperty("metadata").GetProperty("source").GetString(), Is.EqualTo("wiki"));
            Assert.That(emulator.RequestLog.Last!.Operation, Is.EqualTo(BedrockEmulatorOperation.Retrieve));
        });
    }

    [Test]
    public async Task Rerank_ScoresSourcesByWordOverlapSortedDescending()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/rerank", null, """
            {"queries":[{"type":"TEXT","textQuery":{"text":"red apples"}}],
             "sources":[
               {"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"Bananas are yellow."}}},
               {"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"Some apples are red."}}},
               {"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"Green apples."}}}],
             "rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":{"numberOfResults":3,
               "modelConfiguration":{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0"}}}}
            """);

        JsonElement results = body.GetProperty("results");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(results.EnumerateArray().Select(r => r.GetProperty("index").GetInt32()), Is.EqualTo(new[] { 1, 2, 0 }));
            Assert.That(results[0].GetProperty("relevanceScore").GetSingle(), Is.EqualTo(1f));
            Assert.That(results[1].GetProperty("relevanceScore").GetSingle(), Is.EqualTo(0.5f));
            Assert.That(results[2].GetProperty("relevanceScore").GetSingle(), Is.Zero);
            Assert.That(results[0].GetProperty("document").GetProperty("textDocument").GetProperty("text").GetString(), Is.EqualTo("Some apples are red."));
        });
    }

    [Test]
    public async Task Converse_AnswerFunctionThrows_Is424ModelErrorException()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.Answer = (_, _) => throw new InvalidOperationException("boom");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(424));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("ModelErrorException"));
            Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("The emulated model failed: InvalidOperationException: boom"));
        });
    }

    [Test]
    public async Task Rerank_WithoutRerankingConfiguration_Is400ValidationException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/rerank", null,
            """{"queries":[{"type":"TEXT","textQuery":{"text":"q"}}],"sources":[{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"q"}}}]}""");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain("'rerankingConfiguration'"));
        });
    }
}
