using System.Text.Json;
using Amazon.Runtime;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>
/// The real <see cref="BedrockRuntimeClient"/> against a real <see cref="BedrockEmulator"/> on loopback: emulators with
/// zero latency unless a test asks for some, clients without backoff waits, and checks shared by the ClientEmulator tests.
/// </summary>
internal static class ClientEmulatorHarness
{
    public const string Claude = "anthropic.claude-3-haiku-20240307-v1:0";
    public const string TitanEmbed = "amazon.titan-embed-text-v2:0";
    public const string CohereEmbed = "cohere.embed-english-v3";
    public const string SystemPrompt = "Answer from the context.";
    public const string Question = "Context: The capital of France is Paris. The Nile is the longest river in Africa. The Amazon rainforest spans nine countries.\nQuestion: What is the capital of France?";

    /// <summary>Starts an emulator with no model latency; <paramref name="configure"/> may change anything.</summary>
    public static async Task<BedrockEmulator> StartAsync(Action<BedrockEmulatorOptions>? configure = null)
    {
        BedrockEmulatorOptions options = new() { LatencyScale = 0 };
        options.DefaultModel.Latency = EmulatedLatencyProfile.Zero;
        configure?.Invoke(options);
        return await BedrockEmulator.StartAsync(options);
    }

    /// <summary>A client signing with the emulator's default credentials, whose retries do not wait (jitter 0).</summary>
    public static BedrockRuntimeClient NewClient(BedrockEmulator emulator, Action<BedrockRuntimeOptions>? configure = null)
    {
        BedrockRuntimeOptions options = new()
        {
            Region = "us-east-1",
            ServiceUrl = emulator.ServiceUrl,
            Credentials = new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey),
        };
        configure?.Invoke(options);
        return new BedrockRuntimeClient(options, null, TimeProvider.System, () => 0.0);
    }

    /// <summary>A self-contained JSON value (its document is disposed).</summary>
    public static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static List<Message> UserSays(string text) => [new Message { Role = "user", Content = [new ContentBlock { Text = text }] }];

    public static ConverseRequest Converse(string modelId = Claude, string question = Question) => new()
    {
        ModelId = modelId,
        System = [new SystemContentBlock { Text = SystemPrompt }],
        Messages = UserSays(question),
        InferenceConfig = new InferenceConfiguration { MaxTokens = 200, Temperature = 0.2f, TopP = 0.9f },
        RequestMetadata = new Dictionary<string, string> { ["tenant"] = "t-1" },
        AdditionalModelRequestFields = Json("""{"top_k": 20}"""),
    };

    public static ConverseStreamRequest ConverseStream(string modelId = Claude, string question = Question) => new()
    {
        ModelId = modelId,
        System = [new SystemContentBlock { Text = SystemPrompt }],
        Messages = UserSays(question),
        InferenceConfig = new InferenceConfiguration { MaxTokens = 200, Temperature = 0.2f, TopP = 0.9f },
        RequestMetadata = new Dictionary<string, string> { ["tenant"] = "t-1" },
        AdditionalModelRequestFields = Json("""{"top_k": 20}"""),
    };

    /// <summary>Asserts that the JSON body the emulator received is valid for <paramref name="shape"/> in <paramref name="model"/>.</summary>
    public static void AssertBodyMatches(EmulatedRequest request, ServiceModelShapes model, string shape)
    {
        using JsonDocument json = JsonDocument.Parse(request.Body);
        Assert.That(model.Validate(shape, json.RootElement), Is.Empty, $"{shape}: {request.BodyText}");
    }

    /// <summary>The union member an event sets, by its wire name.</summary>
    public static string EventType(ConverseStreamOutput e) =>
        e.MessageStart is not null ? "messageStart"
        : e.ContentBlockStart is not null ? "contentBlockStart"
        : e.ContentBlockDelta is not null ? "contentBlockDelta"
        : e.ContentBlockStop is not null ? "contentBlockStop"
        : e.MessageStop is not null ? "messageStop"
        : e.Metadata is not null ? "metadata"
        : "(none)";

    public static async Task<List<ConverseStreamOutput>> CollectAsync(IAsyncEnumerable<ConverseStreamOutput> stream, CancellationToken cancellationToken = default)
    {
        List<ConverseStreamOutput> events = [];
        await foreach (ConverseStreamOutput e in stream.WithCancellation(cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Reads a stream until it ends or fails; returns the events that arrived and the failure (null when it ended).</summary>
    public static async Task<(List<ConverseStreamOutput> Events, Exception? Error)> CollectUntilErrorAsync(IAsyncEnumerable<ConverseStreamOutput> stream)
    {
        List<ConverseStreamOutput> events = [];
        try
        {
            await foreach (ConverseStreamOutput e in stream)
            {
                events.Add(e);
            }

            return (events, null);
        }
        catch (Exception ex) when (ex is BedrockException or OperationCanceledException)
        {
            return (events, ex);
        }
    }

    public static string Text(ConverseResponse response) =>
        string.Concat(response.Output!.Message!.Content!.Select(c => c.Text));

    public static string Text(IEnumerable<ConverseStreamOutput> events) =>
        string.Concat(events.Select(e => e.ContentBlockDelta?.Delta?.Text));

    /// <summary>
    /// The faults the emulator draws for its first <paramref name="requests"/> authenticated requests, replayed from the
    /// documented draw order: seven uniform numbers per request (throttling, server error, 500-or-503, latency spike,
    /// dropped connection, stream exception, corrupt frame) from <c>new Random(seed)</c>.
    /// </summary>
    public static double[][] FaultDraws(int seed, int requests)
    {
        Random random = new(seed);
        double[][] draws = new double[requests][];
        for (int i = 0; i < requests; i++)
        {
            draws[i] = new double[7];
            for (int j = 0; j < 7; j++)
            {
                draws[i][j] = random.NextDouble();
            }
        }

        return draws;
    }

    /// <summary>
    /// The first seed (from 0) whose draw <paramref name="index"/> is below <paramref name="rate"/> for the first request and
    /// not for the second: with only that fault enabled, the first attempt fails and the second succeeds.
    /// </summary>
    public static int SeedFailingFirstAttemptOnly(int index, double rate)
    {
        for (int seed = 0; ; seed++)
        {
            double[][] draws = FaultDraws(seed, 2);
            if (draws[0][index] < rate && draws[1][index] >= rate)
            {
                return seed;
            }
        }
    }
}
