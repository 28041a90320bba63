using System.Net;
using System.Text;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
public sealed class BedrockRuntimeClientStreamTests
{
    private const string ModelId = "anthropic.claude-3-haiku-20240307-v1:0";

    private static readonly ConverseStreamRequest Request = new()
    {
        ModelId = ModelId,
        Messages = [new Message { Role = "user", Content = [new ContentBlock { Text = "Hi" }] }],
    };

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(4096)]
    public async Task ConverseStreamAsync_DecodesEveryEvent_WhateverTheChunking(int chunkSize)
    {
        byte[] stream = Concat(
            Event("messageStart", """{"role":"assistant","p":"abcdefgh"}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hel"},"p":"abcdefghijklmnop"}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"lo"},"p":"ab"}"""),
            Event("contentBlockStop", """{"contentBlockIndex":0,"p":"abcdefghijk"}"""),
            Event("messageStop", """{"stopReason":"end_turn","p":"abcd"}"""),
            Event("metadata", """{"usage":{"inputTokens":5,"outputTokens":2,"totalTokens":7},"metrics":{"latencyMs":120},"p":"abc"}"""));
        FakeHttpHandler handler = StreamHandler(() => new ChunkedStream(stream, chunkSize));
        using BedrockRuntimeClient client = TestClients.Create(handler);

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.RawPath, Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"));
        BedrockRuntimeClientOperationsTests.AssertValid(ServiceModelShapes.Runtime, "ConverseStreamRequest", request.Body);
        Assert.That(events, Has.Count.EqualTo(6));
        Assert.Multiple(() =>
        {
            Assert.That(events[0].MessageStart!.Role, Is.EqualTo("assistant"));
            Assert.That(events[1].ContentBlockDelta!.Delta!.Text, Is.EqualTo("Hel"));
            Assert.That(events[2].ContentBlockDelta!.Delta!.Text, Is.EqualTo("lo"));
            Assert.That(events[3].ContentBlockStop!.ContentBlockIndex, Is.EqualTo(0));
            Assert.That(events[4].MessageStop!.StopReason, Is.EqualTo("end_turn"));
            Assert.That(events[5].Metadata!.Usage!.TotalTokens, Is.EqualTo(7));
            Assert.That(events[5].Metadata!.Metrics!.LatencyMs, Is.EqualTo(120));
            Assert.That(events.Select(e => CountSet(e)), Has.All.EqualTo(1));
        });
    }

    [Test]
    public async Task ConverseStreamAsync_ToolUseStartAndDeltas()
    {
        byte[] stream = Concat(
            Event("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t-1","name":"get_weather"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"\"Paris\"}"}}}"""));
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new MemoryStream(stream)));

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(events[0].ContentBlockStart!.Start!.ToolUse!.Name, Is.EqualTo("get_weather"));
        Assert.That(events[1].ContentBlockDelta!.Delta!.ToolUse!.Input + events[2].ContentBlockDelta!.Delta!.ToolUse!.Input, Is.EqualTo("""{"city":"Paris"}"""));
    }

    [Test]
    public async Task ConverseStreamAsync_UnknownEventType_IsSkipped()
    {
        byte[] stream = Concat(Event("somethingNew", """{"x":1}"""), Event("messageStart", """{"role":"assistant"}"""));
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new MemoryStream(stream)));

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0].MessageStart, Is.Not.Null);
    }

    [Test]
    public async Task ConverseStreamAsync_InStreamException_ThrowsAfterTheEarlierEvents()
    {
        byte[] stream = Concat(
            Event("messageStart", """{"role":"assistant"}"""),
            EventStreamEncoder.Encode(EventStreamMessage.CreateException("modelStreamErrorException",
                Encoding.UTF8.GetBytes("""{"message":"The model failed","originalStatusCode":500,"originalMessage":"boom"}"""))));
        FakeHttpHandler handler = StreamHandler(() => new MemoryStream(stream), ("x-amzn-RequestId", "rid-stream"));
        using BedrockRuntimeClient client = TestClients.Create(handler);
        List<ConverseStreamOutput> events = [];

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request))
            {
                events.Add(e);
            }
        })!;

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.ModelStreamError));
        Assert.That(ex.ErrorCode, Is.EqualTo("ModelStreamErrorException"));
        Assert.That(ex.OriginalStatusCode, Is.EqualTo(500));
        Assert.That(ex.RequestId, Is.EqualTo("rid-stream"));
        Assert.That(handler.Attempts, Is.EqualTo(1));
        await Task.CompletedTask;
    }

    [Test]
    public void ConverseStreamAsync_InStreamThrottlingAsFirstMessageEveryTime_IsRetriedThenThrows()
    {
        byte[] stream = EventStreamEncoder.Encode(EventStreamMessage.CreateException("throttlingException", """{"message":"slow down"}"""u8.ToArray()));
        FakeHttpHandler handler = StreamHandler(() => new MemoryStream(stream));
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Collect(client.ConverseStreamAsync(Request)))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
        Assert.That(ex.IsThrottling, Is.True);
        Assert.That(handler.Attempts, Is.EqualTo(BedrockRuntimeOptions.DefaultMaxAttempts), "no event reached the caller, so the stream is retried");
    }

    [TestCase("throttlingException")]
    [TestCase("internalServerException")]
    [TestCase("serviceUnavailableException")]
    [TestCase("modelNotReadyException")]
    public async Task ConverseStreamAsync_RetryableExceptionBeforeTheFirstEvent_IsRetried(string exceptionType)
    {
        byte[] failing = EventStreamEncoder.Encode(EventStreamMessage.CreateException(exceptionType, """{"message":"try again"}"""u8.ToArray()));
        byte[] good = Concat(Event("messageStart", """{"role":"assistant"}"""), Event("messageStop", """{"stopReason":"end_turn"}"""));
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(StreamResponse(new MemoryStream(attempt == 1 ? failing : good))),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(handler.Attempts, Is.EqualTo(2));
        Assert.That(events, Has.Count.EqualTo(2));
        Assert.That(events[0].MessageStart!.Role, Is.EqualTo("assistant"), "the first event read inside the attempt is yielded first");
        Assert.That(events[1].MessageStop!.StopReason, Is.EqualTo("end_turn"));
    }

    [Test]
    public void ConverseStreamAsync_NonRetryableExceptionBeforeTheFirstEvent_IsNotRetried()
    {
        byte[] stream = EventStreamEncoder.Encode(EventStreamMessage.CreateException("validationException", """{"message":"bad input"}"""u8.ToArray()));
        FakeHttpHandler handler = StreamHandler(() => new MemoryStream(stream));
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Collect(client.ConverseStreamAsync(Request)))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Validation));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task ConverseStreamAsync_ConnectionBreaksBeforeTheFirstEvent_IsRetried()
    {
        byte[] frame = Event("messageStart", """{"role":"assistant"}""");
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(StreamResponse(attempt == 1 ? new FailingAfterStream(frame[..5]) : new MemoryStream(frame))),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(handler.Attempts, Is.EqualTo(2));
        Assert.That(events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConverseStreamAsync_EmptyStreamBeforeTheFirstEvent_IsRetried()
    {
        byte[] frame = Event("messageStart", """{"role":"assistant"}""");
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(StreamResponse(new MemoryStream(attempt == 1 ? [] : frame))),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(handler.Attempts, Is.EqualTo(2));
        Assert.That(events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConverseStreamAsync_StallsBeforeTheFirstEvent_AttemptIsRetried()
    {
        byte[] frame = Event("messageStart", """{"role":"assistant"}""");
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(StreamResponse(attempt == 1 ? new StallingAfterStream([]) : new MemoryStream(frame))),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(handler.Attempts, Is.EqualTo(2));
        Assert.That(events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConverseStreamAsync_TricklingStream_EndsWithTimeoutWhenTheTotalTimeoutRunsOut()
    {
        byte[] delta = Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"x"}}""");
        FakeHttpHandler handler = StreamHandler(() => new TricklingStream(delta, TimeSpan.FromMilliseconds(10), count: 1000));
        using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.AttemptTimeout = TimeSpan.FromSeconds(30); });
        int seen = 0;

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request))
            {
                seen++;
            }
        })!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
        Assert.That(ex.IsRetryable, Is.False);
        Assert.That(ex.Message, Does.Contain("BedrockRuntimeOptions.Timeout"));
        Assert.That(seen, Is.GreaterThan(0).And.LessThan(1000));
        Assert.That(handler.Attempts, Is.EqualTo(1));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ConverseStreamAsync_CancelledMidStream_CarriesTheCallersToken()
    {
        byte[] first = Event("messageStart", """{"role":"assistant"}""");
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new StallingAfterStream(first)), o => o.AttemptTimeout = TimeSpan.FromMinutes(1));
        using CancellationTokenSource cts = new();

        OperationCanceledException ex = Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request, cts.Token))
            {
                await cts.CancelAsync();
            }
        })!;

        Assert.That(ex.CancellationToken, Is.EqualTo(cts.Token));
        await Task.CompletedTask;
    }

    [Test]
    public void ConverseStreamAsync_ErrorMessage_ThrowsWithCodeAndMessage()
    {
        byte[] stream = EventStreamEncoder.Encode(EventStreamMessage.CreateError("InternalFailure", "Something went wrong"));
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new MemoryStream(stream)));

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Collect(client.ConverseStreamAsync(Request)))!;

        Assert.That(ex.ErrorCode, Is.EqualTo("InternalFailure"));
        Assert.That(ex.Message, Does.Contain("Something went wrong"));
    }

    [Test]
    public async Task ConverseStreamAsync_CorruptFrame_ThrowsInvalidResponseAfterTheGoodOnes()
    {
        byte[] good = Event("messageStart", """{"role":"assistant"}""");
        byte[] bad = Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"x"}}""");
        bad[^6] ^= 0x20; // a payload byte: the message CRC no longer matches
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new MemoryStream(Concat(good, bad))));
        List<ConverseStreamOutput> events = [];

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request))
            {
                events.Add(e);
            }
        })!;

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.InvalidResponse));
        Assert.That(ex.InnerException, Is.InstanceOf<EventStreamFormatException>());
        Assert.That(ex.Message, Does.Contain("corrupt"));
        await Task.CompletedTask;
    }

    [Test]
    public void ConverseStreamAsync_TruncatedBeforeTheFirstEventEveryTime_IsRetriedThenThrowsNetwork()
    {
        byte[] frame = Event("messageStart", """{"role":"assistant"}""");
        FakeHttpHandler handler = StreamHandler(() => new MemoryStream(frame[..^3]));
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Collect(client.ConverseStreamAsync(Request)))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Network));
        Assert.That(ex.Message, Does.Contain("before its first complete message"));
        Assert.That(handler.Attempts, Is.EqualTo(BedrockRuntimeOptions.DefaultMaxAttempts));
    }

    [Test]
    public async Task ConverseStreamAsync_TruncatedAfterTheFirstEvent_ThrowsInvalidResponseWithoutRetry()
    {
        byte[] first = Event("messageStart", """{"role":"assistant"}""");
        byte[] second = Event("messageStop", """{"stopReason":"end_turn"}""");
        FakeHttpHandler handler = StreamHandler(() => new MemoryStream(Concat(first, second[..^3])));
        using BedrockRuntimeClient client = TestClients.Create(handler);
        List<ConverseStreamOutput> events = [];

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request))
            {
                events.Add(e);
            }
        })!;

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.InvalidResponse));
        Assert.That(handler.Attempts, Is.EqualTo(1));
        await Task.CompletedTask;
    }

    [Test]
    public void ConverseStreamAsync_BadEventPayload_ThrowsInvalidResponse()
    {
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new MemoryStream(Event("messageStart", """{"role":7}"""))));

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Collect(client.ConverseStreamAsync(Request)))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.InvalidResponse));
        Assert.That(ex.Message, Does.Contain("messageStart"));
    }

    [Test]
    public async Task ConverseStreamAsync_ConnectionBreaksAfterTheFirstEvent_NoRetry()
    {
        byte[] first = Event("messageStart", """{"role":"assistant"}""");
        FakeHttpHandler handler = StreamHandler(() => new FailingAfterStream(first));
        using BedrockRuntimeClient client = TestClients.Create(handler);
        List<ConverseStreamOutput> events = [];

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request))
            {
                events.Add(e);
            }
        })!;

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Network));
        Assert.That(handler.Attempts, Is.EqualTo(1));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ConverseStreamAsync_ErrorBeforeTheStream_IsRetried()
    {
        byte[] stream = Event("messageStart", """{"role":"assistant"}""");
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(attempt == 1
                ? FakeHttpHandler.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException")
                : StreamResponse(new MemoryStream(stream))),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        List<ConverseStreamOutput> events = await Collect(client.ConverseStreamAsync(Request));

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(handler.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task ConverseStreamAsync_StreamStalls_IdleTimeoutThrows()
    {
        byte[] first = Event("messageStart", """{"role":"assistant"}""");
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new StallingAfterStream(first)), o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));
        List<ConverseStreamOutput> events = [];

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request))
            {
                events.Add(e);
            }
        })!;

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ConverseStreamAsync_CancelledMidStream_ThrowsOperationCanceled()
    {
        byte[] first = Event("messageStart", """{"role":"assistant"}""");
        using BedrockRuntimeClient client = TestClients.Create(StreamHandler(() => new StallingAfterStream(first)));
        using CancellationTokenSource cts = new();
        int seen = 0;

        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(Request, cts.Token))
            {
                seen++;
                cts.Cancel();
            }
        });

        Assert.That(seen, Is.EqualTo(1));
        await Task.CompletedTask;
    }

    [Test]
    public void ConverseStreamAsync_BadArguments_ThrowBeforeEnumeration()
    {
        using BedrockRuntimeClient client = TestClients.Create(new FakeHttpHandler());

        Assert.That(() => client.ConverseStreamAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("request"));
        Assert.That(() => client.ConverseStreamAsync(new ConverseStreamRequest()),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("request").And.Message.Contains("ConverseStreamRequest.ModelId is required"));
    }

    private static int CountSet(ConverseStreamOutput e) =>
        new object?[] { e.MessageStart, e.ContentBlockStart, e.ContentBlockDelta, e.ContentBlockStop, e.MessageStop, e.Metadata }.Count(x => x is not null);

    private static async Task<List<ConverseStreamOutput>> Collect(IAsyncEnumerable<ConverseStreamOutput> source)
    {
        List<ConverseStreamOutput> list = [];
        await foreach (ConverseStreamOutput item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static byte[] Event(string type, string json) => EventStreamEncoder.Encode(EventStreamMessage.CreateEvent(type, Encoding.UTF8.GetBytes(json)));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static HttpResponseMessage StreamResponse(Stream body, params (string Name, string Value)[] headers)
    {
        HttpResponseMessage response = new(HttpStatusCode.OK) { Content = new StreamContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/vnd.amazon.eventstream");
        foreach ((string name, string value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private static FakeHttpHandler StreamHandler(Func<Stream> body, params (string Name, string Value)[] headers) =>
        new() { Respond = (_, _, _) => Task.FromResult(StreamResponse(body(), headers)) };

    /// <summary>Returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }

    /// <summary>Serves its bytes, then fails like a reset connection.</summary>
    private sealed class FailingAfterStream(byte[] data) : MemoryStream(data)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("connection reset by peer");
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Serves <c>count</c> copies of a frame, one per read, each after a short wait.</summary>
    private sealed class TricklingStream(byte[] frame, TimeSpan gap, int count) : Stream
    {
        private int _served;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_served >= count)
            {
                return 0;
            }

            await Task.Delay(gap, cancellationToken);
            _served++;
            frame.CopyTo(buffer);
            return frame.Length;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Serves its bytes, then waits until cancelled.</summary>
    private sealed class StallingAfterStream(byte[] data) : MemoryStream(data)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
