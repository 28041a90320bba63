using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// Writes <see cref="EventStreamMessage"/>s in the AWS event-stream format (<c>application/vnd.amazon.eventstream</c>):
/// a 12-byte prelude (total length, headers length, CRC-32 of those 8 bytes), the headers, the payload and the
/// CRC-32 of everything before it, all integers big-endian. CRC-32 is the IEEE 802.3 polynomial (as zlib).
/// </summary>
/// <remarks>
/// Header names and values are validated when they are created (<see cref="EventStreamHeader"/>,
/// <see cref="EventStreamHeaderValue"/>); the encoder checks the message as a whole against
/// <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB). All members are thread-safe.
/// </remarks>
public static class EventStreamEncoder
{
    /// <summary>The number of bytes <paramref name="message"/> takes on the wire.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The total length: 16 + headers + payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message is longer than <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB).</exception>
    public static int GetEncodedLength(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Measure(message, out _);
    }

    /// <summary>Encodes <paramref name="message"/> into a new array.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message's bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message is longer than <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB).</exception>
    public static byte[] Encode(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int total = Measure(message, out int headersLength);
        byte[] bytes = new byte[total];
        Write(message, total, headersLength, bytes);
        return bytes;
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="destination"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="destination">Where to write; at least <see cref="GetEncodedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The message is longer than <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB), or
    /// <paramref name="destination"/> is too short.
    /// </exception>
    public static int Encode(EventStreamMessage message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        int total = Measure(message, out int headersLength);
        if (destination.Length < total)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The destination holds {destination.Length} bytes; the message needs {total}."),
                nameof(destination));
        }

        Write(message, total, headersLength, destination);
        return total;
    }

    /// <summary>Encodes <paramref name="message"/> into <paramref name="writer"/> (one <c>GetSpan</c>/<c>Advance</c> of the message's length).</summary>
    /// <param name="message">The message.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="writer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message is longer than <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB).</exception>
    public static int Encode(EventStreamMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(writer);
        int total = Measure(message, out int headersLength);
        Write(message, total, headersLength, writer.GetSpan(total));
        writer.Advance(total);
        return total;
    }

    /// <summary>
    /// Encodes <paramref name="message"/> into a pooled buffer and writes it to <paramref name="stream"/> in one
    /// write. Does not flush.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message is longer than <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task WriteAsync(EventStreamMessage message, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(stream);
        int total = Measure(message, out int headersLength);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Write(message, total, headersLength, buffer);
            await stream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Measure(EventStreamMessage message, out int headersLength)
    {
        long headers = 0;
        foreach (EventStreamHeader header in message.HeaderSpan)
        {
            headers += header.EncodedLength;
        }

        long total = EventStreamLimits.MinMessageLength + headers + message.Payload.Length;
        if (total > EventStreamLimits.MaxMessageLength)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The message would be {total} bytes ({headers} of headers, {message.Payload.Length} of payload); the event-stream limit is {EventStreamLimits.MaxMessageLength} bytes (24 MiB). Split the payload over several messages."),
                nameof(message));
        }

        headersLength = (int)headers;
        return (int)total;
    }

    private static void Write(EventStreamMessage message, int total, int headersLength, Span<byte> destination)
    {
        destination = destination[..total];
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Crc32.HashToUInt32(destination[..8]));
        int offset = EventStreamLimits.PreludeLength;
        foreach (EventStreamHeader header in message.HeaderSpan)
        {
            offset += header.Write(destination[offset..]);
        }

        message.Payload.Span.CopyTo(destination[offset..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[^4..], Crc32.HashToUInt32(destination[..^4]));
    }
}
