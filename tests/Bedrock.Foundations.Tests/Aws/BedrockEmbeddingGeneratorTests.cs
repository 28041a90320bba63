using System.Numerics.Tensors;
using Amazon.Runtime;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Testing;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Tests.Aws;

public sealed class BedrockEmbeddingGeneratorTests
{
    private const string Titan = "amazon.titan-embed-text-v2:0";
    private const string Cohere = "cohere.embed-english-v3";

    private BedrockEmulator _emulator = null!;
    private BedrockRuntimeClient _runtime = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { LatencyScale = 0 });
        _runtime = new BedrockRuntimeClient(new BedrockRuntimeOptions
        {
            Region = "us-east-1",
            ServiceUrl = _emulator.ServiceUrl,
            Credentials = new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey),
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _runtime.Dispose();
        await _emulator.DisposeAsync();
    }

    [SetUp]
    public void ClearLog() => _emulator.RequestLog.Clear();

    [TestCase(256)]
    [TestCase(512)]
    [TestCase(1024)]
    public async Task Titan_ReturnsNormalizedVectorsOfTheRequestedSize_InInputOrder(int dimensions)
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Titan, dimensions) { MaxConcurrency = 3 };
        string[] texts = ["The capital of France is Paris.", "Rivers flow to the sea.", "Paris is in France.", "Bananas are yellow.", "Ice is cold."];

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(texts);

        Assert.That(embeddings, Has.Count.EqualTo(texts.Length));
        for (int i = 0; i < texts.Length; i++)
        {
            float[] vector = embeddings[i].Vector.ToArray();
            Assert.That(vector, Has.Length.EqualTo(dimensions));
            Assert.That(TensorPrimitives.Norm(vector), Is.EqualTo(1f).Within(1e-4f));
            Assert.That(vector, Is.EqualTo(HashedEmbedding.Embed(texts[i], dimensions)), $"text {i} keeps its place");
            Assert.That(embeddings[i].ModelId, Is.EqualTo(Titan));
        }

        Assert.That(_emulator.RequestLog.CountOf(BedrockEmulatorOperation.InvokeModel), Is.EqualTo(texts.Length), "one call per text");
        Assert.That(embeddings.Usage!.InputTokenCount, Is.GreaterThan(0));
        Assert.That(_emulator.RequestLog.Last!.BodyText, Does.Contain($"\"dimensions\":{dimensions}").And.Contain("\"normalize\":true"));
    }

    [Test]
    public async Task Titan_RelatedTextsScoreHigherThanUnrelated()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Titan);

        GeneratedEmbeddings<Embedding<float>> e = await generator.GenerateAsync(
            ["the capital of France is Paris", "Paris is the capital city of France", "bananas grow in warm climates"]);

        float related = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[1].Vector.Span);
        float unrelated = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[2].Vector.Span);
        Assert.That(related, Is.GreaterThan(unrelated));
    }

    [Test]
    public async Task Cohere_SendsBatchesOf96_AndKeepsTheOrder()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Cohere) { MaxConcurrency = 2 };
        string[] texts = [.. Enumerable.Range(0, 200).Select(i => $"document number {i} about topic {i % 7}")];

        GeneratedEmbeddings<Embedding<float>> batch = await generator.GenerateAsync(texts);

        Assert.That(_emulator.RequestLog.CountOf(BedrockEmulatorOperation.InvokeModel), Is.EqualTo(3), "96 + 96 + 8");
        Assert.That(_emulator.RequestLog.Last!.BodyText, Does.Contain("\"input_type\":\"search_document\""));
        foreach (int i in new[] { 0, 95, 96, 150, 199 })
        {
            GeneratedEmbeddings<Embedding<float>> single = await generator.GenerateAsync([texts[i]]);
            Assert.That(batch[i].Vector.ToArray(), Is.EqualTo(single[0].Vector.ToArray()), $"text {i}");
        }
    }

    [Test]
    public async Task Cohere_InputTypeFromOptions_IsSent()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Cohere);

        await generator.GenerateAsync(["where is Paris?"], new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = "search_query" } });

        Assert.That(_emulator.RequestLog.Last!.BodyText, Does.Contain("\"input_type\":\"search_query\""));
    }

    [Test]
    public async Task ModelIdInOptions_SwitchesTheBodyToThatModelsFamily()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Titan, 256) { CohereTruncate = "END" };

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["a text"], new EmbeddingGenerationOptions { ModelId = Cohere });

        Assert.That(embeddings[0].ModelId, Is.EqualTo(Cohere));
        Assert.That(_emulator.RequestLog.Last!.BodyText, Does.Contain("\"texts\"").And.Contain("\"truncate\":\"END\"").And.Not.Contain("inputText"));
        var e = Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = "meta.llama3-1-8b-instruct-v1:0" }));
        Assert.That(e!.ParamName, Is.EqualTo("options"));
    }

    [TestCase("not json at all")]
    [TestCase("""{"embedding": "oops"}""")]
    [TestCase("""{"inputTextTokenCount": 3}""")]
    public void ABodyThatIsNotAnEmbeddingResponse_IsAnInvalidResponse(string body)
    {
        var handler = new Client.FakeHttpHandler
        {
            Respond = (_, _, _) => Task.FromResult(Client.FakeHttpHandler.Json(System.Net.HttpStatusCode.OK, body)),
        };
        using BedrockRuntimeClient runtime = Client.TestClients.Create(handler);
        using var generator = new BedrockEmbeddingGenerator(runtime, Titan);

        var e = Assert.ThrowsAsync<BedrockException>(() => generator.GenerateAsync(["x"]));

        Assert.That(e!.Kind, Is.EqualTo(BedrockErrorKind.InvalidResponse));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task MaxConcurrency_CapsCallsAcrossConcurrentRequests()
    {
        int inFlight = 0, peak = 0;
        var handler = new Client.FakeHttpHandler
        {
            Respond = async (_, _, token) =>
            {
                int now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, token);
                Interlocked.Decrement(ref inFlight);
                return Client.FakeHttpHandler.Json(System.Net.HttpStatusCode.OK, """{"embedding":[0.6,0.8],"inputTextTokenCount":1}""");
            },
        };
        using BedrockRuntimeClient runtime = Client.TestClients.Create(handler);
        using var generator = new BedrockEmbeddingGenerator(runtime, Titan) { MaxConcurrency = 2 };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => generator.GenerateAsync(["a", "b", "c", "d"])));

        Assert.That(handler.Attempts, Is.EqualTo(16));
        Assert.That(peak, Is.LessThanOrEqualTo(2));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Test]
    public void Metadata_NamesProviderModelAndDimensions()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Titan, 512);

        var metadata = (EmbeddingGeneratorMetadata)generator.GetService(typeof(EmbeddingGeneratorMetadata))!;

        Assert.That(metadata.ProviderName, Is.EqualTo("aws.bedrock"));
        Assert.That(metadata.DefaultModelId, Is.EqualTo(Titan));
        Assert.That(metadata.DefaultModelDimensions, Is.EqualTo(512));
        Assert.That(generator.GetService(typeof(BedrockRuntimeClient)), Is.SameAs(_runtime));
        Assert.That(generator.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>)), Is.SameAs(generator));
        Assert.That(generator.GetService(typeof(BedrockRuntimeClient), "key"), Is.Null);
    }

    [Test]
    public void Constructor_BadArguments_ThrowNamingTheParameter()
    {
        Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new BedrockEmbeddingGenerator(null!, Titan))!.ParamName, Is.EqualTo("client"));
        var e = Assert.Throws<ArgumentException>(() => _ = new BedrockEmbeddingGenerator(_runtime, "anthropic.claude-3-haiku-20240307-v1:0"));
        Assert.That(e!.ParamName, Is.EqualTo("modelId"));
        Assert.That(e.Message, Does.Contain("Titan").And.Contain("Cohere"));
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BedrockEmbeddingGenerator(_runtime, Titan, 300));
        Assert.That(range!.ParamName, Is.EqualTo("dimensions"));
        Assert.That(range.Message, Does.Contain("256, 512, 1024"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BedrockEmbeddingGenerator(_runtime, Cohere, 512))!.Message,
            Does.Contain("fixed output size"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BedrockEmbeddingGenerator(_runtime, Titan) { MaxConcurrency = 0 });
    }

    [Test]
    public void GenerateAsync_EmptyText_ThrowsAndSendsNothing()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Titan);

        var e = Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["fine", ""]));

        Assert.That(e!.ParamName, Is.EqualTo("values"));
        Assert.That(e.Message, Does.Contain("Text 1"));
        Assert.That(_emulator.RequestLog.Count, Is.Zero);
    }

    [Test]
    public void GenerateAsync_BadDimensionsInOptions_Throws()
    {
        using var generator = new BedrockEmbeddingGenerator(_runtime, Titan);

        var e = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 7 }));

        Assert.That(e!.ParamName, Is.EqualTo("options"));
    }
}
