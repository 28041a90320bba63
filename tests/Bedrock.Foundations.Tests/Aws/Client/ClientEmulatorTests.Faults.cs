using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;
using static Bedrock.Foundations.Tests.Aws.Client.ClientEmulatorHarness;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>
/// Cancellation, timeouts and the emulator's injected faults (corrupt frames, in-stream exceptions, dropped connections,
/// latency spikes) seen through the real client. Latencies that must elapse are long and awaited only until the client
/// gives up, so no test depends on how fast the machine is.
/// </summary>
public sealed class ClientEmulatorFaultTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(10);

    [Test]
    public async Task CancellationMidRequest_ThrowsOperationCanceled_WithoutRetrying()
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(Forever, TimeSpan.Zero, TimeSpan.Zero);
            o.DefaultModel.Answer = (_, _) =>
            {
                started.TrySetResult();
                return ValueTask.FromResult("Paris.");
            };
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);
        using CancellationTokenSource cancel = new();

        Task<ConverseResponse> call = client.ConverseAsync(Converse(), cancel.Token);
        await started.Task;
        await cancel.CancelAsync();

        OperationCanceledException error = Assert.CatchAsync<OperationCanceledException>(() => call)!;
        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnAlreadyCancelledToken_SendsNothing()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);
        using CancellationTokenSource cancel = new();
        await cancel.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => client.ConverseAsync(Converse(), cancel.Token));
        Assert.CatchAsync<OperationCanceledException>(() => CollectAsync(client.ConverseStreamAsync(ConverseStream(), cancel.Token)));
        Assert.That(emulator.RequestLog.Count, Is.EqualTo(0));
    }

    [TestCase(true, TestName = "CancellationMidStream_WhileWaitingForTheNextEvent_ThrowsOperationCanceled")]
    [TestCase(false, TestName = "CancellationMidStream_WithTheRestAlreadyReceived_ThrowsOperationCanceled")]
    public async Task CancellationMidStream_ThrowsOperationCanceled_WithoutRetrying(bool slowTokens)
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            if (slowTokens)
            {
                o.LatencyScale = 1;
                o.DefaultModel.Latency = new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.Zero, Forever);
            }
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);
        using CancellationTokenSource cancel = new();

        List<ConverseStreamOutput> events = [];
        OperationCanceledException error = Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(ConverseStream(), cancel.Token))
            {
                events.Add(e);
                await cancel.CancelAsync();
            }
        })!;

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(EventType), Is.EqualTo(new[] { "messageStart" }), "nothing is yielded after the cancellation");
            Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AttemptTimeoutShorterThanTheModelLatency_IsRetried_ThenTimeout()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(Forever, TimeSpan.Zero, TimeSpan.Zero);
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 3;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        });

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
            Assert.That(error.Message, Does.Contain("AttemptTimeout"));
            Assert.That(error.StatusCode, Is.Null);
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task TotalTimeoutShorterThanTheModelLatency_IsATimeout_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(Forever, TimeSpan.Zero, TimeSpan.Zero);
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 3;
            o.AttemptTimeout = Timeout.InfiniteTimeSpan;
            o.Timeout = TimeSpan.FromMilliseconds(300);
        });

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(error.Message, Does.Contain("BedrockRuntimeOptions.Timeout"));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TotalTimeout_BoundsTheRetriesOfAttemptTimeouts()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(Forever, TimeSpan.Zero, TimeSpan.Zero);
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 50;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.Timeout = TimeSpan.FromMilliseconds(350);
        });

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(error.Message, Does.Contain("BedrockRuntimeOptions.Timeout"));
            // Each attempt lasts at least 100 ms, so no more than 4 fit in 350 ms, however slow the machine.
            Assert.That(emulator.RequestLog.Count, Is.InRange(1, 4));
        });
    }

    [Test]
    public async Task AStreamIdleLongerThanTheAttemptTimeout_IsATimeout_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.Zero, Forever);
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 3;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        });

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(EventType), Is.EqualTo(new[] { "messageStart" }));
            Assert.That(error, Is.TypeOf<BedrockException>());
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(BedrockErrorKind.Timeout));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AStreamLongerThanTheTotalTimeout_IsATimeout_AfterTheEventsThatArrived_NotRetried()
    {
        // Timeout bounds the whole call, the stream's body included.
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.StreamChunkWords = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
            o.DefaultModel.Answer = (_, _) => ValueTask.FromResult(string.Join(' ', Enumerable.Range(1, 200).Select(i => "word" + i)));
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 3;
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
        });

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Not.Empty);
            Assert.That(events.Select(EventType), Does.Not.Contain("messageStop"), "the 10 s stream did not end");
            Assert.That(error, Is.TypeOf<BedrockException>());
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(BedrockErrorKind.Timeout));
            Assert.That(((BedrockException)error!).Message, Does.Contain("BedrockRuntimeOptions.Timeout"));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [TestCase("throttlingException", BedrockErrorKind.Throttling)]
    [TestCase("serviceUnavailableException", BedrockErrorKind.ServiceUnavailable)]
    public async Task ARetryableInStreamExceptionBeforeTheFirstEvent_IsRetried_UpToMaxAttempts(string exceptionType, BedrockErrorKind kind)
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.StreamExceptionRate = 1.0;
            o.Faults.StreamExceptionType = exceptionType;
            o.Faults.StreamFaultAfterEvents = 0;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Empty);
            Assert.That(error, Is.TypeOf<BedrockException>());
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(kind));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(3), "no event reached the caller, so every attempt was made");
        });
    }

    [Test]
    public async Task AModelStreamErrorBeforeTheFirstEvent_IsNotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.StreamExceptionRate = 1.0;
            o.Faults.StreamFaultAfterEvents = 0;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Empty);
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(BedrockErrorKind.ModelStreamError));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AConnectionDroppedBeforeTheFirstEvent_IsRetried_ThenNetwork()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.DroppedConnectionRate = 1.0;
            o.Faults.StreamFaultAfterEvents = 0;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Empty);
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(BedrockErrorKind.Network));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(3));
        });
    }

    [TestCase(2)]
    [TestCase(0)]
    public async Task ACorruptFrame_IsInvalidResponse_AfterTheIntactEvents_NotSkippedNorRetried(int intactEvents)
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.CorruptFrameRate = 1.0;
            o.Faults.StreamFaultAfterEvents = intactEvents;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events, Has.Count.EqualTo(intactEvents), "the events before the corrupt frame, and none after it");
            Assert.That(events.Take(1).Select(EventType), Is.All.EqualTo("messageStart"));
            Assert.That(error, Is.TypeOf<BedrockException>());
            BedrockException bedrock = (BedrockException)error!;
            Assert.That(bedrock.Kind, Is.EqualTo(BedrockErrorKind.InvalidResponse));
            Assert.That(bedrock.Message, Does.Contain("corrupt").And.Contain("ConverseStream"));
            Assert.That(bedrock.RequestId, Is.Not.Null);
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
            Assert.That(emulator.RequestLog.Last!.Faults, Is.EqualTo(BedrockEmulatorFault.CorruptFrame));
        });
    }

    [TestCase("modelStreamErrorException", BedrockErrorKind.ModelStreamError)]
    [TestCase("throttlingException", BedrockErrorKind.Throttling)]
    [TestCase("internalServerException", BedrockErrorKind.InternalServer)]
    [TestCase("serviceUnavailableException", BedrockErrorKind.ServiceUnavailable)]
    [TestCase("validationException", BedrockErrorKind.Validation)]
    public async Task AnInStreamException_IsThrownWithItsKind_AfterTheEventsBeforeIt_NotRetried(string exceptionType, BedrockErrorKind kind)
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.StreamExceptionRate = 1.0;
            o.Faults.StreamExceptionType = exceptionType;
            o.Faults.StreamFaultAfterEvents = 3;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(EventType), Is.EqualTo(new[] { "messageStart", "contentBlockDelta", "contentBlockDelta" }));
            Assert.That(error, Is.TypeOf<BedrockException>());
            BedrockException bedrock = (BedrockException)error!;
            Assert.That(bedrock.Kind, Is.EqualTo(kind));
            Assert.That(bedrock.ErrorCode, Is.EqualTo(char.ToUpperInvariant(exceptionType[0]) + exceptionType[1..]));
            Assert.That(bedrock.ServiceMessage, Does.Contain("injected fault"));
            Assert.That(bedrock.StatusCode, Is.Null);
            Assert.That(bedrock.RequestId, Is.Not.Null);
            if (kind == BedrockErrorKind.ModelStreamError)
            {
                Assert.That(bedrock.OriginalStatusCode, Is.EqualTo(500));
                Assert.That(bedrock.OriginalMessage, Is.EqualTo("Injected fault."));
            }

            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1), "nothing is retried once events reached the caller");
        });
    }

    [Test]
    public async Task ADroppedConnectionBeforeTheResponseIsRead_IsRetried_ThenNetwork()
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.Faults.DroppedConnectionRate = 1.0);
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Network));
            Assert.That(error.IsRetryable, Is.True);
            Assert.That(error.StatusCode, Is.Null);
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(3));
            Assert.That(emulator.RequestLog.Snapshot().Select(r => r.Faults), Is.All.EqualTo(BedrockEmulatorFault.DroppedConnection));
        });
    }

    [Test]
    public async Task ADroppedConnectionOnTheFirstAttemptOnly_SucceedsOnTheSecond()
    {
        const double Rate = 0.5;
        int seed = SeedFailingFirstAttemptOnly(4, Rate); // Draw 4 decides a dropped connection.
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.Seed = seed;
            o.Faults.DroppedConnectionRate = Rate;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        ConverseResponse response = await client.ConverseAsync(Converse());

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(Text(response), Does.Contain("Paris"));
            Assert.That(log.Select(r => r.Faults), Is.EqualTo(new[] { BedrockEmulatorFault.DroppedConnection, BedrockEmulatorFault.None }));
        });
    }

    [Test]
    public async Task ADroppedConnectionMidStream_IsNetwork_AfterTheEventsBeforeIt_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.DroppedConnectionRate = 1.0;
            o.Faults.StreamFaultAfterEvents = 2;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(EventType), Is.EqualTo(new[] { "messageStart", "contentBlockDelta" }));
            Assert.That(error, Is.TypeOf<BedrockException>());
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(BedrockErrorKind.Network));
            Assert.That(((BedrockException)error!).Message, Does.Contain("not retried"));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ALatencySpikeLongerThanTheAttemptTimeout_IsRetried_AndTheNextAttemptSucceeds()
    {
        const double Rate = 0.5;
        int seed = SeedFailingFirstAttemptOnly(3, Rate); // Draw 3 decides a latency spike.
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.Seed = seed;
            o.Faults.LatencySpikeRate = Rate;
            o.Faults.LatencySpike = Forever;
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 3;
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
        });

        ConverseResponse response = await client.ConverseAsync(Converse());

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(Text(response), Does.Contain("Paris"));
            Assert.That(log.Select(r => r.Faults), Is.EqualTo(new[] { BedrockEmulatorFault.LatencySpike, BedrockEmulatorFault.None }));
        });
    }
    [Test]
    public async Task AStreamWhoseFirstTokenComesLaterThanTheAttemptTimeout_IsRetriedBeforeItBegins_ThenTimeout()
    {
        // The emulator sends the response headers with the first event, after the time to first token.
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(Forever, TimeSpan.Zero, TimeSpan.Zero);
        });
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.MaxAttempts = 3;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        });

        (List<ConverseStreamOutput> events, Exception? error) = await CollectUntilErrorAsync(client.ConverseStreamAsync(ConverseStream()));

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Empty);
            Assert.That(error, Is.TypeOf<BedrockException>());
            Assert.That(((BedrockException)error!).Kind, Is.EqualTo(BedrockErrorKind.Timeout));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task CancellationOfAStreamBeforeItsFirstEvent_ThrowsOperationCanceled_WithoutRetrying()
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(Forever, TimeSpan.Zero, TimeSpan.Zero);
            o.DefaultModel.Answer = (_, _) =>
            {
                started.TrySetResult();
                return ValueTask.FromResult("Paris.");
            };
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);
        using CancellationTokenSource cancel = new();

        Task<List<ConverseStreamOutput>> reading = CollectAsync(client.ConverseStreamAsync(ConverseStream(), cancel.Token));
        await started.Task;
        await cancel.CancelAsync();

        OperationCanceledException error = Assert.CatchAsync<OperationCanceledException>(() => reading)!;
        Assert.Multiple(() =>
        {
            Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AFailingModel_IsModelError424_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
            o.DefaultModel.Answer = (_, _) => throw new InvalidOperationException("the emulated model is broken"));
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.ModelError));
            Assert.That((int?)error.StatusCode, Is.EqualTo(424));
            Assert.That(error.ErrorCode, Is.EqualTo("ModelErrorException"));
            Assert.That(error.ServiceMessage, Does.Contain("the emulated model is broken"));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }
    [Test]
    [CancelAfter(30_000)]
    public async Task StoppingAStreamEarly_ClosesTheConnection_SoTheServiceStopsGenerating(CancellationToken hangGuard)
    {
        // The rest of the stream takes ~0.4 s: short enough that an HTTP handler draining unread responses (by default up
        // to 2 s) would read it to the end, and the emulator would see the request complete instead of aborted.
        TaskCompletionSource aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.LatencyScale = 1;
            o.StreamChunkWords = 1;
            o.DefaultModel.Latency = new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
            o.DefaultModel.Answer = (_, requestAborted) =>
            {
                requestAborted.Register(() => aborted.TrySetResult());
                return ValueTask.FromResult(string.Join(' ', Enumerable.Range(1, 20).Select(i => "word" + i)));
            };
        });
        using BedrockRuntimeClient client = NewClient(emulator);

        List<ConverseStreamOutput> events = [];
        await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(ConverseStream(), CancellationToken.None))
        {
            events.Add(e);
            break;
        }

        await aborted.Task.WaitAsync(hangGuard);
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(EventType), Is.EqualTo(new[] { "messageStart" }));
            Assert.That(aborted.Task.IsCompletedSuccessfully, Is.True, "the emulator saw the connection close");
        });
    }
}
