using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// An incremental decoder of the AWS event-stream format (<c>application/vnd.amazon.eventstream</c>): bytes go in
/// with <see cref="Push"/> in pieces of any size, whole messages come out of <see cref="TryRead"/> as soon as their
/// last byte has arrived, and <see cref="Complete"/> declares the end of the stream.
/// </summary>
/// <remarks>
/// <para>
/// For each message the decoder checks, in this order: the prelude CRC-32 ("Prelude checksum mismatch") before it
/// trusts the lengths; total length ≥ 16 and ≤ <see cref="EventStreamLimits.MaxMessageLength"/> (24 MiB); headers
/// length ≤ total − 16; then, when the whole message has arrived, the message CRC-32 ("Message checksum mismatch");
/// then every header (non-empty name of valid UTF-8, known type 0–9, value inside the header block, byte-array and
/// string values ≤ 32,767 bytes, strings of valid UTF-8, timestamps DateTimeOffset can represent). Every problem is
/// an <see cref="EventStreamFormatException"/> carrying the stream offset of the message. A corrupt message is
/// never skipped: the decoder stays on it and every later <see cref="TryRead"/> throws again.
/// </para>
/// <para>
/// Memory: the decoder buffers at most what was pushed and not yet read, in an array rented from
/// <see cref="ArrayPool{T}.Shared"/> (returned by <see cref="Dispose"/>). Each message gets its own payload array and
/// header array; headers that repeat from message to message (such as <c>:event-type: contentBlockDelta</c>) are
/// decoded once and the same immutable <see cref="EventStreamHeader"/> instance is reused.
/// </para>
/// <para>Not thread-safe: one decoder serves one stream, from one thread at a time.</para>
/// </remarks>
public sealed class EventStreamDecoder : IDisposable
{
    private const int InitialBufferSize = 4096;
    private const int ReadSize = 16 * 1024;

    // Direct-mapped cache of decoded headers, keyed by their wire bytes; 32 slots.
    private const int HeaderCacheBits = 5;
    private const int MaxCachedHeaderLength = 128;

    private readonly CachedHeader[] _headerCache = new CachedHeader[1 << HeaderCacheBits];
    private EventStreamHeader[] _scratch = new EventStreamHeader[8];
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private long _offset;

    // The total and headers lengths of the message at _start, once its prelude has been checked; 0 before.
    private int _pendingLength;
    private int _pendingHeadersLength;
    private bool _completed;
    private bool _disposed;

    /// <summary>The stream offset of the next message: the number of bytes of the messages read so far.</summary>
    public long BytesConsumed => _offset;

    /// <summary>The number of bytes pushed and not yet returned as messages.</summary>
    public int BufferedLength => _end - _start;

    /// <summary>
    /// Reads the messages of <paramref name="stream"/> until it ends, yielding each as soon as its last byte has been
    /// read. Reads into a buffer rented from <see cref="ArrayPool{T}.Shared"/>; does not dispose the stream.
    /// </summary>
    /// <param name="stream">The event stream (for example an HTTP response body).</param>
    /// <param name="cancellationToken">Cancels the reads and the enumeration.</param>
    /// <returns>The messages, in stream order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="EventStreamFormatException">While enumerating: a corrupt message, or the stream ended inside a message.</exception>
    /// <exception cref="OperationCanceledException">While enumerating: <paramref name="cancellationToken"/> was cancelled.</exception>
    public static IAsyncEnumerable<EventStreamMessage> ReadAllAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadAllCoreAsync(stream, cancellationToken);
    }

    /// <summary>Appends bytes of the stream; they may end anywhere, inside a prelude, a header or a payload.</summary>
    /// <param name="data">The next bytes of the stream.</param>
    /// <exception cref="ObjectDisposedException">The decoder was disposed.</exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="Complete"/> was called, or the unread bytes would exceed the largest array (read between pushes).
    /// </exception>
    public void Push(ReadOnlySpan<byte> data)
    {
        ThrowIfUnwritable();
        if (data.IsEmpty)
        {
            return;
        }

        EnsureSpace(data.Length);
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Returns the next message when all its bytes have arrived.</summary>
    /// <param name="message">The message, or <see langword="null"/> when it has not fully arrived.</param>
    /// <returns><see langword="true"/> when a message was read.</returns>
    /// <exception cref="EventStreamFormatException">
    /// The next message is corrupt, or <see cref="Complete"/> was called and the buffered bytes end inside a message.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The decoder was disposed.</exception>
    public bool TryRead([NotNullWhen(true)] out EventStreamMessage? message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!HasWholeMessage())
        {
            if (_completed && _end > _start)
            {
                throw Truncated();
            }

            message = null;
            return false;
        }

        ReadOnlySpan<byte> frame = _buffer.AsSpan(_start, _pendingLength);
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(frame[^4..]);
        uint actual = Crc32.HashToUInt32(frame[..^4]);
        if (expected != actual)
        {
            throw Corrupt(string.Create(
                CultureInfo.InvariantCulture,
                $"Message checksum mismatch: the message CRC-32 is 0x{expected:X8} but its first {frame.Length - 4} bytes hash to 0x{actual:X8}"));
        }

        EventStreamHeader[] headers = ParseHeaders(frame.Slice(EventStreamLimits.PreludeLength, _pendingHeadersLength));
        ReadOnlySpan<byte> payload = frame[(EventStreamLimits.PreludeLength + _pendingHeadersLength)..^4];
        message = EventStreamMessage.Own(headers, payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : payload.ToArray());

        _start += _pendingLength;
        _offset += _pendingLength;
        _pendingLength = 0;
        _pendingHeadersLength = 0;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }

        return true;
    }

    /// <summary>
    /// Declares the end of the stream: no more <see cref="Push"/>. Buffered whole messages can still be read; bytes
    /// that end inside a message are an error, thrown here when no whole message is buffered, otherwise by the
    /// <see cref="TryRead"/> that reaches them.
    /// </summary>
    /// <exception cref="EventStreamFormatException">The buffered bytes end inside a message ("truncated"), or its prelude is corrupt.</exception>
    /// <exception cref="ObjectDisposedException">The decoder was disposed.</exception>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _completed = true;
        if (_end > _start && !HasWholeMessage())
        {
            throw Truncated();
        }
    }

    /// <summary>Returns the buffer to the pool. Messages already read stay valid (they own their bytes).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Space for at least <paramref name="sizeHint"/> more bytes, to read into directly; commit with <see cref="Advance"/>.</summary>
    internal Memory<byte> GetMemory(int sizeHint)
    {
        ThrowIfUnwritable();
        EnsureSpace(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_end);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the memory of <see cref="GetMemory"/>.</summary>
    internal void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    private static async IAsyncEnumerable<EventStreamMessage> ReadAllCoreAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var decoder = new EventStreamDecoder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (decoder.TryRead(out EventStreamMessage? message))
            {
                yield return message;
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Read at least the rest of the message in progress when its length is known, so a large message
            // arrives in few reads.
            int missing = decoder._pendingLength > 0 ? decoder._pendingLength - decoder.BufferedLength : 0;
            Memory<byte> memory = decoder.GetMemory(Math.Max(ReadSize, missing));
            int read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                decoder.Complete();
                while (decoder.TryRead(out EventStreamMessage? message))
                {
                    yield return message;
                }

                yield break;
            }

            decoder.Advance(read);
        }
    }

    private static int CacheSlot(ReadOnlySpan<byte> wire)
    {
        // A header is at least 3 bytes (name length, 1-byte name, type). Mix the first and last 8 bytes (name start,
        // value end) with the length; Fibonacci hashing picks the slot from the top bits.
        ulong head, tail;
        if (wire.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(wire);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(wire[^8..]);
        }
        else
        {
            head = 0;
            foreach (byte b in wire)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        ulong hash = (head ^ ulong.RotateLeft(tail, 31) ^ (ulong)wire.Length) * 0x9E3779B97F4A7C15UL;
        return (int)(hash >> (64 - HeaderCacheBits));
    }

    private static bool IsCacheable(EventStreamHeaderType type, int wireLength) =>
        wireLength <= MaxCachedHeaderLength
        && type is not (EventStreamHeaderType.Timestamp or EventStreamHeaderType.Uuid or EventStreamHeaderType.ByteArray);

    /// <summary>Checks the prelude of the message at <c>_start</c> once it has arrived, and says whether the whole message has.</summary>
    private bool HasWholeMessage()
    {
        int available = _end - _start;
        if (_pendingLength == 0)
        {
            if (available < EventStreamLimits.PreludeLength)
            {
                return false;
            }

            ReadOnlySpan<byte> prelude = _buffer.AsSpan(_start, EventStreamLimits.PreludeLength);
            uint total = BinaryPrimitives.ReadUInt32BigEndian(prelude);
            uint headersLength = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(prelude[8..]);
            uint actual = Crc32.HashToUInt32(prelude[..8]);
            if (expected != actual)
            {
                throw Corrupt(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Prelude checksum mismatch: the prelude CRC-32 is 0x{expected:X8} but its first 8 bytes (total length {total}, headers length {headersLength}) hash to 0x{actual:X8}; the lengths cannot be trusted"));
            }

            if (total < EventStreamLimits.MinMessageLength)
            {
                throw Corrupt(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The prelude gives a total length of {total} bytes; the smallest message is {EventStreamLimits.MinMessageLength} bytes (prelude and message CRC)"));
            }

            if (total > EventStreamLimits.MaxMessageLength)
            {
                throw Corrupt(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The prelude gives a total length of {total} bytes; the event-stream limit is {EventStreamLimits.MaxMessageLength} bytes (24 MiB)"));
            }

            if (headersLength > total - EventStreamLimits.MinMessageLength)
            {
                throw Corrupt(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The prelude gives a headers length of {headersLength} bytes, more than the {total - EventStreamLimits.MinMessageLength} bytes a total length of {total} leaves after the prelude and the message CRC"));
            }

            _pendingLength = (int)total;
            _pendingHeadersLength = (int)headersLength;
        }

        return available >= _pendingLength;
    }

    private EventStreamHeader[] ParseHeaders(ReadOnlySpan<byte> block)
    {
        int count = 0;
        int position = 0;
        while (position < block.Length)
        {
            int start = position;
            int nameLength = block[position++];
            if (nameLength == 0)
            {
                throw BadHeader(count, start, "has an empty name (name length 0)");
            }

            // The name and the type byte.
            if (nameLength + 1 > block.Length - position)
            {
                throw BadHeader(count, start, $"runs past the end of the {block.Length}-byte header block (its name is {nameLength} bytes)");
            }

            position += nameLength;
            byte typeCode = block[position++];
            int valueLength;
            switch ((EventStreamHeaderType)typeCode)
            {
                case EventStreamHeaderType.BoolTrue:
                case EventStreamHeaderType.BoolFalse:
                    valueLength = 0;
                    break;
                case EventStreamHeaderType.Byte:
                    valueLength = 1;
                    break;
                case EventStreamHeaderType.Int16:
                    valueLength = 2;
                    break;
                case EventStreamHeaderType.Int32:
                    valueLength = 4;
                    break;
                case EventStreamHeaderType.Int64:
                case EventStreamHeaderType.Timestamp:
                    valueLength = 8;
                    break;
                case EventStreamHeaderType.Uuid:
                    valueLength = 16;
                    break;
                case EventStreamHeaderType.ByteArray:
                case EventStreamHeaderType.String:
                    if (block.Length - position < 2)
                    {
                        throw BadHeader(count, start, $"runs past the end of the {block.Length}-byte header block (in its value length)");
                    }

                    int length = BinaryPrimitives.ReadUInt16BigEndian(block[position..]);
                    if (length > EventStreamLimits.MaxHeaderValueLength)
                    {
                        throw BadHeader(count, start, $"has a {length}-byte value; the event-stream limit is {EventStreamLimits.MaxHeaderValueLength} bytes");
                    }

                    valueLength = 2 + length;
                    break;
                default:
                    throw BadHeader(count, start, $"has the unknown value type {typeCode} (the types are 0 to 9)");
            }

            if (valueLength > block.Length - position)
            {
                throw BadHeader(count, start, $"runs past the end of the {block.Length}-byte header block (its value is {valueLength} bytes)");
            }

            position += valueLength;
            ReadOnlySpan<byte> wire = block[start..position];
            var type = (EventStreamHeaderType)typeCode;
            EventStreamHeader header;
            if (IsCacheable(type, wire.Length))
            {
                ref CachedHeader slot = ref _headerCache[CacheSlot(wire)];
                if (slot.Wire is not null && wire.SequenceEqual(slot.Wire))
                {
                    header = slot.Header!;
                }
                else
                {
                    header = CreateHeader(wire, nameLength, type, count, start);
                    slot = new CachedHeader(wire.ToArray(), header);
                }
            }
            else
            {
                header = CreateHeader(wire, nameLength, type, count, start);
            }

            if (count == _scratch.Length)
            {
                Array.Resize(ref _scratch, count * 2);
            }

            _scratch[count++] = header;
        }

        if (count == 0)
        {
            return [];
        }

        var headers = new EventStreamHeader[count];
        Array.Copy(_scratch, headers, count);
        Array.Clear(_scratch, 0, count);
        return headers;
    }

    /// <summary>Decodes one header from its wire bytes, whose lengths have been checked.</summary>
    private EventStreamHeader CreateHeader(ReadOnlySpan<byte> wire, int nameLength, EventStreamHeaderType type, int index, int start)
    {
        string name;
        try
        {
            name = EventStreamUtf8.Strict.GetString(wire.Slice(1, nameLength));
        }
        catch (DecoderFallbackException e)
        {
            throw BadHeader(index, start, "has a name that is not valid UTF-8", e);
        }

        ReadOnlySpan<byte> value = wire[(2 + nameLength)..];
        EventStreamHeaderValue decoded;
        switch (type)
        {
            case EventStreamHeaderType.BoolTrue:
            case EventStreamHeaderType.BoolFalse:
                decoded = EventStreamHeaderValue.Scalar(type, 0);
                break;
            case EventStreamHeaderType.Byte:
                decoded = EventStreamHeaderValue.Scalar(type, (sbyte)value[0]);
                break;
            case EventStreamHeaderType.Int16:
                decoded = EventStreamHeaderValue.Scalar(type, BinaryPrimitives.ReadInt16BigEndian(value));
                break;
            case EventStreamHeaderType.Int32:
                decoded = EventStreamHeaderValue.Scalar(type, BinaryPrimitives.ReadInt32BigEndian(value));
                break;
            case EventStreamHeaderType.Int64:
                decoded = EventStreamHeaderValue.Scalar(type, BinaryPrimitives.ReadInt64BigEndian(value));
                break;
            case EventStreamHeaderType.Timestamp:
                long milliseconds = BinaryPrimitives.ReadInt64BigEndian(value);
                if (milliseconds is < EventStreamHeaderValue.MinUnixTimeMilliseconds or > EventStreamHeaderValue.MaxUnixTimeMilliseconds)
                {
                    throw BadHeader(index, start, $"has the timestamp {milliseconds} ms since the Unix epoch, outside the years 0001 to 9999");
                }

                decoded = EventStreamHeaderValue.Scalar(type, milliseconds);
                break;
            case EventStreamHeaderType.Uuid:
                decoded = EventStreamHeaderValue.FromUuid(new Guid(value, bigEndian: true));
                break;
            case EventStreamHeaderType.ByteArray:
                decoded = EventStreamHeaderValue.OwnedByteArray(value[2..].ToArray());
                break;
            default:
                string text;
                try
                {
                    text = EventStreamUtf8.Strict.GetString(value[2..]);
                }
                catch (DecoderFallbackException e)
                {
                    throw BadHeader(index, start, "has a string value that is not valid UTF-8", e);
                }

                decoded = EventStreamHeaderValue.DecodedString(text, value.Length - 2);
                break;
        }

        return new EventStreamHeader(name, nameLength, decoded);
    }

    private void EnsureSpace(int size)
    {
        if (_buffer.Length - _end >= size)
        {
            return;
        }

        int buffered = _end - _start;
        if ((long)buffered + size > Array.MaxLength)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The decoder holds {buffered} unread bytes and cannot take {size} more; read messages with TryRead between pushes."));
        }

        if (_buffer.Length - buffered >= size && buffered <= _buffer.Length / 2)
        {
            // Enough room once the unread bytes move to the front, and they are few enough to move cheaply.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, buffered);
        }
        else
        {
            long wanted = Math.Max((long)buffered + size, Math.Max(2L * _buffer.Length, InitialBufferSize));
            byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(wanted, Array.MaxLength));
            Buffer.BlockCopy(_buffer, _start, larger, 0, buffered);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        _start = 0;
        _end = buffered;
    }

    private void ThrowIfUnwritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("Complete() was called: the stream has ended and takes no more bytes.");
        }
    }

    private EventStreamFormatException Truncated()
    {
        int buffered = _end - _start;
        string detail = _pendingLength == 0
            ? string.Create(CultureInfo.InvariantCulture, $"after {buffered} of the {EventStreamLimits.PreludeLength} prelude bytes of a message")
            : string.Create(CultureInfo.InvariantCulture, $"after {buffered} of the {_pendingLength} bytes of a message");
        return Corrupt("The event stream is truncated: it ended " + detail);
    }

    private EventStreamFormatException Corrupt(string message) => new(message, _offset);

    private EventStreamFormatException BadHeader(int index, int start, string problem, Exception? inner = null)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"Header {index} (at byte {start} of the header block) {problem}");
        return inner is null ? new(text, _offset) : new(text, _offset, inner);
    }

    private readonly record struct CachedHeader(byte[]? Wire, EventStreamHeader? Header);
}
