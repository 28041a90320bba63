using System.Text;
using Amazon.Runtime.EventStreams;
using Bedrock.Foundations.Aws.EventStreams;
using AwsDecoder = Amazon.Runtime.EventStreams.Internal.EventStreamDecoder;
using AwsHeader = Amazon.Runtime.EventStreams.EventStreamHeader;
using AwsHeaderType = Amazon.Runtime.EventStreams.EventStreamHeaderType;
using AwsMessage = Amazon.Runtime.EventStreams.EventStreamMessage;
using EventStreamHeader = Bedrock.Foundations.Aws.EventStreams.EventStreamHeader;
using EventStreamHeaderType = Bedrock.Foundations.Aws.EventStreams.EventStreamHeaderType;
using EventStreamMessage = Bedrock.Foundations.Aws.EventStreams.EventStreamMessage;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

/// <summary>
/// Cross-checks against AWSSDK.Core 4.1's own event-stream types: messages encoded by the SDK decode here, and messages
/// encoded here decode in the SDK's decoder, with every header type. Names are ASCII because the SDK writes a name's
/// UTF-16 length as its byte length. The SDK writes and reads a UUID in <see cref="Guid.ToByteArray()"/> order, where
/// the format (and this codec) use RFC 9562 big-endian order: the bytes agree, the <see cref="Guid"/> values differ by
/// that byte swap, and the tests check the bytes.
/// </summary>
[TestFixture]
public sealed class EventStreamAwsSdkInteropTests
{
    private static readonly Guid Uuid = new("00112233-4455-6677-8899-aabbccddeeff");
    private static readonly DateTime Instant = new(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    [Test]
    public void SdkEncoded_EveryHeaderType_DecodesHere()
    {
        AwsMessage sdk = SdkMessageWithEveryType(Encoding.UTF8.GetBytes("""{"contentBlockIndex":0,"delta":{"text":"héllo"}}"""));
        byte[] bytes = sdk.ToByteArray();

        EventStreamMessage ours = EventStreamWire.DecodeInPieces(bytes, [3, 17]).Single();

        Assert.Multiple(() =>
        {
            Assert.That(ours.Headers.Select(h => h.Name), Is.EqualTo(new[] { "t", "f", "b", "s", "i", "l", "y", "str", "ts", "u" }));
            Assert.That(Value(ours, "t").AsBoolean(), Is.True);
            Assert.That(Value(ours, "f").AsBoolean(), Is.False);
            Assert.That(Value(ours, "b").AsByte(), Is.EqualTo((sbyte)-5));
            Assert.That(Value(ours, "s").AsInt16(), Is.EqualTo((short)-12_345));
            Assert.That(Value(ours, "i").AsInt32(), Is.EqualTo(1_234_567_890));
            Assert.That(Value(ours, "l").AsInt64(), Is.EqualTo(-9_876_543_210_123L));
            Assert.That(Value(ours, "y").AsByteArray().ToArray(), Is.EqualTo(new byte[] { 0, 255, 7 }));
            Assert.That(ours.GetString("str"), Is.EqualTo("ünïcødé ✓"));
            Assert.That(Value(ours, "ts").AsTimestamp().UtcDateTime, Is.EqualTo(Instant));
            Assert.That(Value(ours, "u").AsUuid().ToByteArray(bigEndian: true), Is.EqualTo(Uuid.ToByteArray()), "same 16 bytes");
            Assert.That(ours.Payload.ToArray(), Is.EqualTo(sdk.Payload));
        });
    }

    [Test]
    public void OursEncoded_EveryHeaderType_DecodesInTheSdk()
    {
        byte[] payload = Encoding.UTF8.GetBytes("""{"stopReason":"end_turn"}""");
        var ours = new EventStreamMessage(
            [
                new("t", EventStreamHeaderValue.FromBoolean(true)),
                new("f", EventStreamHeaderValue.FromBoolean(false)),
                new("b", EventStreamHeaderValue.FromByte(-5)),
                new("s", EventStreamHeaderValue.FromInt16(-12_345)),
                new("i", EventStreamHeaderValue.FromInt32(1_234_567_890)),
                new("l", EventStreamHeaderValue.FromInt64(-9_876_543_210_123L)),
                new("y", EventStreamHeaderValue.FromByteArray([0, 255, 7])),
                new("str", EventStreamHeaderValue.FromString("ünïcødé ✓")),
                new("ts", EventStreamHeaderValue.FromTimestamp(new DateTimeOffset(Instant))),
                new("u", EventStreamHeaderValue.FromUuid(Uuid)),
            ],
            payload);

        AwsMessage sdk = SdkDecode(EventStreamEncoder.Encode(ours), chunk: 5).Single();

        Assert.Multiple(() =>
        {
            Assert.That(sdk.Headers["t"].HeaderType, Is.EqualTo(AwsHeaderType.BoolTrue));
            Assert.That(sdk.Headers["t"].AsBool(), Is.True);
            Assert.That(sdk.Headers["f"].AsBool(), Is.False);
            Assert.That(sdk.Headers["b"].AsSByte(), Is.EqualTo((sbyte)-5));
            Assert.That(sdk.Headers["s"].AsInt16(), Is.EqualTo((short)-12_345));
            Assert.That(sdk.Headers["i"].AsInt32(), Is.EqualTo(1_234_567_890));
            Assert.That(sdk.Headers["l"].AsInt64(), Is.EqualTo(-9_876_543_210_123L));
            Assert.That(sdk.Headers["y"].AsByteBuf(), Is.EqualTo(new byte[] { 0, 255, 7 }));
            Assert.That(sdk.Headers["str"].AsString(), Is.EqualTo("ünïcødé ✓"));
            Assert.That(sdk.Headers["ts"].AsTimestamp(), Is.EqualTo(Instant));
            Assert.That(sdk.Headers["u"].AsUUID().ToByteArray(), Is.EqualTo(Uuid.ToByteArray(bigEndian: true)), "same 16 bytes");
            Assert.That(sdk.Payload, Is.EqualTo(payload));
        });
    }

    [Test]
    public void SdkAndOurEncoder_ProduceTheSameBytes_ForAConverseStream()
    {
        EventStreamMessage[] ours = EventStreamWire.SampleStream(20);
        byte[] sdkBytes = [.. ours.SelectMany(m => ToSdk(m).ToByteArray())];

        Assert.That(EventStreamWire.Concat(ours), Is.EqualTo(sdkBytes));
    }

    [Test]
    public void SdkEncodedConverseStream_DecodesHere_AtEveryByteBoundary()
    {
        EventStreamMessage[] expected = EventStreamWire.SampleStream(4);
        byte[] sdkBytes = [.. expected.SelectMany(m => ToSdk(m).ToByteArray())];

        for (int split = 0; split <= sdkBytes.Length; split++)
        {
            Assert.That(
                EventStreamWire.Describe(EventStreamWire.DecodeInPieces(sdkBytes, [split])),
                Is.EqualTo(EventStreamWire.Describe(expected)),
                $"split at {split}");
        }
    }

    [Test]
    public void OurConverseStream_DecodesInTheSdk_MessageForMessage()
    {
        EventStreamMessage[] ours = EventStreamWire.SampleStream(30);

        List<AwsMessage> sdk = SdkDecode(EventStreamWire.Concat(ours), chunk: 13);

        Assert.That(sdk, Has.Count.EqualTo(ours.Length));
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Multiple(() =>
            {
                Assert.That(sdk[i].Headers.Keys, Is.EquivalentTo(ours[i].Headers.Select(h => h.Name)));
                foreach (EventStreamHeader header in ours[i].Headers)
                {
                    Assert.That(sdk[i].Headers[header.Name].AsString(), Is.EqualTo(header.Value.AsString()));
                }

                Assert.That(sdk[i].Payload ?? [], Is.EqualTo(ours[i].Payload.ToArray()));
            });
        }
    }

    [Test]
    public void CorruptionTheSdkRejects_IsRejectedHereToo()
    {
        byte[] bytes = ToSdk(EventStreamMessage.CreateEvent("messageStart", Encoding.UTF8.GetBytes("{}"))).ToByteArray();
        byte[] prelude = (byte[])bytes.Clone();
        prelude[3] ^= 1;
        byte[] body = (byte[])bytes.Clone();
        body[20] ^= 1;

        Assert.Multiple(() =>
        {
            Assert.That(() => SdkDecode(prelude, prelude.Length), Throws.InstanceOf<Exception>());
            Assert.That(() => EventStreamWire.DecodeInPieces(prelude, []), Throws.TypeOf<EventStreamFormatException>().With.Message.StartsWith("Prelude checksum mismatch"));
            Assert.That(() => SdkDecode(body, body.Length), Throws.InstanceOf<Exception>());
            Assert.That(() => EventStreamWire.DecodeInPieces(body, []), Throws.TypeOf<EventStreamFormatException>().With.Message.StartsWith("Message checksum mismatch"));
        });
    }

    private static EventStreamHeaderValue Value(EventStreamMessage message, string name)
    {
        Assert.That(message.TryGetHeader(name, out EventStreamHeaderValue value), Is.True, name);
        return value;
    }

    private static AwsMessage SdkMessageWithEveryType(byte[] payload)
    {
        var t = new AwsHeader("t");
        t.SetBool(true);
        var f = new AwsHeader("f");
        f.SetBool(false);
        var b = new AwsHeader("b");
        b.SetSByte(-5);
        var s = new AwsHeader("s");
        s.SetInt16(-12_345);
        var i = new AwsHeader("i");
        i.SetInt32(1_234_567_890);
        var l = new AwsHeader("l");
        l.SetInt64(-9_876_543_210_123L);
        var y = new AwsHeader("y");
        y.SetByteBuf([0, 255, 7]);
        var str = new AwsHeader("str");
        str.SetString("ünïcødé ✓");
        var ts = new AwsHeader("ts");
        ts.SetTimestamp(Instant);
        var u = new AwsHeader("u");
        u.SetUUID(Uuid);
        return new AwsMessage([t, f, b, s, i, l, y, str, ts, u], payload);
    }

    /// <summary>The same message built with the SDK's types (string headers only, as ConverseStream sends).</summary>
    private static AwsMessage ToSdk(EventStreamMessage message)
    {
        var headers = new List<IEventStreamHeader>();
        foreach (EventStreamHeader header in message.Headers)
        {
            Assert.That(header.Value.Type, Is.EqualTo(EventStreamHeaderType.String));
            var sdkHeader = new AwsHeader(header.Name);
            sdkHeader.SetString(header.Value.AsString());
            headers.Add(sdkHeader);
        }

        return new AwsMessage(headers, message.Payload.ToArray());
    }

    private static List<AwsMessage> SdkDecode(byte[] bytes, int chunk)
    {
        var messages = new List<AwsMessage>();
        using var decoder = new AwsDecoder();
        decoder.MessageReceived += (_, e) => messages.Add(e.Message);
        // The SDK reads each piece into the start of its buffer and calls ProcessData(buffer, 0, count); with a
        // non-zero offset its loop (while offset < length - offset) stops early, so pieces are copied the same way.
        for (int offset = 0; offset < bytes.Length; offset += chunk)
        {
            byte[] piece = bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)).ToArray();
            decoder.ProcessData(piece, 0, piece.Length);
        }

        return messages;
    }
}
