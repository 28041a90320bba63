using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Bedrock.Foundations.Retrieval;

/// <remarks>
/// File format, version 2, little-endian:
/// <list type="number">
/// <item>header (32 bytes): magic <c>"BFFLATVI"</c>, format version (uint32), dimensions (int32), metric (int32), count (int32),
/// quantization (int32, a <see cref="VectorQuantization"/>), re-score candidates (int32);</item>
/// <item>XxHash64 of the header (8 bytes), so a damaged count or dimension is caught before anything is allocated;</item>
/// <item>count ids, each as its UTF-8 byte length (int32) and bytes, in storage order;</item>
/// <item>count × dimensions float32 components (as stored: normalized under cosine), row-major, in the same order;</item>
/// <item>XxHash64 of every byte before it (8 bytes).</item>
/// </list>
/// The int8 codes of a quantized index are not stored: they are a deterministic function of the float32 vectors and are
/// recomputed on load, bit for bit as they were. Version 1 (written before quantization existed) is version 2 without the
/// last two header fields (a 24-byte header); it still loads, as an unquantized index.
/// </remarks>
public sealed partial class FlatVectorIndex
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 2;

    /// <summary>The header length of format version 1 (no quantization fields).</summary>
    private const int HeaderLengthV1 = 24;

    private const int HeaderLength = 32;
    private const int ChunkLength = 1 << 16;
    private const int MaxIdByteLength = 1 << 20;
    private static ReadOnlySpan<byte> Magic => "BFFLATVI"u8;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    public void Save(Stream destination)
    {
        IndexFiles.CheckWritable(destination);
        ValueTask task = SaveCoreAsync(destination, isAsync: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "A synchronous save completes synchronously.");
        task.GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    public Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        IndexFiles.CheckWritable(destination);
        return SaveCoreAsync(destination, isAsync: true, cancellationToken).AsTask();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public Task SaveToFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SaveToFileCoreAsync(path, null, cancellationToken);
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="source">A readable stream positioned at the start of the index; read to the index's end, not closed.</param>
    /// <returns>The index, equal bit for bit to the one saved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt (a checksum does not match), not an index (wrong magic) or of another format version; the message says which. No index is returned.</exception>
    public static FlatVectorIndex Load(Stream source)
    {
        IndexFiles.CheckReadable(source);
        ValueTask<FlatVectorIndex> task = LoadCoreAsync(source, isAsync: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "A synchronous load completes synchronously.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/> or <see cref="SaveAsync"/>.</summary>
    /// <param name="source">A readable stream positioned at the start of the index; read to the index's end, not closed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The index, equal bit for bit to the one saved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt, not an index or of another format version.</exception>
    public static Task<FlatVectorIndex> LoadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        IndexFiles.CheckReadable(source);
        return LoadCoreAsync(source, isAsync: true, cancellationToken).AsTask();
    }

    /// <summary>Reads an index from a file written by <see cref="SaveToFileAsync"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The index, equal bit for bit to the one saved.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not an index, of another format version, or has bytes after the index.</exception>
    public static Task<FlatVectorIndex> LoadFromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IndexFiles.LoadFromFileAsync(path, static (stream, token) => LoadCoreAsync(stream, isAsync: true, token), cancellationToken);
    }

    /// <summary>The file save; <paramref name="wrap"/> lets tests put a failing stream between the save and the temporary file.</summary>
    internal Task SaveToFileCoreAsync(string path, Func<Stream, Stream>? wrap, CancellationToken cancellationToken) =>
        IndexFiles.SaveToFileAsync(path, (stream, token) => SaveCoreAsync(stream, isAsync: true, token), wrap, cancellationToken);

    private async ValueTask SaveCoreAsync(Stream destination, bool isAsync, CancellationToken cancellationToken)
    {
        int count = _count;
        int dimensions = Dimensions;
        byte[] buffer = new byte[ChunkLength];
        var hash = new XxHash64();

        Magic.CopyTo(buffer);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(12), dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(16), (int)Metric);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(20), count);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(24), (int)Quantization);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(28), RescoreCandidates);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(HeaderLength), XxHash64.HashToUInt64(buffer.AsSpan(0, HeaderLength)));
        int position = HeaderLength + sizeof(ulong);

        for (int row = 0; row < count; row++)
        {
            byte[] id = Encoding.UTF8.GetBytes(_ids[row]);
            if (position + sizeof(int) > buffer.Length)
            {
                await FlushAsync(destination, buffer, position, hash, isAsync, cancellationToken).ConfigureAwait(false);
                position = 0;
            }

            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(position), id.Length);
            position += sizeof(int);
            for (int offset = 0; offset < id.Length;)
            {
                int length = Math.Min(buffer.Length - position, id.Length - offset);
                id.AsSpan(offset, length).CopyTo(buffer.AsSpan(position));
                position += length;
                offset += length;
                if (position == buffer.Length)
                {
                    await FlushAsync(destination, buffer, position, hash, isAsync, cancellationToken).ConfigureAwait(false);
                    position = 0;
                }
            }
        }

        long totalBytes = (long)count * dimensions * sizeof(float);
        for (long offset = 0; offset < totalBytes;)
        {
            int length = (int)Math.Min(buffer.Length - position, totalBytes - offset);
            CopyFloatBytes(_data, offset, buffer.AsSpan(position, length));
            position += length;
            offset += length;
            if (position == buffer.Length)
            {
                await FlushAsync(destination, buffer, position, hash, isAsync, cancellationToken).ConfigureAwait(false);
                position = 0;
            }
        }

        if (position + sizeof(ulong) > buffer.Length)
        {
            await FlushAsync(destination, buffer, position, hash, isAsync, cancellationToken).ConfigureAwait(false);
            position = 0;
        }

        hash.Append(buffer.AsSpan(0, position));
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(position), hash.GetCurrentHashAsUInt64());
        position += sizeof(ulong);
        await WriteAsync(destination, buffer, position, isAsync, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask FlushAsync(Stream destination, byte[] buffer, int length, XxHash64 hash, bool isAsync, CancellationToken cancellationToken)
    {
        hash.Append(buffer.AsSpan(0, length));
        await WriteAsync(destination, buffer, length, isAsync, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask WriteAsync(Stream destination, byte[] buffer, int length, bool isAsync, CancellationToken cancellationToken)
    {
        if (isAsync)
        {
            await destination.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            destination.Write(buffer, 0, length);
        }
    }

    /// <summary>Copies the little-endian bytes of <paramref name="data"/> starting at byte <paramref name="byteOffset"/>.</summary>
    private static void CopyFloatBytes(float[] data, long byteOffset, Span<byte> destination)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The index format is little-endian; big-endian platforms are not supported.");
        }

        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan((int)(byteOffset / sizeof(float))));
        bytes.Slice((int)(byteOffset % sizeof(float)), destination.Length).CopyTo(destination);
    }

    private static async ValueTask<FlatVectorIndex> LoadCoreAsync(Stream source, bool isAsync, CancellationToken cancellationToken)
    {
        var reader = new FormatReader(source, isAsync);
        byte[] header = new byte[HeaderLength + sizeof(ulong)];

        // Version 1's header and its hash are exactly as long as version 2's header: read that much, then the rest.
        await reader.ReadAsync(header.AsMemory(0, HeaderLengthV1 + sizeof(ulong)), "header", cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("The data is not a FlatVectorIndex: the magic bytes 'BFFLATVI' are missing.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version is not (1 or FormatVersion))
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The index has format version {version}; this library reads versions 1 to {FormatVersion}."));
        }

        int headerLength = version == 1 ? HeaderLengthV1 : HeaderLength;
        if (version != 1)
        {
            await reader.ReadAsync(header.AsMemory(HeaderLengthV1 + sizeof(ulong)), "header", cancellationToken).ConfigureAwait(false);
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(headerLength)) != XxHash64.HashToUInt64(header.AsSpan(0, headerLength)))
        {
            throw new InvalidDataException("The index header is corrupt: its checksum does not match.");
        }

        int dimensions = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        var metric = (VectorMetric)BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        int count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        var quantization = version == 1 ? VectorQuantization.None : (VectorQuantization)BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24));
        int rescoreCandidates = version == 1 ? FlatVectorIndexOptions.DefaultRescoreCandidates : BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(28));
        if (dimensions is <= 0 or > MaxDimensions || !Enum.IsDefined(metric) || count < 0 || count > Array.MaxLength / dimensions
            || !Enum.IsDefined(quantization) || rescoreCandidates <= 0)
        {
            throw new InvalidDataException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The index header is invalid: dimensions {dimensions}, metric {(int)metric}, count {count}, quantization {(int)quantization}, re-score candidates {rescoreCandidates}."));
        }

        var ids = new string[count];
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        byte[] lengthBytes = new byte[sizeof(int)];
        for (int row = 0; row < count; row++)
        {
            await reader.ReadAsync(lengthBytes, "ids", cancellationToken).ConfigureAwait(false);
            int length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
            if (length is <= 0 or > MaxIdByteLength)
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: id {row} has byte length {length}."));
            }

            byte[] idBytes = new byte[length];
            await reader.ReadAsync(idBytes, "ids", cancellationToken).ConfigureAwait(false);
            string id;
            try
            {
                id = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(idBytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: id {row} is not valid UTF-8."), e);
            }

            if (!seen.Add(id))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: id {row} is a duplicate."));
            }

            ids[row] = id;
        }

        var data = new float[count * dimensions];
        await reader.ReadAsync(MemoryMarshal.AsBytes(data.AsSpan()).Length, data, "vectors", cancellationToken).ConfigureAwait(false);

        ulong expected = reader.Hash;
        byte[] trailer = new byte[sizeof(ulong)];
        await reader.ReadAsync(trailer, "checksum", cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != expected)
        {
            throw new InvalidDataException("The index is corrupt: its checksum does not match the data.");
        }

        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: component {i % dimensions} of vector {i / dimensions} is not finite."));
            }
        }

        return new FlatVectorIndex(dimensions, metric, quantization, rescoreCandidates, ids, data, count);
    }

    /// <summary>Reads exact byte counts from the stream, hashing what it reads, and turns an early end into an <see cref="InvalidDataException"/>.</summary>
    private sealed class FormatReader(Stream source, bool isAsync)
    {
        private readonly XxHash64 _hash = new();
        private long _position;

        internal ulong Hash => _hash.GetCurrentHashAsUInt64();

        internal ValueTask ReadAsync(byte[] destination, string section, CancellationToken cancellationToken) =>
            ReadAsync(destination.AsMemory(), section, cancellationToken);

        internal async ValueTask ReadAsync(Memory<byte> destination, string section, CancellationToken cancellationToken)
        {
            int read = isAsync
                ? await source.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                : source.ReadAtLeast(destination.Span, destination.Length, throwOnEndOfStream: false);
            if (read < destination.Length)
            {
                ThrowTruncated(section, _position + read);
            }

            _hash.Append(destination.Span);
            _position += read;
        }

        /// <summary>Reads <paramref name="byteCount"/> bytes into the float array <paramref name="data"/>, in chunks.</summary>
        internal async ValueTask ReadAsync(int byteCount, float[] data, string section, CancellationToken cancellationToken)
        {
            byte[] chunk = new byte[ChunkLength];
            for (int offset = 0; offset < byteCount;)
            {
                int length = Math.Min(chunk.Length, byteCount - offset);
                int read = isAsync
                    ? await source.ReadAtLeastAsync(chunk.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                    : source.ReadAtLeast(chunk.AsSpan(0, length), length, throwOnEndOfStream: false);
                if (read < length)
                {
                    ThrowTruncated(section, _position + read);
                }

                _hash.Append(chunk.AsSpan(0, length));
                chunk.AsSpan(0, length).CopyTo(MemoryMarshal.AsBytes(data.AsSpan()).Slice(offset));
                _position += length;
                offset += length;
            }
        }

        private static void ThrowTruncated(string section, long position) =>
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The index is truncated: the data ends at byte {position}, inside the {section}."));
    }
}
