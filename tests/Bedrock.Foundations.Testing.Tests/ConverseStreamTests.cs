using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bedrock.Foundations.Aws.EventStreams;

namespace Bedrock.Foundations.Testing.Tests;

public sealed class ConverseStreamTests
{
    private const string ModelId = BedrockEmulatorTests.ModelId;
    private const string Path = "/model/{modelId}/converse-stream";

    private static async Task<(HttpResponseMessage Response, List<EventStreamMessage> Messages)> StreamAsync(EmulatorClient client, string json)
    {
        HttpResponseMessage response = await client.SendAsync(Path, ModelId, json, HttpCompletionOption.ResponseHeadersRead);
        List<EventStreamMessage> messages = [];
        await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(await response.Content.ReadAsStreamAsync()))
        {
            messages.Add(message);
        }

        return (response, messages);
    }

    private static JsonElement Payload(EventStreamMessage message) => JsonDocument.Parse(message.Payload).RootElement;

    [Test]
    public async Task ConverseStream_SendsTheEventSequenceWithFramingAndPadding()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { StreamChunkWords = 2 });
        using EmulatorClient client = new(emulator);

        (_, JsonElement converse) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        (HttpResponseMessage response, List<EventStreamMessage> messages) = await StreamAsync(client, BedrockEmulatorTests.RagRequest);

        string expected = converse.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString()!;
        string[] types = messages.Select(m => m.EventType!).ToArray();
        List<EventStreamMessage> deltas = messages.Where(m => m.EventType == "contentBlockDelta").ToList();
        string text = string.Concat(deltas.Select(d => Payload(d).GetProperty("delta").GetProperty("text").GetString()));
        JsonElement metadata = Payload(messages[^1]);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.amazon.eventstream"));
            Assert.That(types[0], Is.EqualTo("messageStart"));
            Assert.That(types[^3..], Is.EqualTo(new[] { "contentBlockStop", "messageStop", "metadata" }));
            Assert.That(deltas, Has.Count.EqualTo(EmulatorChunks(expected, 2)));
            Assert.That(text, Is.EqualTo(expected));
            Assert.That(messages.Select(m => m.MessageType), Is.All.EqualTo("event"));
            Assert.That(messages.Select(m => m.ContentType), Is.All.EqualTo("application/json"));
            Assert.That(messages.Select(m => Payload(m).GetProperty("p").GetString()), Is.All.Not.Empty);
            Assert.That(Payload(messages[0]).GetProperty("role").GetString(), Is.EqualTo("assistant"));
            Assert.That(Payload(messages[^2]).GetProperty("stopReason").GetString(), Is.EqualTo("end_turn"));
            Assert.That(metadata.GetProperty("usage").GetProperty("inputTokens").GetInt32(), Is.EqualTo(converse.GetProperty("usage").GetProperty("inputTokens").GetInt32()));
            Assert.That(metadata.GetProperty("usage").GetProperty("outputTokens").GetInt32(), Is.EqualTo(converse.GetProperty("usage").GetProperty("outputTokens").GetInt32()));
            Assert.That(metadata.GetProperty("metrics").GetProperty("latencyMs").GetInt64(), Is.GreaterThanOrEqualTo(0));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream), Is.EqualTo(1));
        });
    }

    private static int EmulatorChunks(string text, int words) => (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + words - 1) / words;

    [Test]
    public async Task ConverseStream_EveryFrameRoundTripsThroughTheLibraryEncoder()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        HttpResponseMessage response = await client.SendAsync(Path, ModelId, BedrockEmulatorTests.RagRequest);
        byte[] raw = await response.Content.ReadAsByteArrayAsync();

        // Decode byte by byte (every split point) and re-encode: the bytes must be identical.
        using EventStreamDecoder decoder = new();
        using MemoryStream reencoded = new();
        foreach (byte b in raw)
        {
            decoder.Push([b]);
            while (decoder.TryRead(out EventStreamMessage? message))
            {
                reencoded.Write(EventStreamEncoder.Encode(message!));
            }
        }

        decoder.Complete();
        Assert.That(reencoded.ToArray(), Is.EqualTo(raw));
    }

    [Test]
    public async Task ConverseStream_ToolUse_StreamsStartDeltasAndStop()
    {
        BedrockEmulatorOptions options = new();
        options.DefaultModel.ToolUse = _ => new EmulatedToolUse("weather", JsonDocument.Parse("""{"city":"Paris","days":3}""").RootElement, "tooluse_fixed");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, List<EventStreamMessage> messages) = await StreamAsync(client, """
            {"messages":[{"role":"user","content":[{"text":"Weather?"}]}],
             "toolConfig":{"tools":[{"toolSpec":{"name":"weather","inputSchema":{"json":{"type":"object"}}}}]}}
            """);

        JsonElement start = Payload(messages.Single(m => m.EventType == "contentBlockStart")).GetProperty("start").GetProperty("toolUse");
        string input = string.Concat(messages.Where(m => m.EventType == "contentBlockDelta")
            .Select(m => Payload(m).GetProperty("delta").GetProperty("toolUse").GetProperty("input").GetString()));
        Assert.Multiple(() =>
        {
            Assert.That(start.GetProperty("name").GetString(), Is.EqualTo("weather"));
            Assert.That(start.GetProperty("toolUseId").GetString(), Is.EqualTo("tooluse_fixed"));
            Assert.That(JsonDocument.Parse(input).RootElement.GetProperty("days").GetInt32(), Is.EqualTo(3));
            Assert.That(Payload(messages.Single(m => m.EventType == "messageStop")).GetProperty("stopReason").GetString(), Is.EqualTo("tool_use"));
        });
    }

    [Test]
    public async Task ConverseStream_LatencyIsSpreadOverTheStream_AtLeastTheScaledT()
    {
        BedrockEmulatorOptions options = new() { LatencyScale = 1 };
        options.DefaultModel.Latency = new EmulatedLatencyProfile(TimeSpan.FromMilliseconds(30), TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        Stopwatch watch = Stopwatch.StartNew();
        (_, List<EventStreamMessage> messages) = await StreamAsync(client, BedrockEmulatorTests.RagRequest);
        watch.Stop();

        JsonElement usage = Payload(messages[^1]).GetProperty("usage");
        TimeSpan t = options.DefaultModel.Latency.Compute(usage.GetProperty("inputTokens").GetInt32(), usage.GetProperty("outputTokens").GetInt32());
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(t));
    }

    [TestCase("modelStreamErrorException")]
    [TestCase("throttlingException")]
    public async Task StreamExceptionFault_SendsAnExceptionMessageAfterNEvents(string type)
    {
        BedrockEmulatorOptions options = new();
        options.Faults.StreamExceptionRate = 1;
        options.Faults.StreamExceptionType = type;
        options.Faults.StreamFaultAfterEvents = 2;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        (_, List<EventStreamMessage> messages) = await StreamAsync(client, BedrockEmulatorTests.RagRequest);

        EventStreamMessage last = messages[^1];
        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.EqualTo(3));
            Assert.That(messages.Take(2).Select(m => m.MessageType), Is.All.EqualTo("event"));
            Assert.That(last.MessageType, Is.EqualTo("exception"));
            Assert.That(last.ExceptionType, Is.EqualTo(type));
            Assert.That(Payload(last).GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(Payload(last).TryGetProperty("originalStatusCode", out _), Is.EqualTo(type == "modelStreamErrorException"));
            Assert.That(emulator.RequestLog.Last!.Faults, Is.EqualTo(BedrockEmulatorFault.StreamException));
        });
    }

    [Test]
    public async Task CorruptFrameFault_FailsTheMessageChecksum()
    {
        BedrockEmulatorOptions options = new();
        options.Faults.CorruptFrameRate = 1;
        options.Faults.StreamFaultAfterEvents = 1;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        HttpResponseMessage response = await client.SendAsync(Path, ModelId, BedrockEmulatorTests.RagRequest);
        byte[] raw = await response.Content.ReadAsByteArrayAsync();

        using EventStreamDecoder decoder = new();
        decoder.Push(raw);
        Assert.That(decoder.TryRead(out EventStreamMessage? first), Is.True);
        Assert.That(first!.EventType, Is.EqualTo("messageStart"));
        EventStreamFormatException? e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.That(e!.Message, Does.Contain("Message checksum mismatch"));
    }

    [Test]
    public async Task DroppedConnectionFault_AbortsTheStreamAfterNEvents()
    {
        BedrockEmulatorOptions options = new();
        options.Faults.DroppedConnectionRate = 1;
        options.Faults.StreamFaultAfterEvents = 2;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        HttpResponseMessage response = await client.SendAsync(Path, ModelId, BedrockEmulatorTests.RagRequest, HttpCompletionOption.ResponseHeadersRead);
        List<EventStreamMessage> received = [];
        Exception? failure = null;
        try
        {
            await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(await response.Content.ReadAsStreamAsync()))
            {
                received.Add(message);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or EventStreamFormatException)
        {
            failure = ex;
        }

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Not.Null, "the stream must not end cleanly");
            Assert.That(received, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task SameSeed_GivesTheSameStreamFaults()
    {
        async Task<BedrockEmulatorFault[]> RunAsync()
        {
            BedrockEmulatorOptions options = new() { LatencyScale = 0 };
            options.Faults.Seed = 3;
            options.Faults.StreamExceptionRate = 0.5;
            await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
            using EmulatorClient client = new(emulator);
            for (int i = 0; i < 12; i++)
            {
                await StreamAsync(client, BedrockEmulatorTests.RagRequest);
            }

            return emulator.RequestLog.Snapshot().Select(r => r.Faults).ToArray();
        }

        BedrockEmulatorFault[] first = await RunAsync();
        BedrockEmulatorFault[] second = await RunAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first, Does.Contain(BedrockEmulatorFault.StreamException).And.Contain(BedrockEmulatorFault.None));
        });
    }

    [Test]
    public async Task ClientCancellingMidStream_LeavesTheEmulatorServing()
    {
        BedrockEmulatorOptions options = new() { LatencyScale = 1, StreamChunkWords = 1 };
        options.DefaultModel.Latency = new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        using (CancellationTokenSource cancel = new())
        {
            HttpResponseMessage response = await client.SendAsync(Path, ModelId, BedrockEmulatorTests.RagRequest, HttpCompletionOption.ResponseHeadersRead);
            int received = 0;
            Assert.That(async () =>
            {
                await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(await response.Content.ReadAsStreamAsync(), cancel.Token))
                {
                    received++;
                    await cancel.CancelAsync();
                }
            }, Throws.InstanceOf<OperationCanceledException>());
            response.Dispose();
            Assert.That(received, Is.EqualTo(1));
        }

        (HttpResponseMessage next, List<EventStreamMessage> messages) = await StreamAsync(client, BedrockEmulatorTests.RagRequest);
        Assert.Multiple(() =>
        {
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(messages[^1].EventType, Is.EqualTo("metadata"));
        });
    }
}
