using System.Net;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Tests;

public sealed class BedrockEmulatorTests
{
    internal const string ModelId = "anthropic.claude-3-haiku-20240307-v1:0";

    internal const string RagRequest = """
        {
          "system": [{"text": "Answer from the context."}],
          "messages": [{"role": "user", "content": [{"text": "Context: The Eiffel Tower is in Paris. The Colosseum is in Rome. Bananas are yellow.\nQuestion: Where is the Colosseum?"}]}]
        }
        """;

    [Test]
    public async Task StartAsync_ListensOnLoopbackWithAFreePort()
    {
        await using BedrockEmulator first = await BedrockEmulator.StartAsync();
        await using BedrockEmulator second = await BedrockEmulator.StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.ServiceUrl.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(first.ServiceUrl.Scheme, Is.EqualTo("http"));
            Assert.That(first.ServiceUrl.Port, Is.GreaterThan(0));
            Assert.That(second.ServiceUrl.Port, Is.Not.EqualTo(first.ServiceUrl.Port));
        });
    }

    [Test]
    public async Task DisposeAsync_StopsTheServer()
    {
        BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        Uri url = emulator.ServiceUrl;
        await emulator.DisposeAsync();
        await emulator.DisposeAsync(); // twice is harmless

        using HttpClient http = new();
        Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(new Uri(url, "rerank"), new StringContent("{}")));
    }

    [Test]
    public void StartAsync_InvalidOptions_ThrowsArgumentExceptionListingTheProblems()
    {
        BedrockEmulatorOptions options = new() { LatencyScale = -1, StreamChunkWords = 0 };
        options.Faults.ThrottlingRate = 1.5;

        ArgumentException? e = Assert.ThrowsAsync<ArgumentException>(() => BedrockEmulator.StartAsync(options));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("options"));
            Assert.That(e.Message, Does.Contain("Faults.ThrottlingRate must be in [0, 1]; it is 1.5."));
            Assert.That(e.Message, Does.Contain("LatencyScale must be a finite number ≥ 0; it is -1."));
            Assert.That(e.Message, Does.Contain("StreamChunkWords must be ≥ 1; it is 0."));
        });
    }

    [Test]
    public void Options_Defaults()
    {
        BedrockEmulatorOptions options = new();
        Assert.Multiple(() =>
        {
            Assert.That(options.Credentials, Is.SameAs(BedrockEmulatorCredentials.Default));
            Assert.That(options.ApiKeys, Is.Empty);
            Assert.That(options.RequireAuthentication, Is.True);
            Assert.That(options.ClockSkewTolerance, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.Models, Is.Empty);
            Assert.That(options.DefaultModel.Answer, Is.Null);
            Assert.That(options.DefaultModel.CountTokens, Is.Null);
            Assert.That(options.DefaultModel.Embed, Is.Null);
            Assert.That(options.DefaultModel.ToolUse, Is.Null);
            Assert.That(options.DefaultModel.Latency, Is.SameAs(EmulatedLatencyProfile.Default));
            Assert.That(options.LatencyScale, Is.EqualTo(0.01));
            Assert.That(options.LoggerFactory, Is.Null);
            Assert.That(options.TimeProvider, Is.SameAs(TimeProvider.System));
            Assert.That(options.GuardrailBlockedWords, Is.Empty);
            Assert.That(options.KnowledgeBaseDocuments, Is.Empty);
            Assert.That(options.StreamChunkWords, Is.EqualTo(3));
            Assert.That(options.Faults.Seed, Is.Zero);
            Assert.That(options.Faults.ThrottlingRate, Is.Zero);
            Assert.That(options.Faults.ServerErrorRate, Is.Zero);
            Assert.That(options.Faults.LatencySpikeRate, Is.Zero);
            Assert.That(options.Faults.LatencySpike, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(options.Faults.DroppedConnectionRate, Is.Zero);
            Assert.That(options.Faults.StreamExceptionRate, Is.Zero);
            Assert.That(options.Faults.StreamExceptionType, Is.EqualTo("modelStreamErrorException"));
            Assert.That(options.Faults.CorruptFrameRate, Is.Zero);
            Assert.That(options.Faults.StreamFaultAfterEvents, Is.EqualTo(2));
        });
    }

    [Test]
    public void GetModel_ReturnsConfiguredModelElseDefault()
    {
        BedrockEmulatorOptions options = new();
        EmulatedModel special = new();
        options.Models["special"] = special;
        Assert.Multiple(() =>
        {
            Assert.That(options.GetModel("special"), Is.SameAs(special));
            Assert.That(options.GetModel("other"), Is.SameAs(options.DefaultModel));
        });
        Assert.That(() => options.GetModel(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("modelId"));
    }

    [Test]
    public void Credentials_RejectEmptyKeys()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new BedrockEmulatorCredentials(" ", "s"), Throws.ArgumentException.With.Property("ParamName").EqualTo("accessKeyId"));
            Assert.That(() => new BedrockEmulatorCredentials("a", ""), Throws.ArgumentException.With.Property("ParamName").EqualTo("secretAccessKey"));
            Assert.That(BedrockEmulatorCredentials.Default.ToString(), Does.Not.Contain(BedrockEmulatorCredentials.DefaultSecretAccessKey));
        });
    }

    [Test]
    public async Task UnknownPath_Returns404WithTheAwsErrorShape()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync("/model/{modelId}/explode", "m", "{}");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("UnknownOperationException"));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain("/model/m/explode"));
            Assert.That(emulator.RequestLog.Last!.Operation, Is.EqualTo(BedrockEmulatorOperation.Unknown));
        });
    }
}
