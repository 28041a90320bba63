using System.Text;
using Bedrock.Foundations.Aws.EventStreams;
using static Bedrock.Foundations.Tests.Aws.EventStreams.EventStreamWire;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

[TestFixture]
public sealed class EventStreamDecoderTests
{
    private static IEnumerable<TestCaseData> EveryTypeCases() =>
        EveryType().Select(h => new TestCaseData(h).SetArgDisplayNames(h.Value.Type.ToString()));

    [TestCaseSource(nameof(EveryTypeCases))]
    public void RoundTrip_EveryHeaderType_KeepsNameTypeAndValue(EventStreamHeader header)
    {
        byte[] bytes = EventStreamEncoder.Encode(new EventStreamMessage([header], new byte[] { 42 }));

        EventStreamMessage decoded = DecodeInPieces(bytes, []).Single();

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Headers, Has.Count.EqualTo(1));
            Assert.That(decoded.Headers[0].Name, Is.EqualTo(header.Name));
            Assert.That(decoded.Headers[0].Value.Type, Is.EqualTo(header.Value.Type));
            Assert.That(decoded.Headers[0].Value, Is.EqualTo(header.Value));
            Assert.That(decoded.Payload.ToArray(), Is.EqualTo(new byte[] { 42 }));
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1_000)]
    [TestCase(300_000)]
    public void RoundTrip_AllTypesAndPayloadSizes(int payloadLength)
    {
        byte[] payload = new byte[payloadLength];
        new Random(payloadLength).NextBytes(payload);
        var message = new EventStreamMessage(EveryType(), payload);

        EventStreamMessage decoded = DecodeInPieces(EventStreamEncoder.Encode(message), []).Single();

        Assert.That(Describe(decoded), Is.EqualTo(Describe(message)));
    }

    [Test]
    public void Decode_HandBuiltFrame_ReadsEveryType()
    {
        byte[] headers =
        [
            .. Header("t", 0), .. Header("f", 1), .. Header("b", 2, 0xFF), .. Header("s", 3, 0x12, 0x34),
            .. Header("i", 4, 0x80, 0, 0, 1), .. Header("l", 5, U64(-2)), .. Header("y", 6, [.. U16(2), 0xCA, 0xFE]),
            .. StringHeader("str", "ok"), .. Header("ts", 8, U64(-1)),
            .. Header("u", 9, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF),
        ];
        EventStreamMessage m = DecodeInPieces(Frame(headers, [7, 8]), []).Single();

        Assert.Multiple(() =>
        {
            Assert.That(m.Headers.Select(h => h.Name), Is.EqualTo(new[] { "t", "f", "b", "s", "i", "l", "y", "str", "ts", "u" }));
            Assert.That(m.Headers[0].Value.AsBoolean(), Is.True);
            Assert.That(m.Headers[1].Value.AsBoolean(), Is.False);
            Assert.That(m.Headers[2].Value.AsByte(), Is.EqualTo((sbyte)-1));
            Assert.That(m.Headers[3].Value.AsInt16(), Is.EqualTo((short)0x1234));
            Assert.That(m.Headers[4].Value.AsInt32(), Is.EqualTo(int.MinValue + 1));
            Assert.That(m.Headers[5].Value.AsInt64(), Is.EqualTo(-2L));
            Assert.That(m.Headers[6].Value.AsByteArray().ToArray(), Is.EqualTo(new byte[] { 0xCA, 0xFE }));
            Assert.That(m.GetString("str"), Is.EqualTo("ok"));
            Assert.That(m.Headers[8].Value.AsTimestamp(), Is.EqualTo(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
            Assert.That(m.Headers[9].Value.AsUuid(), Is.EqualTo(new Guid("12345678-9abc-def0-0123-456789abcdef")), "big-endian (RFC 9562) byte order");
            Assert.That(m.Payload.ToArray(), Is.EqualTo(new byte[] { 7, 8 }));
        });
    }

    [Test]
    public void Decode_PublishedEmptyMessageVector()
    {
        EventStreamMessage m = DecodeInPieces(Convert.FromHexString("000000100000000005C248EB7D98C8FF"), []).Single();
        Assert.Multiple(() =>
        {
            Assert.That(m.Headers, Is.Empty);
            Assert.That(m.Payload.IsEmpty, Is.True);
        });
    }

    [Test]
    public void Stream_SplitAtEveryByteBoundary_DecodesIdentically()
    {
        EventStreamMessage[] messages = SampleStream();
        byte[] bytes = Concat(messages);
        string[] expected = Describe(messages);

        for (int split = 0; split <= bytes.Length; split++)
        {
            Assert.That(Describe(DecodeInPieces(bytes, [split])), Is.EqualTo(expected), $"split at {split}");
        }
    }

    [Test]
    public void Stream_OneByteAtATime_YieldsEachMessageWhenItsLastByteArrives()
    {
        EventStreamMessage[] messages = SampleStream();
        byte[] bytes = Concat(messages);
        var ends = new HashSet<int>();
        int end = 0;
        foreach (EventStreamMessage message in messages)
        {
            end += EventStreamEncoder.GetEncodedLength(message);
            ends.Add(end);
        }

        using var decoder = new EventStreamDecoder();
        var decoded = new List<EventStreamMessage>();
        for (int i = 0; i < bytes.Length; i++)
        {
            decoder.Push(bytes.AsSpan(i, 1));
            bool read = decoder.TryRead(out EventStreamMessage? message);
            Assert.That(read, Is.EqualTo(ends.Contains(i + 1)), $"after byte {i + 1}");
            if (read)
            {
                decoded.Add(message!);
                Assert.That(decoder.BytesConsumed, Is.EqualTo(i + 1));
                Assert.That(decoder.TryRead(out _), Is.False);
            }
        }

        decoder.Complete();
        Assert.Multiple(() =>
        {
            Assert.That(Describe(decoded), Is.EqualTo(Describe(messages)));
            Assert.That(decoder.BufferedLength, Is.Zero);
        });
    }

    [Test]
    public void Stream_PushedWhole_ReadsAllMessages()
    {
        EventStreamMessage[] messages = SampleStream(50);
        byte[] bytes = Concat(messages);
        using var decoder = new EventStreamDecoder();
        decoder.Push(bytes);
        Assert.That(decoder.BufferedLength, Is.EqualTo(bytes.Length));
        var decoded = new List<EventStreamMessage>();
        while (decoder.TryRead(out EventStreamMessage? message))
        {
            decoded.Add(message);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Describe(decoded), Is.EqualTo(Describe(messages)));
            Assert.That(decoder.BytesConsumed, Is.EqualTo(bytes.Length));
        });
    }

    [Test]
    public void RepeatedHeaders_AreDecodedOnce_AndShared()
    {
        byte[] bytes = Concat(SampleStream(2));
        List<EventStreamMessage> decoded = DecodeInPieces(bytes, []);
        Assert.Multiple(() =>
        {
            Assert.That(decoded[1].EventType, Is.EqualTo("contentBlockDelta"));
            Assert.That(decoded[2].Headers[1], Is.SameAs(decoded[1].Headers[1]), ":event-type: contentBlockDelta");
            Assert.That(decoded[2].Headers[0], Is.SameAs(decoded[0].Headers[0]), ":message-type: event");
        });
    }

    [Test]
    public void FlippedBit_InThePrelude_IsAPreludeChecksumMismatch()
    {
        byte[] original = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("messageStart", Encoding.UTF8.GetBytes("{}")));
        for (int bit = 0; bit < 12 * 8; bit++)
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            using var decoder = new EventStreamDecoder();
            decoder.Push(bytes.AsSpan(0, 12));
            var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _), $"bit {bit}");
            Assert.That(e!.Message, Does.StartWith("Prelude checksum mismatch"), $"bit {bit}");
        }
    }

    [Test]
    public void FlippedBit_InHeadersPayloadOrMessageCrc_IsAMessageChecksumMismatch()
    {
        byte[] original = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("messageStart", Encoding.UTF8.GetBytes("""{"role":"assistant"}""")));
        for (int i = 12; i < original.Length; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            using var decoder = new EventStreamDecoder();
            decoder.Push(bytes);
            var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _), $"byte {i}");
            Assert.That(e!.Message, Does.StartWith("Message checksum mismatch"), $"byte {i}");
        }
    }

    [Test]
    public void CorruptMessage_InTheMiddle_IsNeverSkipped_AndCarriesItsOffset()
    {
        byte[] first = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("one", new byte[] { 1 }));
        byte[] second = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("two", new byte[] { 2 }));
        byte[] third = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("three", new byte[] { 3 }));
        second[^6] ^= 0x10;
        using var decoder = new EventStreamDecoder();
        decoder.Push([.. first, .. second, .. third]);

        Assert.That(decoder.TryRead(out EventStreamMessage? message), Is.True);
        Assert.That(message!.EventType, Is.EqualTo("one"));
        var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        var again = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.Multiple(() =>
        {
            Assert.That(e!.MessageOffset, Is.EqualTo(first.Length));
            Assert.That(e.Message, Does.StartWith("Message checksum mismatch").And.EndWith($"(event-stream message at byte offset {first.Length})."));
            Assert.That(again!.Message, Is.EqualTo(e.Message));
            Assert.That(decoder.BytesConsumed, Is.EqualTo(first.Length));
        });
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(11)]
    public void Truncated_MidPrelude_CompleteThrows(int length)
    {
        byte[] bytes = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("e", new byte[4]));
        using var decoder = new EventStreamDecoder();
        decoder.Push(bytes.AsSpan(0, length));
        Assert.That(decoder.TryRead(out _), Is.False);
        var e = Assert.Throws<EventStreamFormatException>(decoder.Complete);
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith($"The event stream is truncated: it ended after {length} of the 12 prelude bytes of a message"));
            Assert.That(e.MessageOffset, Is.Zero);
        });
    }

    [Test]
    public void Truncated_MidMessage_AfterWholeMessages_ThrowsOnceTheyAreRead()
    {
        byte[] whole = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("whole", new byte[4]));
        byte[] cut = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("cut", new byte[40]));
        using var decoder = new EventStreamDecoder();
        decoder.Push([.. whole, .. cut.AsSpan(0, cut.Length - 1)]);
        decoder.Complete();

        Assert.That(decoder.TryRead(out EventStreamMessage? message), Is.True);
        Assert.That(message!.EventType, Is.EqualTo("whole"));
        var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith($"The event stream is truncated: it ended after {cut.Length - 1} of the {cut.Length} bytes of a message"));
            Assert.That(e.MessageOffset, Is.EqualTo(whole.Length));
        });
    }

    [Test]
    public void Truncated_MidMessage_CompleteThrows()
    {
        byte[] bytes = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("e", new byte[40]));
        using var decoder = new EventStreamDecoder();
        decoder.Push(bytes.AsSpan(0, 20));
        Assert.That(decoder.TryRead(out _), Is.False);
        Assert.That(decoder.Complete, Throws.TypeOf<EventStreamFormatException>().With.Message.Contains("truncated: it ended after 20 of the"));
    }

    [Test]
    public void Complete_OnAnEmptyOrFinishedStream_IsFine()
    {
        using var empty = new EventStreamDecoder();
        empty.Complete();
        Assert.That(empty.TryRead(out _), Is.False);

        using var finished = new EventStreamDecoder();
        finished.Push(EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("e", default)));
        finished.Complete();
        Assert.Multiple(() =>
        {
            Assert.That(finished.TryRead(out _), Is.True);
            Assert.That(finished.TryRead(out _), Is.False);
        });
    }

    [Test]
    public void Push_AfterComplete_Throws()
    {
        using var decoder = new EventStreamDecoder();
        decoder.Complete();
        Assert.That(() => decoder.Push(new byte[1]), Throws.InvalidOperationException.With.Message.Contains("Complete() was called"));
    }

    [Test]
    public void AfterDispose_EveryCallThrows()
    {
        var decoder = new EventStreamDecoder();
        decoder.Push(new byte[3]);
        decoder.Dispose();
        decoder.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(() => decoder.Push(new byte[1]), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => decoder.TryRead(out _), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(decoder.Complete, Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void TotalLength_OverTheLimit_ThrowsFromThePreludeAlone()
    {
        byte[] prelude = Frame(EventStreamLimits.MaxMessageLength + 1, 0, [])[..12];
        using var decoder = new EventStreamDecoder();
        decoder.Push(prelude);
        var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.That(e!.Message, Does.StartWith("The prelude gives a total length of 25165825 bytes; the event-stream limit is 25165824 bytes (24 MiB)"));
    }

    [Test]
    public void TotalLength_AtTheLimit_WaitsForTheBytes()
    {
        byte[] prelude = Frame(EventStreamLimits.MaxMessageLength, 0, [])[..12];
        using var decoder = new EventStreamDecoder();
        decoder.Push(prelude);
        Assert.That(decoder.TryRead(out _), Is.False);
    }

    [TestCase(0u)]
    [TestCase(15u)]
    public void TotalLength_UnderSixteen_Throws(uint total)
    {
        using var decoder = new EventStreamDecoder();
        decoder.Push(Frame(total, 0, []));
        var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.That(e!.Message, Does.StartWith($"The prelude gives a total length of {total} bytes; the smallest message is 16 bytes"));
    }

    [Test]
    public void HeadersLength_BeyondTheMessage_Throws()
    {
        using var decoder = new EventStreamDecoder();
        decoder.Push(Frame(20, 5, [1, 2, 3, 4]));
        var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.That(e!.Message, Does.StartWith("The prelude gives a headers length of 5 bytes, more than the 4 bytes a total length of 20 leaves"));
    }

    private static IEnumerable<TestCaseData> BadHeaderCases()
    {
        yield return new TestCaseData(Header("x", 10), "Header 0 (at byte 0 of the header block) has the unknown value type 10 (the types are 0 to 9)")
            .SetName("UnknownType10");
        yield return new TestCaseData(Header("x", 255), "has the unknown value type 255").SetName("UnknownType255");
        yield return new TestCaseData(new byte[] { 0, 0 }, "has an empty name (name length 0)").SetName("EmptyName");
        yield return new TestCaseData(new byte[] { 5, (byte)'a', (byte)'b' }, "runs past the end of the 3-byte header block (its name is 5 bytes)").SetName("NamePastBlock");
        yield return new TestCaseData(new byte[] { 1, (byte)'a' }, "runs past the end of the 2-byte header block (its name is 1 bytes)").SetName("TypeBytePastBlock");
        yield return new TestCaseData(Header("i", 4, 0, 0, 0), "runs past the end of the 6-byte header block (its value is 4 bytes)").SetName("Int32PastBlock");
        yield return new TestCaseData(Header("u", 9, new byte[15]), "(its value is 16 bytes)").SetName("UuidPastBlock");
        yield return new TestCaseData(Header("s", 7, 0), "runs past the end of the 4-byte header block (in its value length)").SetName("StringLengthPastBlock");
        yield return new TestCaseData(Header("s", 7, [.. U16(10), .. "abc"u8]), "(its value is 12 bytes)").SetName("StringPastBlock");
        yield return new TestCaseData(Header("b", 6, [.. U16(3), 1, 2]), "(its value is 5 bytes)").SetName("ByteArrayPastBlock");
        yield return new TestCaseData(Header("s", 7, U16(32_768)), "has a 32768-byte value; the event-stream limit is 32767 bytes").SetName("ValueOverLimit");
        yield return new TestCaseData(Header("s", 7, [.. U16(2), 0xC3, 0x28]), "has a string value that is not valid UTF-8").SetName("InvalidUtf8Value");
        yield return new TestCaseData(new byte[] { 1, 0xFF, 0 }, "has a name that is not valid UTF-8").SetName("InvalidUtf8Name");
        yield return new TestCaseData(Header("t", 8, U64(long.MaxValue)), "has the timestamp 9223372036854775807 ms since the Unix epoch, outside the years 0001 to 9999").SetName("TimestampOutOfRange");
        yield return new TestCaseData(
                StringHeader("ok", "fine").Concat(Header("x", 11)).ToArray(),
                "Header 1 (at byte 10 of the header block) has the unknown value type 11")
            .SetName("SecondHeaderBad");
    }

    [TestCaseSource(nameof(BadHeaderCases))]
    public void BadHeader_WithValidChecksums_Throws(byte[] headers, string expected)
    {
        byte[] prefix = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("fine", default));
        using var decoder = new EventStreamDecoder();
        decoder.Push([.. prefix, .. Frame(headers, [9])]);
        Assert.That(decoder.TryRead(out _), Is.True);

        var e = Assert.Throws<EventStreamFormatException>(() => decoder.TryRead(out _));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain(expected));
            Assert.That(e.MessageOffset, Is.EqualTo(prefix.Length));
            Assert.That(e.Message, Does.EndWith($"(event-stream message at byte offset {prefix.Length})."));
        });
    }

    [Test]
    public void LargeMessage_ArrivingInSmallPieces_GrowsTheBuffer()
    {
        byte[] payload = new byte[2_000_000];
        new Random(7).NextBytes(payload);
        var message = new EventStreamMessage([new("n", EventStreamHeaderValue.FromInt32(1))], payload);
        byte[] bytes = Concat([message, message]);

        List<EventStreamMessage> decoded = DecodeInPieces(bytes, Enumerable.Repeat(1_000, (bytes.Length / 1_000) - 1));

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Has.Count.EqualTo(2));
            Assert.That(decoded[1].Payload.ToArray(), Is.EqualTo(payload));
        });
    }

    [Test]
    public void PayloadOfADecodedMessage_IsItsOwn()
    {
        byte[] bytes = Concat(SampleStream(1));
        using var decoder = new EventStreamDecoder();
        decoder.Push(bytes);
        Assert.That(decoder.TryRead(out EventStreamMessage? first), Is.True);
        byte[] payload = first!.Payload.ToArray();
        decoder.Push(Concat(SampleStream(500)));
        while (decoder.TryRead(out _))
        {
        }

        Assert.That(first.Payload.ToArray(), Is.EqualTo(payload));
    }

    [Test]
    public void FormatException_StandardConstructors()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new EventStreamFormatException().Message, Is.EqualTo("The data is not a valid event stream."));
            Assert.That(new EventStreamFormatException("m").MessageOffset, Is.Null);
            Assert.That(new EventStreamFormatException("m", new InvalidOperationException()).InnerException, Is.TypeOf<InvalidOperationException>());
            Assert.That(new EventStreamFormatException("Bad", 42).Message, Is.EqualTo("Bad (event-stream message at byte offset 42)."));
            Assert.That(new EventStreamFormatException("Bad", 42).MessageOffset, Is.EqualTo(42));
        });
    }
}
