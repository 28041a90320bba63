using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Chunked little-endian reading and writing of a <see cref="HnswVectorIndex"/> file, hashing every byte with XxHash64
/// (the crash-safe file save is <see cref="IndexFiles"/>).
/// </summary>
internal static class HnswFormat
{
    internal const int ChunkLength = 1 << 16;

    private static void CheckLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The index format is little-endian; big-endian platforms are not supported.");
        }
    }

    /// <summary>Buffers writes in 64 KiB chunks, hashing each chunk as it goes out.</summary>
    internal sealed class Writer(Stream destination, bool isAsync)
    {
        private readonly byte[] _buffer = new byte[ChunkLength];
        private readonly XxHash64 _hash = new();
        private int _position;

        /// <summary>Writes the elements' bytes as they are in memory (little-endian).</summary>
        internal async ValueTask WriteAsync<T>(T[] array, int start, int count, CancellationToken cancellationToken)
            where T : unmanaged
        {
            CheckLittleEndian();
            int total = count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            for (int offset = 0; offset < total;)
            {
                int length = Math.Min(_buffer.Length - _position, total - offset);
                MemoryMarshal.AsBytes(array.AsSpan(start, count)).Slice(offset, length).CopyTo(_buffer.AsSpan(_position));
                _position += length;
                offset += length;
                if (_position == _buffer.Length)
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Writes what is buffered, then the XxHash64 of every byte written (8 bytes).</summary>
        internal async ValueTask FinishAsync(CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer, _hash.GetCurrentHashAsUInt64());
            _position = sizeof(ulong);
            await WriteBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        private async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            _hash.Append(_buffer.AsSpan(0, _position));
            await WriteBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        private async ValueTask WriteBufferAsync(CancellationToken cancellationToken)
        {
            if (isAsync)
            {
                await destination.WriteAsync(_buffer.AsMemory(0, _position), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                destination.Write(_buffer, 0, _position);
            }

            _position = 0;
        }
    }

    /// <summary>Reads exact byte counts, hashing what it reads, and turns an early end into an <see cref="InvalidDataException"/>.</summary>
    internal sealed class Reader(Stream source, bool isAsync)
    {
        private readonly XxHash64 _hash = new();
        private byte[]? _chunk;
        private long _position;

        /// <summary>Gets the XxHash64 of every byte read so far.</summary>
        internal ulong Hash => _hash.GetCurrentHashAsUInt64();

        /// <summary>Fills <paramref name="array"/> from the stream, in chunks, so memory grows only as data arrives.</summary>
        internal async ValueTask ReadAsync<T>(T[] array, string section, CancellationToken cancellationToken)
            where T : unmanaged
        {
            CheckLittleEndian();
            _chunk ??= new byte[ChunkLength];
            int total = array.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            for (int offset = 0; offset < total;)
            {
                int length = Math.Min(_chunk.Length, total - offset);
                int read = isAsync
                    ? await source.ReadAtLeastAsync(_chunk.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : source.ReadAtLeast(_chunk.AsSpan(0, length), length, throwOnEndOfStream: false);
                if (read < length)
                {
                    throw new InvalidDataException(
                        string.Create(CultureInfo.InvariantCulture, $"The index is truncated: the data ends at byte {_position + read}, inside the {section}."));
                }

                _hash.Append(_chunk.AsSpan(0, length));
                _chunk.AsSpan(0, length).CopyTo(MemoryMarshal.AsBytes(array.AsSpan()).Slice(offset));
                _position += length;
                offset += length;
            }
        }
    }
}
