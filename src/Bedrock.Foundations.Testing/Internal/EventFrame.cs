using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Bedrock.Foundations.Testing.Internal;

/// <summary>
/// Writes one <c>application/vnd.amazon.eventstream</c> message whose headers are all strings (type 7):
/// prelude (total length, headers length, prelude CRC32), headers, payload, message CRC32 (WIRE.md §7).
/// </summary>
internal static class EventFrame
{
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        int headersLength = 0;
        foreach (KeyValuePair<string, string> header in headers)
        {
            headersLength += 1 + Encoding.UTF8.GetByteCount(header.Key) + 1 + 2 + Encoding.UTF8.GetByteCount(header.Value);
        }

        int total = 12 + headersLength + payload.Length + 4;
        byte[] frame = new byte[total];
        Span<byte> span = frame;
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Crc32.HashToUInt32(span[..8]));
        int offset = 12;
        foreach (KeyValuePair<string, string> header in headers)
        {
            int nameLength = Encoding.UTF8.GetBytes(header.Key, span[(offset + 1)..]);
            span[offset] = (byte)nameLength;
            offset += 1 + nameLength;
            span[offset++] = 7;
            int valueLength = Encoding.UTF8.GetBytes(header.Value, span[(offset + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)valueLength);
            offset += 2 + valueLength;
        }

        payload.CopyTo(span[offset..]);
        offset += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], Crc32.HashToUInt32(span[..offset]));
        return frame;
    }

    public static byte[] Event(string eventType, ReadOnlySpan<byte> payload) =>
        Encode(
            [
                new(":event-type", eventType),
                new(":content-type", "application/json"),
                new(":message-type", "event"),
            ],
            payload);

    public static byte[] Exception(string exceptionType, ReadOnlySpan<byte> payload) =>
        Encode(
            [
                new(":exception-type", exceptionType),
                new(":content-type", "application/json"),
                new(":message-type", "exception"),
            ],
            payload);
}
