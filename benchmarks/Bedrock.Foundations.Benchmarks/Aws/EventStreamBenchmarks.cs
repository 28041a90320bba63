using System.Text;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Benchmarks.Machine;
using AwsDecoder = Amazon.Runtime.EventStreams.Internal.EventStreamDecoder;
using AwsMessageReceivedEventArgs = Amazon.Runtime.EventStreams.Internal.EventStreamMessageReceivedEventArgs;

namespace Bedrock.Foundations.Benchmarks.Aws;

/// <summary>
/// Decoding a realistic ConverseStream response body: messageStart, 2,000 <c>contentBlockDelta</c> events (headers
/// <c>:event-type</c>, <c>:content-type</c>, <c>:message-type</c>; a small JSON payload with a <c>p</c> padding field of
/// 0–63 letters, as the service sends), contentBlockStop, messageStop and metadata — about 350 kB. The body arrives in
/// 16 KiB reads, as from an HTTP response stream: the SDK's decoder gets each read copied into its read buffer
/// (<c>ProcessData(buffer, 0, n)</c>, as AWSSDK.Core calls it), ours gets the same pieces through
/// <see cref="EventStreamDecoder.Push"/>, or reads the body itself through <see cref="EventStreamDecoder.ReadAllAsync"/>.
/// Every row touches each message's headers and payload length, so no decoder can skip work. MB/s is body bytes /
/// mean time.
/// </summary>
[MemoryDiagnoser]
[EventStreamThroughputColumn]
public class EventStreamBenchmarks : IWorkloadBenchmark
{
    private const int Deltas = 2_000;
    private const int ReadSize = 16 * 1024;

    private static readonly byte[] Body = BuildBody();
    private readonly byte[] _readBuffer = new byte[ReadSize];

    [GlobalSetup]
    public void Setup()
    {
        // The three rows must agree before they are timed.
        int expected = Deltas + 4;
        if (AwsSdkDecoder() != Ours() || Ours() != OursReadAllAsync().GetAwaiter().GetResult() || Ours() != Checksum(expected))
        {
            throw new InvalidOperationException("The decoders disagree on the benchmark body.");
        }
    }

    [Benchmark(Baseline = true, Description = "AWSSDK.Core EventStreamDecoder")]
    public int AwsSdkDecoder()
    {
        int sum = 0;
        using var decoder = new AwsDecoder();
        decoder.MessageReceived += OnMessage;
        for (int offset = 0; offset < Body.Length; offset += ReadSize)
        {
            int count = Math.Min(ReadSize, Body.Length - offset);
            Buffer.BlockCopy(Body, offset, _readBuffer, 0, count);
            decoder.ProcessData(_readBuffer, 0, count);
        }

        return sum;

        void OnMessage(object? sender, AwsMessageReceivedEventArgs e) =>
            sum += e.Message.Headers[":event-type"].AsString().Length + (e.Message.Payload?.Length ?? 0);
    }

    [Benchmark(Description = "EventStreamDecoder Push/TryRead")]
    public int Ours()
    {
        int sum = 0;
        using var decoder = new EventStreamDecoder();
        for (int offset = 0; offset < Body.Length; offset += ReadSize)
        {
            decoder.Push(Body.AsSpan(offset, Math.Min(ReadSize, Body.Length - offset)));
            while (decoder.TryRead(out EventStreamMessage? message))
            {
                sum += message.EventType!.Length + message.Payload.Length;
            }
        }

        decoder.Complete();
        return sum;
    }

    [Benchmark(Description = "EventStreamDecoder.ReadAllAsync")]
    public async Task<int> OursReadAllAsync()
    {
        int sum = 0;
        using var stream = new MemoryStream(Body, writable: false);
        await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(stream).ConfigureAwait(false))
        {
            sum += message.EventType!.Length + message.Payload.Length;
        }

        return sum;
    }

    public Workload WorkOf(string benchmarkMethod) => new(Body.Length, 1);

    private static int Checksum(int expectedMessages)
    {
        int sum = 0, count = 0;
        using var decoder = new EventStreamDecoder();
        decoder.Push(Body);
        while (decoder.TryRead(out EventStreamMessage? message))
        {
            sum += message.EventType!.Length + message.Payload.Length;
            count++;
        }

        return count == expectedMessages ? sum : -1;
    }

    private static byte[] BuildBody()
    {
        var random = new Random(20261125);
        var messages = new List<EventStreamMessage>
        {
            Event("messageStart", """{"role":"assistant","p":"abcdefghijklmnopqrstuvwxyzABCDEF"}"""),
        };
        string[] words = ["The", " answer", " is", " forty", "-two", ",", " as", " computed", " by", " Deep", " Thought", "."];
        const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < Deltas; i++)
        {
            string padding = Letters[..random.Next(0, Letters.Length)];
            messages.Add(Event("contentBlockDelta", $$"""{"contentBlockIndex":0,"delta":{"text":"{{words[i % words.Length]}}"},"p":"{{padding}}"}"""));
        }

        messages.Add(Event("contentBlockStop", """{"contentBlockIndex":0,"p":"abcdefghijklm"}"""));
        messages.Add(Event("messageStop", """{"stopReason":"end_turn","p":"abcdefghijklmnopqrstu"}"""));
        messages.Add(Event("metadata", """{"usage":{"inputTokens":1234,"outputTokens":2000,"totalTokens":3234},"metrics":{"latencyMs":4321},"p":"abcdefghij"}"""));
        return [.. messages.SelectMany(EventStreamEncoder.Encode)];

        static EventStreamMessage Event(string type, string json) => EventStreamMessage.CreateEvent(type, Encoding.UTF8.GetBytes(json));
    }
}
