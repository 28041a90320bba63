using System.IO.Hashing;
using System.Text;
using Bedrock.Foundations.Aws.EventStreams;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

/// <summary>
/// Builds event-stream bytes by hand from the layout in WIRE.md §7 (shifts and <see cref="Crc32"/>), independently
/// of <see cref="EventStreamEncoder"/>, plus sample messages and comparison helpers for the tests.
/// </summary>
internal static class EventStreamWire
{
    public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    public static byte[] U32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    public static byte[] U64(long value)
    {
        var bytes = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(value >> (56 - (8 * i)));
        }

        return bytes;
    }

    /// <summary>One header: name length (u8), name (UTF-8), type (u8), value bytes as given.</summary>
    public static byte[] Header(string name, byte type, params byte[] value)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        return [(byte)nameBytes.Length, .. nameBytes, type, .. value];
    }

    /// <summary>A string header: type 7, u16 length, UTF-8.</summary>
    public static byte[] StringHeader(string name, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        return Header(name, 7, [.. U16(bytes.Length), .. bytes]);
    }

    /// <summary>A whole message with correct lengths and CRCs.</summary>
    public static byte[] Frame(byte[] headers, byte[] payload) =>
        Frame((uint)(16 + headers.Length + payload.Length), (uint)headers.Length, [.. headers, .. payload]);

    /// <summary>A message with the given prelude lengths (true or not), a correct prelude CRC and a correct message CRC.</summary>
    public static byte[] Frame(uint total, uint headersLength, byte[] body)
    {
        byte[] prelude = [.. U32(total), .. U32(headersLength)];
        byte[] withoutCrc = [.. prelude, .. U32(Crc32.HashToUInt32(prelude)), .. body];
        return [.. withoutCrc, .. U32(Crc32.HashToUInt32(withoutCrc))];
    }

    /// <summary>A ConverseStream-like sequence: messageStart, deltas, contentBlockStop, messageStop, metadata.</summary>
    public static EventStreamMessage[] SampleStream(int deltas = 3)
    {
        var messages = new List<EventStreamMessage>
        {
            EventStreamMessage.CreateEvent("messageStart", Encoding.UTF8.GetBytes("""{"role":"assistant","p":"abcdefgh"}""")),
        };
        for (int i = 0; i < deltas; i++)
        {
            messages.Add(EventStreamMessage.CreateEvent(
                "contentBlockDelta",
                Encoding.UTF8.GetBytes($$"""{"contentBlockIndex":0,"delta":{"text":"word{{i}} "},"p":"{{new string('x', i % 7)}}"}""")));
        }

        messages.Add(EventStreamMessage.CreateEvent("contentBlockStop", Encoding.UTF8.GetBytes("""{"contentBlockIndex":0}""")));
        messages.Add(EventStreamMessage.CreateEvent("messageStop", Encoding.UTF8.GetBytes("""{"stopReason":"end_turn"}""")));
        messages.Add(new EventStreamMessage([], ReadOnlyMemory<byte>.Empty));
        messages.Add(EventStreamMessage.CreateEvent("metadata", Encoding.UTF8.GetBytes("""{"usage":{"inputTokens":5,"outputTokens":3,"totalTokens":8},"metrics":{"latencyMs":12}}""")));
        return [.. messages];
    }

    /// <summary>One value of every header type, with edge values.</summary>
    public static IEnumerable<EventStreamHeader> EveryType() =>
    [
        new("bool-true", EventStreamHeaderValue.FromBoolean(true)),
        new("bool-false", EventStreamHeaderValue.FromBoolean(false)),
        new("byte", EventStreamHeaderValue.FromByte(-128)),
        new("int16", EventStreamHeaderValue.FromInt16(short.MinValue)),
        new("int32", EventStreamHeaderValue.FromInt32(-123_456_789)),
        new("int64", EventStreamHeaderValue.FromInt64(long.MaxValue)),
        new("bytes", EventStreamHeaderValue.FromByteArray([0, 1, 2, 254, 255])),
        new("string", EventStreamHeaderValue.FromString("héllo, 世界 🌍")),
        new("timestamp", EventStreamHeaderValue.FromTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123))),
        new("uuid", EventStreamHeaderValue.FromUuid(new Guid("00112233-4455-6677-8899-aabbccddeeff"))),
    ];

    public static byte[] Concat(IEnumerable<EventStreamMessage> messages) => [.. messages.SelectMany(EventStreamEncoder.Encode)];

    /// <summary>Decodes <paramref name="bytes"/> pushed in the given pieces, reading after every push.</summary>
    public static List<EventStreamMessage> DecodeInPieces(byte[] bytes, IEnumerable<int> pieceLengths)
    {
        using var decoder = new EventStreamDecoder();
        var messages = new List<EventStreamMessage>();
        int offset = 0;
        foreach (int length in pieceLengths)
        {
            decoder.Push(bytes.AsSpan(offset, length));
            offset += length;
            while (decoder.TryRead(out EventStreamMessage? message))
            {
                messages.Add(message);
            }
        }

        decoder.Push(bytes.AsSpan(offset));
        decoder.Complete();
        while (decoder.TryRead(out EventStreamMessage? message))
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>A description of a message that two equal messages share: names, types, values and payload.</summary>
    public static string Describe(EventStreamMessage message) =>
        string.Join("|", message.Headers.Select(h => $"{h.Name}:{h.Value.Type}:{h.Value}")) + "#" + Convert.ToHexString(message.Payload.Span);

    public static string[] Describe(IEnumerable<EventStreamMessage> messages) => [.. messages.Select(Describe)];
}
