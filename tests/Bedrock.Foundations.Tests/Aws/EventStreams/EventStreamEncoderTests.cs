using System.Buffers;
using System.Text;
using Bedrock.Foundations.Aws.EventStreams;
using static Bedrock.Foundations.Tests.Aws.EventStreams.EventStreamWire;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

[TestFixture]
public sealed class EventStreamEncoderTests
{
    [Test]
    public void Encode_EmptyMessage_IsThePublishedVector()
    {
        // "empty_message" of the AWS event-stream test vectors: total 16, headers 0, prelude CRC, message CRC.
        byte[] bytes = EventStreamEncoder.Encode(new EventStreamMessage([], ReadOnlyMemory<byte>.Empty));
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("000000100000000005C248EB7D98C8FF"));
    }

    [Test]
    public void Encode_EveryHeaderType_MatchesTheHandBuiltLayout()
    {
        byte[] payload = Encoding.UTF8.GetBytes("""{"foo":"bar"}""");
        byte[] headers =
        [
            .. Header("bool-true", 0),
            .. Header("bool-false", 1),
            .. Header("byte", 2, 0x80),
            .. Header("int16", 3, 0x80, 0x00),
            .. Header("int32", 4, U32(unchecked((uint)-123_456_789))),
            .. Header("int64", 5, U64(long.MaxValue)),
            .. Header("bytes", 6, [.. U16(5), 0, 1, 2, 254, 255]),
            .. StringHeader("string", "héllo, 世界 🌍"),
            .. Header("timestamp", 8, U64(1_700_000_000_123)),
            .. Header("uuid", 9, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF),
        ];
        byte[] expected = Frame(headers, payload);

        byte[] actual = EventStreamEncoder.Encode(new EventStreamMessage(EveryType(), payload));

        Assert.That(Convert.ToHexString(actual), Is.EqualTo(Convert.ToHexString(expected)));
    }

    [Test]
    public void Encode_EventMessage_MatchesTheHandBuiltLayout()
    {
        byte[] payload = Encoding.UTF8.GetBytes("""{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abc"}""");
        byte[] expected = Frame(
            [
                .. StringHeader(":message-type", "event"),
                .. StringHeader(":event-type", "contentBlockDelta"),
                .. StringHeader(":content-type", "application/json"),
            ],
            payload);

        Assert.That(EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("contentBlockDelta", payload)), Is.EqualTo(expected));
    }

    [Test]
    public void GetEncodedLength_IsSixteenPlusHeadersPlusPayload()
    {
        EventStreamMessage message = EventStreamMessage.CreateEvent("messageStart", new byte[10]);
        int headers = message.Headers.Sum(h => h.EncodedLength);
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamEncoder.GetEncodedLength(message), Is.EqualTo(16 + headers + 10));
            Assert.That(EventStreamEncoder.Encode(message), Has.Length.EqualTo(16 + headers + 10));
        });
    }

    [Test]
    public void Encode_IntoSpan_WritesTheSameBytes_AndReturnsTheLength()
    {
        EventStreamMessage message = EventStreamMessage.CreateEvent("messageStop", new byte[] { 1, 2, 3 });
        byte[] expected = EventStreamEncoder.Encode(message);
        var destination = new byte[expected.Length + 5];

        int written = EventStreamEncoder.Encode(message, destination);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(expected.Length));
            Assert.That(destination.AsSpan(0, written).ToArray(), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Encode_IntoTooShortSpan_Throws()
    {
        EventStreamMessage message = EventStreamMessage.CreateEvent("messageStop", new byte[3]);
        int length = EventStreamEncoder.GetEncodedLength(message);
        var e = Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode(message, new byte[length - 1].AsSpan()));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("destination"));
            Assert.That(e.Message, Does.Contain($"holds {length - 1} bytes; the message needs {length}"));
        });
    }

    [Test]
    public void Encode_IntoBufferWriter_AppendsTheMessage()
    {
        EventStreamMessage first = EventStreamMessage.CreateEvent("a", new byte[] { 1 });
        EventStreamMessage second = EventStreamMessage.CreateEvent("b", new byte[] { 2 });
        var writer = new ArrayBufferWriter<byte>();

        int written = EventStreamEncoder.Encode(first, writer);
        EventStreamEncoder.Encode(second, writer);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(EventStreamEncoder.GetEncodedLength(first)));
            Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(Concat([first, second])));
        });
    }

    [Test]
    public async Task WriteAsync_WritesTheMessageToTheStream()
    {
        EventStreamMessage message = EventStreamMessage.CreateEvent("metadata", Encoding.UTF8.GetBytes("{}"));
        using var stream = new MemoryStream();

        await EventStreamEncoder.WriteAsync(message, stream);

        Assert.That(stream.ToArray(), Is.EqualTo(EventStreamEncoder.Encode(message)));
    }

    [Test]
    public void WriteAsync_CancelledToken_Throws()
    {
        using var stream = new MemoryStream();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => EventStreamEncoder.WriteAsync(EventStreamMessage.CreateEvent("e", default), stream, cts.Token));
    }

    [Test]
    public void NullArguments_ThrowNamingThem()
    {
        EventStreamMessage message = EventStreamMessage.CreateEvent("e", default);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamEncoder.Encode(null!))!.ParamName, Is.EqualTo("message"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamEncoder.GetEncodedLength(null!))!.ParamName, Is.EqualTo("message"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamEncoder.Encode(null!, new byte[64].AsSpan()))!.ParamName, Is.EqualTo("message"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamEncoder.Encode(null!, new ArrayBufferWriter<byte>()))!.ParamName, Is.EqualTo("message"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamEncoder.Encode(message, (IBufferWriter<byte>)null!))!.ParamName, Is.EqualTo("writer"));
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => EventStreamEncoder.WriteAsync(null!, Stream.Null))!.ParamName, Is.EqualTo("message"));
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => EventStreamEncoder.WriteAsync(message, null!))!.ParamName, Is.EqualTo("stream"));
        });
    }

    [Test]
    public void Encode_MessageOfExactlyTheLimit_Succeeds_OneByteMoreThrows()
    {
        var atLimit = new EventStreamMessage([], new byte[EventStreamLimits.MaxMessageLength - 16]);
        Assert.That(EventStreamEncoder.GetEncodedLength(atLimit), Is.EqualTo(24 * 1024 * 1024));

        var over = new EventStreamMessage([], new byte[EventStreamLimits.MaxMessageLength - 15]);
        var e = Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode(over));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("message"));
            Assert.That(e.Message, Does.Contain("25165825 bytes").And.Contain("24 MiB").And.Contain("Split the payload"));
            Assert.That(() => EventStreamEncoder.Encode(over, new ArrayBufferWriter<byte>()), Throws.ArgumentException);
        });
    }
}
