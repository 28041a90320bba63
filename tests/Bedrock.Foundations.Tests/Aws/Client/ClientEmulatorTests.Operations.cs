using System.Text;
using System.Text.Json;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;
using Bedrock.Foundations.Tests.Aws.ServiceModel;
using static Bedrock.Foundations.Tests.Aws.Client.ClientEmulatorHarness;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Every operation of the real client against the emulator on loopback; each request body checked against the service model.</summary>
public sealed class ClientEmulatorOperationTests
{
    [Test]
    public async Task Converse_AnswersFromTheContextWithUsage_AndSendsABodyOfTheServiceModel()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        ConverseResponse response = await client.ConverseAsync(Converse());

        string text = Text(response);
        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Paris"));
            Assert.That(response.Output!.Message!.Role, Is.EqualTo("assistant"));
            Assert.That(response.StopReason, Is.EqualTo("end_turn"));
            Assert.That(response.Usage!.InputTokens, Is.EqualTo(EmulatedTokenizer.CountTokens(SystemPrompt + "\n" + Question)));
            Assert.That(response.Usage.OutputTokens, Is.EqualTo(EmulatedTokenizer.CountTokens(text)));
            Assert.That(response.Usage.TotalTokens, Is.EqualTo(response.Usage.InputTokens + response.Usage.OutputTokens));
            Assert.That(response.Metrics!.LatencyMs, Is.GreaterThanOrEqualTo(0));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(1));
            Assert.That(received.StatusCode, Is.EqualTo(200));
            Assert.That(received.ResourceId, Is.EqualTo(Claude));
            Assert.That(received.RawTarget, Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"));
            Assert.That(received.Headers["content-type"], Does.StartWith("application/json"));
            Assert.That(received.Headers["authorization"], Does.StartWith("AWS4-HMAC-SHA256 Credential=" + BedrockEmulatorCredentials.DefaultAccessKeyId + "/"));
        });
        AssertBodyMatches(received, ServiceModelShapes.Runtime, "ConverseRequest");
    }

    [Test]
    public async Task ConverseStream_YieldsTheEventsInOrder_AndTheJoinedTextEqualsConverse()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        ConverseResponse whole = await client.ConverseAsync(Converse());
        List<ConverseStreamOutput> events = await CollectAsync(client.ConverseStreamAsync(ConverseStream()));

        List<string> types = events.Select(EventType).ToList();
        int deltas = types.Count(t => t == "contentBlockDelta");
        string[] expected = ["messageStart", .. Enumerable.Repeat("contentBlockDelta", deltas), "contentBlockStop", "messageStop", "metadata"];
        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(types, Is.EqualTo(expected));
            Assert.That(deltas, Is.GreaterThan(1), "the text arrives in pieces");
            Assert.That(Text(events), Is.EqualTo(Text(whole)));
            Assert.That(events[0].MessageStart!.Role, Is.EqualTo("assistant"));
            Assert.That(events.Where(e => e.ContentBlockDelta is not null).Select(e => e.ContentBlockDelta!.ContentBlockIndex), Is.All.EqualTo(0));
            Assert.That(events[^3].ContentBlockStop!.ContentBlockIndex, Is.EqualTo(0));
            Assert.That(events[^2].MessageStop!.StopReason, Is.EqualTo(whole.StopReason));
            Assert.That(events[^1].Metadata!.Usage!.InputTokens, Is.EqualTo(whole.Usage!.InputTokens));
            Assert.That(events[^1].Metadata!.Usage!.OutputTokens, Is.EqualTo(whole.Usage!.OutputTokens));
            Assert.That(events[^1].Metadata!.Usage!.TotalTokens, Is.EqualTo(whole.Usage!.TotalTokens));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream), Is.EqualTo(1));
            Assert.That(received.RawTarget, Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"));
        });
        AssertBodyMatches(received, ServiceModelShapes.Runtime, "ConverseStreamRequest");
    }

    [Test]
    public async Task ConverseStream_ToolUse_StreamsTheStartAndTheInputInDeltas()
    {
        JsonElement input = Json("""{"city":"Paris","unit":"celsius"}""");
        await using BedrockEmulator emulator = await StartAsync(o =>
            o.DefaultModel.ToolUse = call => call.ToolNames.Contains("get_weather") ? new EmulatedToolUse("get_weather", input) : null);
        using BedrockRuntimeClient client = NewClient(emulator);
        ConverseStreamRequest request = ConverseStream(question: "What is the weather in Paris?");
        request.ToolConfig = new ToolConfiguration
        {
            Tools =
            [
                new Tool
                {
                    ToolSpec = new ToolSpecification
                    {
                        Name = "get_weather",
                        Description = "The weather in a city.",
                        InputSchema = new ToolInputSchema { Json = Json("""{"type":"object","properties":{"city":{"type":"string"}}}""") },
                    },
                },
            ],
        };

        List<ConverseStreamOutput> events = await CollectAsync(client.ConverseStreamAsync(request));

        string json = string.Concat(events.Select(e => e.ContentBlockDelta?.Delta?.ToolUse?.Input));
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(EventType), Is.EqualTo(new[] { "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata" }));
            Assert.That(events[1].ContentBlockStart!.Start!.ToolUse!.Name, Is.EqualTo("get_weather"));
            Assert.That(events[1].ContentBlockStart!.Start!.ToolUse!.ToolUseId, Is.Not.Empty);
            Assert.That(Json(json).GetProperty("city").GetString(), Is.EqualTo("Paris"));
            Assert.That(events[^2].MessageStop!.StopReason, Is.EqualTo("tool_use"));
        });
        AssertBodyMatches(emulator.RequestLog.Last!, ServiceModelShapes.Runtime, "ConverseStreamRequest");
    }

    [Test]
    public async Task InvokeModel_Titan_SendsTheRawBodyAndReturnsTheRawBodyAndContentType()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);
        const string Input = "The capital of France is Paris.";
        byte[] body = Encoding.UTF8.GetBytes($$"""{"inputText":"{{Input}}","dimensions":256,"normalize":true}""");

        InvokeModelResponse response = await client.InvokeModelAsync(new InvokeModelRequest
        {
            ModelId = TitanEmbed,
            Body = body,
            ContentType = "application/json",
            Accept = "application/json",
        });

        using JsonDocument json = JsonDocument.Parse(response.Body);
        float[] embedding = json.RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(response.ContentType, Does.StartWith("application/json"));
            Assert.That(embedding, Is.EqualTo(HashedEmbedding.Embed(Input, 256)));
            Assert.That(json.RootElement.GetProperty("inputTextTokenCount").GetInt32(), Is.EqualTo(EmulatedTokenizer.CountTokens(Input)));
            Assert.That(received.Body.ToArray(), Is.EqualTo(body), "the body is sent byte for byte");
            Assert.That(received.Headers["content-type"], Is.EqualTo("application/json"));
            Assert.That(received.Headers["accept"], Is.EqualTo("application/json"));
            Assert.That(received.RawTarget, Is.EqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke"));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.InvokeModel), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InvokeModel_Cohere_EmbedsEveryTextOfTheBatch()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);
        string[] texts = ["The Nile is long.", "Paris is in France.", "Rivers flow."];
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["texts"] = texts, ["input_type"] = "search_document" });

        InvokeModelResponse response = await client.InvokeModelAsync(new InvokeModelRequest { ModelId = CohereEmbed, Body = body });

        using JsonDocument json = JsonDocument.Parse(response.Body);
        float[][] embeddings = json.RootElement.GetProperty("embeddings").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray();
        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(response.ContentType, Does.StartWith("application/json"));
            Assert.That(json.RootElement.GetProperty("response_type").GetString(), Is.EqualTo("embeddings_floats"));
            Assert.That(json.RootElement.GetProperty("texts").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(texts));
            Assert.That(embeddings, Has.Length.EqualTo(texts.Length));
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.That(embeddings[i], Is.EqualTo(HashedEmbedding.Embed(texts[i], 1024)), texts[i]);
            }

            Assert.That(received.Body.ToArray(), Is.EqualTo(body));
            Assert.That(received.Headers["content-type"], Is.EqualTo("application/json"), "the default content type");
        });
    }

    [TestCase("The weather in Paris is mild today.", "NONE")]
    [TestCase("I would like to buy some Bananas in Paris.", "GUARDRAIL_INTERVENED")]
    public async Task ApplyGuardrail_ReportsTheActionAndTheBlockedWord(string text, string action)
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.GuardrailBlockedWords.Add("bananas"));
        using BedrockRuntimeClient client = NewClient(emulator);

        ApplyGuardrailResponse response = await client.ApplyGuardrailAsync(new ApplyGuardrailRequest
        {
            GuardrailIdentifier = "gr-abc123",
            GuardrailVersion = "DRAFT",
            Source = "INPUT",
            Content = [new GuardrailContentBlock { Text = new GuardrailTextBlock { Text = text } }],
        });

        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Action, Is.EqualTo(action));
            Assert.That(response.Usage!.WordPolicyUnits, Is.EqualTo(1));
            Assert.That(received.RawTarget, Is.EqualTo("/guardrail/gr-abc123/version/DRAFT/apply"));
            if (action == "NONE")
            {
                Assert.That(response.Outputs, Is.Empty);
                Assert.That(response.Assessments!.Single().WordPolicy, Is.Null);
            }
            else
            {
                Assert.That(response.Outputs!.Single().Text, Is.EqualTo(emulator.Options.GuardrailBlockedMessage));
                GuardrailCustomWord word = response.Assessments!.Single().WordPolicy!.CustomWords!.Single();
                Assert.That((word.Match, word.Action, word.Detected), Is.EqualTo(("bananas", "BLOCKED", (bool?)true)));
            }
        });
        AssertBodyMatches(received, ServiceModelShapes.Runtime, "ApplyGuardrailRequest");
    }

    [Test]
    public async Task CountTokens_Converse_EqualsTheEmulatorTokenizerAndConverseInputTokens()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        CountTokensResponse counted = await client.CountTokensAsync(new CountTokensRequest
        {
            ModelId = Claude,
            Input = new CountTokensInput
            {
                Converse = new ConverseTokensRequest { System = [new SystemContentBlock { Text = SystemPrompt }], Messages = UserSays(Question) },
            },
        });
        EmulatedRequest received = emulator.RequestLog.Last!;
        ConverseResponse conversed = await client.ConverseAsync(Converse());

        Assert.Multiple(() =>
        {
            Assert.That(counted.InputTokens, Is.EqualTo(EmulatedTokenizer.CountTokens(SystemPrompt + "\n" + Question)));
            Assert.That(counted.InputTokens, Is.EqualTo(conversed.Usage!.InputTokens));
            Assert.That(received.RawTarget, Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/count-tokens"));
        });
        AssertBodyMatches(received, ServiceModelShapes.Runtime, "CountTokensRequest");
    }

    [Test]
    public async Task CountTokens_InvokeModelBody_CountsTheTextOfTheBody()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);
        const string Prompt = "Hello, world! How many tokens is this?";

        CountTokensResponse counted = await client.CountTokensAsync(new CountTokensRequest
        {
            ModelId = Claude,
            Input = new CountTokensInput
            {
                InvokeModel = new InvokeModelTokensRequest { Body = Encoding.UTF8.GetBytes($$"""{"prompt":"{{Prompt}}"}""") },
            },
        });

        Assert.That(counted.InputTokens, Is.EqualTo(EmulatedTokenizer.CountTokens(Prompt)));
        AssertBodyMatches(emulator.RequestLog.Last!, ServiceModelShapes.Runtime, "CountTokensRequest");
    }

    [Test]
    public async Task Retrieve_ReturnsTheConfiguredDocumentsOrderedByScore()
    {
        EmulatedDocument paris = new("doc-paris", "Paris is the capital and the largest city of France.", new Dictionary<string, string> { ["source"] = "atlas" });
        EmulatedDocument nile = new("doc-nile", "The Nile is the longest river in Africa.");
        EmulatedDocument lyon = new("doc-lyon", "Lyon is a large city in France.");
        EmulatedDocument canberra = new("doc-canberra", "Canberra is the capital of Australia.");
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            foreach (EmulatedDocument d in new[] { nile, canberra, lyon, paris })
            {
                o.KnowledgeBaseDocuments.Add(d);
            }
        });
        using BedrockRuntimeClient client = NewClient(emulator);

        RetrieveResponse response = await client.RetrieveAsync(new RetrieveRequest
        {
            KnowledgeBaseId = "KB12345678",
            RetrievalQuery = new KnowledgeBaseQuery { Text = "What is the capital city of France?" },
            RetrievalConfiguration = new KnowledgeBaseRetrievalConfiguration
            {
                VectorSearchConfiguration = new KnowledgeBaseVectorSearchConfiguration { NumberOfResults = 3 },
            },
        });

        IList<KnowledgeBaseRetrievalResult> results = response.RetrievalResults!;
        double[] scores = results.Select(r => r.Score!.Value).ToArray();
        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            // Query words (less stop words): capital, city, france → 3/3, 2/3, 1/3, 0/3.
            Assert.That(results.Select(r => r.DocumentId), Is.EqualTo(new[] { "doc-paris", "doc-lyon", "doc-canberra" }));
            Assert.That(scores, Is.Ordered.Descending);
            Assert.That(scores[0], Is.EqualTo(1.0));
            Assert.That(results[0].Content!.Text, Is.EqualTo(paris.Text));
            Assert.That(results[0].Location!.Type, Is.EqualTo("CUSTOM"));
            Assert.That(results[0].Location!.CustomDocumentLocation!.Id, Is.EqualTo("doc-paris"));
            Assert.That(results[0].Metadata!["source"].GetString(), Is.EqualTo("atlas"));
            Assert.That(received.RawTarget, Is.EqualTo("/knowledgebases/KB12345678/retrieve"));
            Assert.That(received.Headers["authorization"], Does.StartWith("AWS4-HMAC-SHA256 "));
        });
        AssertBodyMatches(received, ServiceModelShapes.AgentRuntime, "RetrieveRequest");
    }

    [Test]
    public async Task Rerank_ReturnsTheSourcesSortedByRelevance()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);
        string[] texts =
        [
            "The Nile is the longest river in Africa.",
            "Canberra is the capital of Australia.",
            "Paris is the capital and the largest city of France.",
            "Lyon is a large city in France.",
        ];

        RerankResponse response = await client.RerankAsync(new RerankRequest
        {
            Queries = [new RerankQuery { Type = "TEXT", TextQuery = new RerankTextDocument { Text = "What is the capital city of France?" } }],
            Sources = texts.Select(t => new RerankSource
            {
                Type = "INLINE",
                InlineDocumentSource = new RerankDocument { Type = "TEXT", TextDocument = new RerankTextDocument { Text = t } },
            }).ToList(),
            RerankingConfiguration = new RerankingConfiguration
            {
                Type = "BEDROCK_RERANKING_MODEL",
                BedrockRerankingConfiguration = new BedrockRerankingConfiguration
                {
                    NumberOfResults = 4,
                    ModelConfiguration = new BedrockRerankingModelConfiguration { ModelArn = "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0" },
                },
            },
        });

        IList<RerankResult> results = response.Results!;
        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Index), Is.EqualTo(new int?[] { 2, 3, 1, 0 }));
            Assert.That(results.Select(r => r.RelevanceScore), Is.Ordered.Descending);
            Assert.That(results.Select(r => r.Document!.TextDocument!.Text), Is.EqualTo(results.Select(r => texts[r.Index!.Value])));
            Assert.That(received.RawTarget, Is.EqualTo("/rerank"));
            Assert.That(received.Headers["authorization"], Does.StartWith("AWS4-HMAC-SHA256 "));
        });
        AssertBodyMatches(received, ServiceModelShapes.AgentRuntime, "RerankRequest");
    }
    [Test]
    public async Task ConverseAndConverseStream_WithAGuardrail_InterveneOnABlockedWord()
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.GuardrailBlockedWords.Add("bananas"));
        using BedrockRuntimeClient client = NewClient(emulator);
        const string Blocked = "Context: Bananas are yellow.\nQuestion: What colour are bananas?";
        ConverseRequest request = Converse(question: Blocked);
        request.GuardrailConfig = new GuardrailConfiguration { GuardrailIdentifier = "gr-abc123", GuardrailVersion = "1", Trace = "enabled" };
        ConverseStreamRequest streamRequest = ConverseStream(question: Blocked);
        streamRequest.GuardrailConfig = new GuardrailStreamConfiguration { GuardrailIdentifier = "gr-abc123", GuardrailVersion = "1", StreamProcessingMode = "sync" };

        ConverseResponse response = await client.ConverseAsync(request);
        List<ConverseStreamOutput> events = await CollectAsync(client.ConverseStreamAsync(streamRequest));

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(response.StopReason, Is.EqualTo("guardrail_intervened"));
            Assert.That(Text(response), Is.EqualTo(emulator.Options.GuardrailBlockedMessage));
            Assert.That(events.Single(e => e.MessageStop is not null).MessageStop!.StopReason, Is.EqualTo("guardrail_intervened"));
            Assert.That(Text(events), Is.EqualTo(emulator.Options.GuardrailBlockedMessage));
        });
        AssertBodyMatches(log[0], ServiceModelShapes.Runtime, "ConverseRequest");
        AssertBodyMatches(log[1], ServiceModelShapes.Runtime, "ConverseStreamRequest");
    }
}
