using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Testing;
using Bedrock.Foundations.Tests.Aws.ServiceModel;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Tests.Aws;

/// <summary>The chat client end to end: mapping, the real client, the wire, and the emulator on loopback.</summary>
public sealed class BedrockChatClientTests
{
    private const string Model = "anthropic.claude-3-haiku-20240307-v1:0";
    private const string Context = "Context: The capital of France is Paris. The Nile is the longest river in Africa.";

    private static BedrockRuntimeClient NewRuntime(BedrockEmulator emulator, int maxAttempts = 3) => new(new BedrockRuntimeOptions
    {
        Region = "us-east-1",
        ServiceUrl = emulator.ServiceUrl,
        Credentials = new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey),
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    });

    private static async Task<BedrockEmulator> StartAsync(Action<BedrockEmulatorOptions>? configure = null)
    {
        var options = new BedrockEmulatorOptions { LatencyScale = 0 };
        configure?.Invoke(options);
        return await BedrockEmulator.StartAsync(options);
    }

    private static void AssertValidConverseRequest(BedrockEmulator emulator, string shape = "ConverseRequest")
    {
        EmulatedRequest request = emulator.RequestLog.Last!;
        using var json = JsonDocument.Parse(request.Body);
        Assert.That(ServiceModelShapes.Runtime.Validate(shape, json.RootElement), Is.Empty, request.BodyText);
    }

    [Test]
    public async Task GetResponseAsync_AnswersWithUsageFinishReasonAndMetadata()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, Model);

        ChatResponse response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Answer from the context."), new ChatMessage(ChatRole.User, $"{Context}\nQuestion: What is the capital of France?")],
            new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 200, TopK = 20 });

        Assert.That(response.Text, Does.Contain("Paris"));
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(response.ModelId, Is.EqualTo(Model));
        Assert.That(response.Usage!.InputTokenCount, Is.GreaterThan(0));
        Assert.That(response.Usage.OutputTokenCount, Is.GreaterThan(0));
        Assert.That(response.Usage.TotalTokenCount, Is.EqualTo(response.Usage.InputTokenCount + response.Usage.OutputTokenCount));
        Assert.That(response.AdditionalProperties!["stopReason"], Is.EqualTo("end_turn"));
        Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(1));
        AssertValidConverseRequest(emulator);
    }

    [Test]
    public async Task GetStreamingResponseAsync_YieldsTheSameTextThenFinishReasonAndUsage()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, Model);
        ChatMessage[] messages = [new ChatMessage(ChatRole.User, $"{Context}\nQuestion: Which river is the longest in Africa?")];

        ChatResponse whole = await chat.GetResponseAsync(messages);
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(messages))
        {
            updates.Add(update);
        }

        Assert.That(updates.Count(u => u.Text.Length > 0), Is.GreaterThan(1), "the text arrives in pieces");
        Assert.That(string.Concat(updates.Select(u => u.Text)), Is.EqualTo(whole.Text));
        Assert.That(updates.Select(u => u.FinishReason).OfType<ChatFinishReason>().Single(), Is.EqualTo(ChatFinishReason.Stop));
        UsageDetails usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.That(usage.OutputTokenCount, Is.EqualTo(whole.Usage!.OutputTokenCount));
        Assert.That(updates.Select(u => u.ResponseId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(updates.All(u => u.ModelId == Model), Is.True);

        ChatResponse joined = updates.ToChatResponse();
        Assert.That(joined.Text, Is.EqualTo(whole.Text));
        AssertValidConverseRequest(emulator, "ConverseStreamRequest");
    }

    [Test]
    public async Task UseFunctionInvocation_CallsTheToolAndAnswersWithItsResult()
    {
        await using BedrockEmulator emulator = await StartAsync(options => options.DefaultModel = new EmulatedModel
        {
            // The scripted model asks for the weather until it has a tool result, then repeats the result.
            ToolUse = call => call.Request.GetRawText().Contains("\"toolResult\"", StringComparison.Ordinal)
                ? null
                : new EmulatedToolUse("get_weather", JsonDocument.Parse("""{"city":"Paris"}""").RootElement.Clone(), "tool-1"),
            Answer = (call, _) => ValueTask.FromResult($"Result: {call.Question}"),
            Latency = EmulatedLatencyProfile.Zero,
        });
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        var cities = new List<string>();
        using IChatClient chat = new ChatClientBuilder(new BedrockChatClient(runtime, Model)).UseFunctionInvocation().Build();
        AIFunction weather = AIFunctionFactory.Create(
            (string city) =>
            {
                cities.Add(city);
                return $"18 degrees and sunny in {city}";
            },
            "get_weather",
            "The weather in a city");

        ChatResponse response = await chat.GetResponseAsync("What is the weather in Paris?", new ChatOptions { Tools = [weather] });

        Assert.That(cities, Is.EqualTo(new[] { "Paris" }));
        Assert.That(response.Text, Does.Contain("18 degrees and sunny in Paris"));
        Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(2));
        AssertValidConverseRequest(emulator); // the second request carries toolUse and toolResult blocks
        Assert.That(emulator.RequestLog.Last!.BodyText, Does.Contain("\"toolUseId\":\"tool-1\""));
    }

    [Test]
    public async Task UseFunctionInvocation_Streaming_CallsTheToolFromTheStreamedBlock()
    {
        await using BedrockEmulator emulator = await StartAsync(options => options.DefaultModel = new EmulatedModel
        {
            ToolUse = call => call.Request.GetRawText().Contains("\"toolResult\"", StringComparison.Ordinal)
                ? null
                : new EmulatedToolUse("get_weather", JsonDocument.Parse("""{"city":"Oslo"}""").RootElement.Clone()),
            Answer = (call, _) => ValueTask.FromResult($"Result: {call.Question}"),
            Latency = EmulatedLatencyProfile.Zero,
        });
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using IChatClient chat = new ChatClientBuilder(new BedrockChatClient(runtime, Model)).UseFunctionInvocation().Build();
        AIFunction weather = AIFunctionFactory.Create((string city) => $"cold in {city}", "get_weather");

        var text = new List<string>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Weather in Oslo?", new ChatOptions { Tools = [weather] }))
        {
            text.Add(update.Text);
        }

        Assert.That(string.Concat(text), Does.Contain("cold in Oslo"));
        Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream), Is.EqualTo(2));
    }

    private sealed record Weather(string City, int Degrees);

    [Test]
    public async Task GetResponseAsyncOfT_StructuredOutputTool_DeserializesTheToolInput()
    {
        await using BedrockEmulator emulator = await StartAsync(options => options.DefaultModel = new EmulatedModel
        {
            // The scripted model fills the structured-output tool it is forced to call.
            ToolUse = call => call.ToolNames.Contains("generate_response")
                ? new EmulatedToolUse("generate_response", JsonDocument.Parse("""{"city":"Paris","degrees":18}""").RootElement.Clone())
                : null,
            Latency = EmulatedLatencyProfile.Zero,
        });
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, Model);

        ChatResponse<Weather> response = await chat.GetResponseAsync<Weather>("Weather in Paris as JSON.");
        var streamed = new List<string>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Weather?", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }))
        {
            streamed.Add(update.Text);
        }

        Assert.That(response.Result, Is.EqualTo(new Weather("Paris", 18)));
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(JsonDocument.Parse(string.Concat(streamed)).RootElement.GetProperty("degrees").GetInt32(), Is.EqualTo(18));
        AssertValidConverseRequest(emulator, "ConverseStreamRequest");
        Assert.That(emulator.RequestLog.Last!.BodyText, Does.Contain("\"toolChoice\":{\"tool\":{\"name\":\"generate_response\"}}"));
    }

    [Test]
    public async Task GetResponseAsync_OptionsTheModelCannotTake_AreNamedOnTheResponse()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, "meta.llama3-1-8b-instruct-v1:0");
        var options = new ChatOptions { TopK = 10, Seed = 3, Temperature = 0.5f };

        ChatResponse response = await chat.GetResponseAsync($"{Context}\nQuestion: What is the capital of France?", options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hello", options))
        {
            updates.Add(update);
        }

        Assert.That(response.AdditionalProperties![BedrockChatOptionKeys.IgnoredOptions], Is.EqualTo(new[] { "TopK", "Seed" }));
        Assert.That(updates.Single(u => u.FinishReason is not null).AdditionalProperties![BedrockChatOptionKeys.IgnoredOptions], Is.EqualTo(new[] { "TopK", "Seed" }));
        Assert.That(emulator.RequestLog.Last!.BodyText, Does.Not.Contain("additionalModelRequestFields"));
        Assert.That(emulator.RequestLog.Last!.BodyText, Does.Contain("\"temperature\":0.5"));
    }

    [Test]
    public async Task GetResponseAsync_ServiceError_SurfacesAsBedrockException()
    {
        await using BedrockEmulator emulator = await StartAsync(options => options.Faults.ThrottlingRate = 1);
        using BedrockRuntimeClient runtime = NewRuntime(emulator, maxAttempts: 2);
        using var chat = new BedrockChatClient(runtime, Model);

        var e = Assert.ThrowsAsync<BedrockException>(() => chat.GetResponseAsync("hello"));

        Assert.That(e!.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
        Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(2), "retried once");
    }

    [Test]
    public async Task UseOpenTelemetry_SpanCarriesGenAiAttributes_AndTheClientAddsRetryEvents()
    {
        // The M.E.AI middleware writes the GenAI span from the chat client's metadata and response; the Bedrock client
        // adds what only it sees: an event per retry (here: one throttled attempt, then success).
        const string Source = "Bedrock.Foundations.Tests.Telemetry";
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using BedrockEmulator emulator = await StartAsync(options =>
        {
            options.DefaultModel = new EmulatedModel { Latency = EmulatedLatencyProfile.Zero, Answer = (_, _) => ValueTask.FromResult("Paris.") };
            options.Faults.Seed = FirstThrottledSeed();
            options.Faults.ThrottlingRate = 0.5;
        });
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using IChatClient chat = new ChatClientBuilder(new BedrockChatClient(runtime, Model)).UseOpenTelemetry(sourceName: Source).Build();

        ChatResponse response = await chat.GetResponseAsync("What is the capital of France?");

        Activity span = spans.Single();
        Assert.That(response.Text, Is.EqualTo("Paris."));
        Assert.That(span.GetTagItem("gen_ai.provider.name"), Is.EqualTo("aws.bedrock"));
        Assert.That(span.GetTagItem("gen_ai.request.model"), Is.EqualTo(Model));
        Assert.That(span.GetTagItem("gen_ai.usage.input_tokens"), Is.EqualTo(response.Usage!.InputTokenCount));
        Assert.That(span.Events.Count(e => e.Name == "aws.bedrock.retry"), Is.EqualTo(1));
        Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(2));
    }

    /// <summary>
    /// A fault seed that throttles the emulator's first request and not its second at rate 0.5. The emulator draws seven
    /// numbers per request from <c>new Random(seed)</c> and throttles when the first is below the rate.
    /// </summary>
    private static int FirstThrottledSeed()
    {
        for (int seed = 1; ; seed++)
        {
            var random = new Random(seed);
            double[] draws = [.. Enumerable.Range(0, 14).Select(_ => random.NextDouble())];
            if (draws[0] < 0.5 && draws[7] >= 0.5)
            {
                return seed;
            }
        }
    }

    [Test]
    public async Task GetResponseAsync_CancelledToken_ThrowsOperationCanceled()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, Model);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(() => chat.GetResponseAsync("hello", cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Metadata_AndGetService_DescribeTheClient()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, Model);

        var metadata = (ChatClientMetadata)chat.GetService(typeof(ChatClientMetadata))!;

        Assert.That(metadata.ProviderName, Is.EqualTo("aws.bedrock"));
        Assert.That(metadata.ProviderUri, Is.EqualTo(runtime.Endpoint));
        Assert.That(metadata.DefaultModelId, Is.EqualTo(Model));
        Assert.That(chat.GetService(typeof(BedrockRuntimeClient)), Is.SameAs(runtime));
        Assert.That(chat.GetService(typeof(IChatClient)), Is.SameAs(chat));
        Assert.That(chat.GetService(typeof(IChatClient), "key"), Is.Null);
        Assert.That(chat.GetService(typeof(string)), Is.Null);
        Assert.Throws<ArgumentNullException>(() => chat.GetService(null!));
    }

    [Test]
    public async Task Constructor_BadArguments_Throw()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);

        Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new BedrockChatClient(null!))!.ParamName, Is.EqualTo("client"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new BedrockChatClient(runtime, " "))!.ParamName, Is.EqualTo("defaultModelId"));
    }

    [Test]
    public async Task GetResponseAsync_NullMessages_ThrowsAndSendsNothing()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient runtime = NewRuntime(emulator);
        using var chat = new BedrockChatClient(runtime, Model);

        Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => chat.GetResponseAsync((IEnumerable<ChatMessage>)null!))!.ParamName, Is.EqualTo("messages"));
        Assert.That(emulator.RequestLog.Count, Is.Zero);
    }
}
