using System.Text;
using System.Threading.Channels;
using Bedrock.Foundations.Aws.EventStreams;
using static Bedrock.Foundations.Tests.Aws.EventStreams.EventStreamWire;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

[TestFixture]
public sealed class EventStreamDecoderReadAllTests
{
    [Test]
    public async Task ReadAllAsync_ReadsEveryMessage()
    {
        EventStreamMessage[] messages = SampleStream(100);
        using var stream = new MemoryStream(Concat(messages));

        var decoded = new List<EventStreamMessage>();
        await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(stream))
        {
            decoded.Add(message);
        }

        Assert.That(Describe(decoded), Is.EqualTo(Describe(messages)));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(100_000)]
    public async Task ReadAllAsync_StreamReturningSmallReads_ReadsEveryMessage(int maxRead)
    {
        EventStreamMessage[] messages = [.. SampleStream(20), new EventStreamMessage([], new byte[70_000])];
        using var stream = new TrickleStream(Concat(messages), maxRead);

        var decoded = new List<EventStreamMessage>();
        await foreach (EventStreamMessage message in EventStreamDecoder.ReadAllAsync(stream))
        {
            decoded.Add(message);
        }

        Assert.That(Describe(decoded), Is.EqualTo(Describe(messages)));
    }

    [Test]
    public async Task ReadAllAsync_YieldsAMessageBeforeTheNextBytesArrive()
    {
        byte[] first = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("first", default));
        byte[] second = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("second", default));
        await using var stream = new GatedStream();
        await using IAsyncEnumerator<EventStreamMessage> messages = EventStreamDecoder.ReadAllAsync(stream).GetAsyncEnumerator();

        await stream.SendAsync(first.Concat(second.Take(5)).ToArray());
        Assert.That(await messages.MoveNextAsync(), Is.True);
        Assert.That(messages.Current.EventType, Is.EqualTo("first"));

        ValueTask<bool> next = messages.MoveNextAsync();
        Assert.That(next.IsCompleted, Is.False, "the second message has not arrived");
        await stream.SendAsync(second.AsMemory(5));
        Assert.That(await next, Is.True);
        Assert.That(messages.Current.EventType, Is.EqualTo("second"));

        stream.End();
        Assert.That(await messages.MoveNextAsync(), Is.False);
    }

    [Test]
    public void ReadAllAsync_CancelledWhileWaitingForBytes_Throws()
    {
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () =>
        {
            await using var stream = new GatedStream();
            await using IAsyncEnumerator<EventStreamMessage> messages = EventStreamDecoder.ReadAllAsync(stream, cts.Token).GetAsyncEnumerator();
            ValueTask<bool> next = messages.MoveNextAsync();
            Assert.That(next.IsCompleted, Is.False);
            await cts.CancelAsync();
            await next;
        });
    }

    [Test]
    public async Task ReadAllAsync_CancelledBetweenMessages_StopsEvenWithMessagesBuffered()
    {
        using var stream = new MemoryStream(Concat(SampleStream(5)));
        using var cts = new CancellationTokenSource();
        await using IAsyncEnumerator<EventStreamMessage> messages = EventStreamDecoder.ReadAllAsync(stream, cts.Token).GetAsyncEnumerator();

        Assert.That(await messages.MoveNextAsync(), Is.True);
        await cts.CancelAsync();

        Assert.That(async () => await messages.MoveNextAsync(), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void ReadAllAsync_AlreadyCancelled_ThrowsBeforeReading()
    {
        using var stream = new MemoryStream(Concat(SampleStream(1)));
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () =>
        {
            await foreach (EventStreamMessage _ in EventStreamDecoder.ReadAllAsync(stream, new CancellationToken(canceled: true)))
            {
            }
        });
        Assert.That(stream.Position, Is.Zero);
    }

    [Test]
    public async Task ReadAllAsync_StreamEndingInsideAMessage_ThrowsTruncated_AfterTheWholeOnes()
    {
        byte[] whole = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("whole", default));
        byte[] cut = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("cut", Encoding.UTF8.GetBytes("{}")));
        using var stream = new MemoryStream([.. whole, .. cut.AsSpan(0, cut.Length - 3)]);
        await using IAsyncEnumerator<EventStreamMessage> messages = EventStreamDecoder.ReadAllAsync(stream).GetAsyncEnumerator();

        Assert.That(await messages.MoveNextAsync(), Is.True);
        var e = Assert.ThrowsAsync<EventStreamFormatException>(async () => await messages.MoveNextAsync());
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("The event stream is truncated"));
            Assert.That(e.MessageOffset, Is.EqualTo(whole.Length));
        });
    }

    [Test]
    public void ReadAllAsync_CorruptMessage_Throws()
    {
        byte[] bytes = Concat(SampleStream(3));
        bytes[^5] ^= 1;
        using var stream = new MemoryStream(bytes);
        var e = Assert.ThrowsAsync<EventStreamFormatException>(async () =>
        {
            await foreach (EventStreamMessage _ in EventStreamDecoder.ReadAllAsync(stream))
            {
            }
        });
        Assert.That(e!.Message, Does.StartWith("Message checksum mismatch"));
    }

    [Test]
    public void ReadAllAsync_NullStream_ThrowsEagerly()
    {
        var e = Assert.Throws<ArgumentNullException>(() => EventStreamDecoder.ReadAllAsync(null!));
        Assert.That(e!.ParamName, Is.EqualTo("stream"));
    }

    /// <summary>A stream that returns at most <c>maxRead</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int maxRead) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
    }

    /// <summary>A read-only stream whose reads wait until the test sends bytes or ends it.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly Channel<ReadOnlyMemory<byte>> _chunks = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        private ReadOnlyMemory<byte> _current;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public ValueTask SendAsync(ReadOnlyMemory<byte> bytes) => _chunks.Writer.WriteAsync(bytes);

        public void End() => _chunks.Writer.TryComplete();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_current.IsEmpty)
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                _current = await _chunks.Reader.ReadAsync(cancellationToken);
            }

            int count = Math.Min(buffer.Length, _current.Length);
            _current[..count].CopyTo(buffer);
            _current = _current[count..];
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
