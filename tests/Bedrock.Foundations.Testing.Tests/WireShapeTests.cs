using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Testing.Tests;

/// <summary>
/// The emulator's request validation and response shapes, checked against the library's DTOs (one class per
/// service-model shape): every response must deserialize with unknown members disallowed.
/// </summary>
public sealed class WireShapeTests
{
    private const string ModelId = BedrockEmulatorTests.ModelId;

    // The open unions' [JsonExtensionData] catch-alls (AdditionalMembers) are removed, or they would capture unknown members.
    private static readonly JsonSerializerOptions Strict = new(BedrockJsonContext.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = BedrockJsonContext.Default.WithAddedModifier(info =>
        {
            for (int i = info.Properties.Count - 1; i >= 0; i--)
            {
                if (info.Properties[i].IsExtensionData)
                {
                    info.Properties.RemoveAt(i);
                }
            }
        }),
    };

    private static T ParseStrict<T>(string json) => (T)JsonSerializer.Deserialize(json, Strict.GetTypeInfo(typeof(T)))!;

    [TestCase("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"temperature":0.5}""", "temperature")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"inferenceConfig":{"maxTokens":10,"topK":5}}""", "topK")]
    [TestCase("""{"modelId":"m","messages":[{"role":"user","content":[{"text":"x"}]}]}""", "modelId")]
    [TestCase("""{"messages":[{"role":"user","content":[{"txt":"x"}]}]}""", "txt")]
    [TestCase("""{"messages":[{"role":"user","content":[{"video":{"format":"mp4","source":{"bytes":"AAEC"}}}]}]}""", "video")]
    [TestCase("""{"messages":[{"role":"user","content":[{"toolResult":{"toolUseId":"t","content":[{"video":{"format":"mp4"}}]}}]}]}""", "video")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"system":[{"futureBlock":"x"}]}""", "futureBlock")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"toolConfig":{"tools":[{"futureTool":{}}]}}""", "futureTool")]
    public async Task Converse_UnknownMember_Is400ValidationExceptionNamingIt(string json, string member)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, json);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("ValidationException"));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain($"Unknown member '{member}'"));
        });
    }

    [TestCase("""{"messages":[{"role":"user","content":[{"text":"x"}]}],"inferenceConfig":{"maxTokens":"ten"}}""", "$.inferenceConfig.maxTokens", "an integer")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":5}]}]}""", "text", "a string")]
    [TestCase("""{"messages":{"role":"user"}}""", "$.messages", "a list")]
    public async Task Converse_WrongType_Is400ValidationExceptionNamingTheMember(string json, string where, string expected)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, json);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("ValidationException"));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain(where).And.Contain(expected));
        });
    }

    [TestCase("/rerank", null, """{"queries":[],"sources":[],"rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL"},"extra":true}""", "extra")]
    [TestCase("/knowledgebases/{knowledgeBaseId}/retrieve", "KB12345678", """{"retrievalQuery":{"text":"q","lang":"en"}}""", "lang")]
    [TestCase("/guardrail/{guardrailIdentifier}/version/1/apply", "gr", """{"source":"INPUT","content":[],"mode":"x"}""", "mode")]
    [TestCase("/model/{modelId}/count-tokens", ModelId, """{"input":{"converse":{"messages":[],"inferenceConfig":{}}}}""", "inferenceConfig")]
    public async Task OtherOperations_UnknownMember_Is400ValidationException(string path, string? label, string json, string member)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync(path, label, json);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain($"Unknown member '{member}'"));
        });
    }

    [Test]
    public async Task Responses_DeserializeIntoTheServiceModelShapes_WithUnknownMembersDisallowed()
    {
        BedrockEmulatorOptions options = new();
        options.GuardrailBlockedWords.Add("secret");
        options.KnowledgeBaseDocuments.Add(new EmulatedDocument("d1", "The Colosseum is in Rome.", new Dictionary<string, string> { ["k"] = "v" }));
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, JsonElement converse) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        (_, JsonElement count) = await client.PostJsonAsync("/model/{modelId}/count-tokens", ModelId, """{"input":{"converse":{"messages":[{"role":"user","content":[{"text":"hi"}]}]}}}""");
        (_, JsonElement guardrail) = await client.PostJsonAsync("/guardrail/{guardrailIdentifier}/version/1/apply", "gr", """{"source":"OUTPUT","content":[{"text":{"text":"a secret"}}]}""");
        (_, JsonElement retrieve) = await client.PostJsonAsync("/knowledgebases/{knowledgeBaseId}/retrieve", "KB12345678", """{"retrievalQuery":{"text":"Colosseum"}}""");
        (_, JsonElement rerank) = await client.PostJsonAsync("/rerank", null, """{"queries":[{"type":"TEXT","textQuery":{"text":"q"}}],"sources":[{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"q"}}}],"rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":{"modelConfiguration":{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0"}}}}""");
        (_, JsonElement error) = await new EmulatorClient(emulator) { SecretAccessKey = "wrong" }.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);

        ConverseResponse c = ParseStrict<ConverseResponse>(converse.GetRawText());
        ApplyGuardrailResponse g = ParseStrict<ApplyGuardrailResponse>(guardrail.GetRawText());
        RetrieveResponse r = ParseStrict<RetrieveResponse>(retrieve.GetRawText());
        RerankResponse k = ParseStrict<RerankResponse>(rerank.GetRawText());
        Assert.Multiple(() =>
        {
            Assert.That(c.Output!.Message!.Content![0].Text, Is.Not.Empty);
            Assert.That(c.Usage!.TotalTokens, Is.EqualTo(c.Usage.InputTokens + c.Usage.OutputTokens));
            Assert.That(ParseStrict<CountTokensResponse>(count.GetRawText()).InputTokens, Is.EqualTo(1));
            Assert.That(g.Action, Is.EqualTo("GUARDRAIL_INTERVENED"));
            Assert.That(r.RetrievalResults, Has.Count.EqualTo(1));
            Assert.That(k.Results, Has.Count.EqualTo(1));
            Assert.That(ParseStrict<BedrockErrorBody>(error.GetRawText()).Message, Does.StartWith("The request signature"));
        });
    }

    [Test]
    public async Task StreamEvents_DeserializeIntoTheServiceModelShapes_ExceptTheirPadding()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.ToolUse = call => call.ToolNames.Count > 0 ? new EmulatedToolUse(call.ToolNames[0], JsonDocument.Parse("{}").RootElement) : null;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        foreach (string request in new[]
        {
            BedrockEmulatorTests.RagRequest,
            """{"messages":[{"role":"user","content":[{"text":"x"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"t","inputSchema":{"json":{}}}}]}}""",
        })
        {
            HttpResponseMessage response = await client.SendAsync("/model/{modelId}/converse-stream", ModelId, request);
            await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(await response.Content.ReadAsStreamAsync()))
            {
                JsonElement payload = JsonDocument.Parse(message.Payload).RootElement;
                Dictionary<string, JsonElement> members = payload.EnumerateObject().Where(p => p.Name != "p").ToDictionary(p => p.Name, p => p.Value);
                string json = JsonSerializer.Serialize(members);
                Type shape = message.EventType switch
                {
                    "messageStart" => typeof(MessageStartEvent),
                    "contentBlockStart" => typeof(ContentBlockStartEvent),
                    "contentBlockDelta" => typeof(ContentBlockDeltaEvent),
                    "contentBlockStop" => typeof(ContentBlockStopEvent),
                    "messageStop" => typeof(MessageStopEvent),
                    "metadata" => typeof(ConverseStreamMetadataEvent),
                    _ => throw new AssertionException("unexpected event " + message.EventType),
                };
                Assert.That(() => JsonSerializer.Deserialize(json, Strict.GetTypeInfo(shape)), Throws.Nothing, message.EventType + ": " + json);
            }
        }
    }
}
