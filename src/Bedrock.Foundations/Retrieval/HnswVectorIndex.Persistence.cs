using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Bedrock.Foundations.Retrieval;

/// <remarks>
/// File format, version 1, little-endian; n = nodes (live and tombstoned), d = dimensions:
/// <list type="number">
/// <item>header (60 bytes): magic <c>"BFHNSWVI"</c>, format version (uint32), dimensions, metric, M, efConstruction,
/// efSearch, seed, n, live count, entry-point node, top level (int32 each; entry and level −1 when n = 0), the level
/// generator's state (uint64);</item>
/// <item>XxHash64 of the header (8 bytes), so a damaged size is caught before anything is allocated;</item>
/// <item>the UTF-8 byte length of each node's id (n × int32), then the ids' bytes, in node (insertion) order;</item>
/// <item>each node's level (n bytes), then each node's tombstone flag (n bytes, 0 or 1);</item>
/// <item>the vectors as stored (normalized under cosine), n × d float32, row-major;</item>
/// <item>the layer-0 neighbour lists, n × (1 + 2M) int32: a count, then the neighbours (unused entries as stored);</item>
/// <item>for each node of level L &gt; 0, its lists on layers 1 … L, L × (1 + M) int32;</item>
/// <item>XxHash64 of every byte before it (8 bytes).</item>
/// </list>
/// A load checks the checksum before it builds anything, then checks the graph (neighbours in range, levels consistent,
/// live ids unique, vectors finite) before it returns an index.
/// </remarks>
public sealed partial class HnswVectorIndex
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private const int HeaderLength = 60;
    private const int MaxIdByteLength = 1 << 20;
    private static ReadOnlySpan<byte> Magic => "BFHNSWVI"u8;

    /// <inheritdoc />
    /// <remarks>The index is copied under the write lock (neighbour lists and tombstones), then written without it, so searches and writes go on meanwhile.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    public void Save(Stream destination)
    {
        IndexFiles.CheckWritable(destination);
        ValueTask task = SaveCoreAsync(Snapshot(), destination, isAsync: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "A synchronous save completes synchronously.");
        task.GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    public Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        IndexFiles.CheckWritable(destination);
        return SaveCoreAsync(Snapshot(), destination, isAsync: true, cancellationToken).AsTask();
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
    /// <returns>The index, equal bit for bit to the one saved (same graph, options, tombstones and level generator state).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt (a checksum does not match, or the graph is inconsistent), not an HNSW index (wrong magic) or of another format version; the message says which. No index is returned.</exception>
    public static HnswVectorIndex Load(Stream source)
    {
        IndexFiles.CheckReadable(source);
        ValueTask<HnswVectorIndex> task = LoadCoreAsync(source, isAsync: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "A synchronous load completes synchronously.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/> or <see cref="SaveAsync"/>.</summary>
    /// <param name="source">A readable stream positioned at the start of the index; read to the index's end, not closed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The index, equal bit for bit to the one saved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt, not an HNSW index or of another format version.</exception>
    public static Task<HnswVectorIndex> LoadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        IndexFiles.CheckReadable(source);
        return LoadCoreAsync(source, isAsync: true, cancellationToken).AsTask();
    }

    /// <summary>Reads an index from a file written by <see cref="SaveToFileAsync"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The index, equal bit for bit to the one saved.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not an HNSW index, of another format version, or has bytes after the index.</exception>
    public static Task<HnswVectorIndex> LoadFromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IndexFiles.LoadFromFileAsync(path, static (stream, token) => LoadCoreAsync(stream, isAsync: true, token), cancellationToken);
    }

    /// <summary>The file save; <paramref name="wrap"/> lets tests put a failing stream between the save and the temporary file.</summary>
    internal Task SaveToFileCoreAsync(string path, Func<Stream, Stream>? wrap, CancellationToken cancellationToken)
    {
        (HnswOptions Options, HnswGraph Graph, int Count) snapshot = Snapshot();
        return IndexFiles.SaveToFileAsync(path, (stream, token) => SaveCoreAsync(snapshot, stream, isAsync: true, token), wrap, cancellationToken);
    }

    private static async ValueTask SaveCoreAsync(
        (HnswOptions Options, HnswGraph Graph, int Count) snapshot, Stream destination, bool isAsync, CancellationToken cancellationToken)
    {
        (HnswOptions options, HnswGraph graph, int live) = snapshot;
        int n = graph.NodeCount;
        (int entry, int top) = graph.Entry;
        byte[] header = new byte[HeaderLength + sizeof(ulong)];
        Magic.CopyTo(header);
        int[] fields = [graph.Dimensions, (int)graph.Metric, options.M, options.EfConstruction, options.EfSearch, options.Seed, n, live, entry, top];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), FormatVersion);
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12 + (4 * i)), fields[i]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(52), graph.LevelState);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(HeaderLength), XxHash64.HashToUInt64(header.AsSpan(0, HeaderLength)));

        var writer = new HnswFormat.Writer(destination, isAsync);
        await writer.WriteAsync(header, 0, header.Length, cancellationToken).ConfigureAwait(false);
        var idBytes = new byte[n][];
        var idLengths = new int[n];
        for (int slot = 0; slot < n; slot++)
        {
            idBytes[slot] = Encoding.UTF8.GetBytes(graph.Ids[slot]);
            idLengths[slot] = idBytes[slot].Length;
        }

        await writer.WriteAsync(idLengths, 0, n, cancellationToken).ConfigureAwait(false);
        foreach (byte[] id in idBytes)
        {
            await writer.WriteAsync(id, 0, id.Length, cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteAsync(graph.Levels, 0, n, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(graph.Deleted, 0, n, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(graph.Vectors, 0, n * graph.Dimensions, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(graph.Layer0, 0, n * graph.Layer0Stride, cancellationToken).ConfigureAwait(false);
        for (int slot = 0; slot < n; slot++)
        {
            if (graph.Upper[slot] is { } upper)
            {
                await writer.WriteAsync(upper, 0, upper.Length, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<HnswVectorIndex> LoadCoreAsync(Stream source, bool isAsync, CancellationToken cancellationToken)
    {
        var reader = new HnswFormat.Reader(source, isAsync);
        byte[] magic = new byte[Magic.Length];
        await reader.ReadAsync(magic, "header", cancellationToken).ConfigureAwait(false);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("The data is not an HnswVectorIndex: the magic bytes 'BFHNSWVI' are missing.");
        }

        byte[] rest = new byte[HeaderLength + sizeof(ulong) - Magic.Length];
        await reader.ReadAsync(rest, "header", cancellationToken).ConfigureAwait(false);
        byte[] header = [.. magic, .. rest];

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The index has format version {version}; this library reads version {FormatVersion}."));
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(HeaderLength)) != XxHash64.HashToUInt64(header.AsSpan(0, HeaderLength)))
        {
            throw new InvalidDataException("The index header is corrupt: its checksum does not match.");
        }

        int Field(int i) => BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12 + (4 * i)));
        int dimensions = Field(0);
        var metric = (VectorMetric)Field(1);
        int m = Field(2);
        int efConstruction = Field(3);
        int efSearch = Field(4);
        int n = Field(6);
        int live = Field(7);
        int entry = Field(8);
        int top = Field(9);
        ulong levelState = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(52));
        if (dimensions is <= 0 or > FlatVectorIndex.MaxDimensions || !Enum.IsDefined(metric)
            || m < 2 || m > HnswOptions.MaxM || efConstruction is <= 0 or > HnswOptions.MaxEf || efSearch is <= 0 or > HnswOptions.MaxEf
            || n < 0 || n > Array.MaxLength / dimensions || n > Array.MaxLength / (1 + (2 * m)) || live < 0 || live > n)
        {
            throw new InvalidDataException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The index header is invalid: dimensions {dimensions}, metric {(int)metric}, M {m}, efConstruction {efConstruction}, efSearch {efSearch}, nodes {n}, live {live}."));
        }

        var options = new HnswOptions { M = m, EfConstruction = efConstruction, EfSearch = efSearch, Seed = Field(5) };
        int[] idLengths = new int[n];
        await reader.ReadAsync(idLengths, "id lengths", cancellationToken).ConfigureAwait(false);
        var ids = new string[n];
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (int slot = 0; slot < n; slot++)
        {
            if (idLengths[slot] is <= 0 or > MaxIdByteLength)
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: id {slot} has byte length {idLengths[slot]}."));
            }

            byte[] bytes = new byte[idLengths[slot]];
            await reader.ReadAsync(bytes, "ids", cancellationToken).ConfigureAwait(false);
            try
            {
                ids[slot] = decoder.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: id {slot} is not valid UTF-8."), e);
            }
        }

        byte[] levels = new byte[n];
        await reader.ReadAsync(levels, "levels", cancellationToken).ConfigureAwait(false);
        byte[] tombstones = new byte[n];
        await reader.ReadAsync(tombstones, "tombstones", cancellationToken).ConfigureAwait(false);
        float[] vectors = new float[n * dimensions];
        await reader.ReadAsync(vectors, "vectors", cancellationToken).ConfigureAwait(false);
        int[] layer0 = new int[n * (1 + (2 * m))];
        await reader.ReadAsync(layer0, "layer-0 lists", cancellationToken).ConfigureAwait(false);
        var upper = new int[n][];
        for (int slot = 0; slot < n; slot++)
        {
            if (levels[slot] > HnswGraph.MaxLevel)
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: node {slot} has level {levels[slot]}, above {HnswGraph.MaxLevel}."));
            }

            if (levels[slot] > 0)
            {
                upper[slot] = new int[levels[slot] * (1 + m)];
                await reader.ReadAsync(upper[slot]!, "upper-layer lists", cancellationToken).ConfigureAwait(false);
            }
        }

        ulong expected = reader.Hash;
        byte[] trailer = new byte[sizeof(ulong)];
        await reader.ReadAsync(trailer, "checksum", cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != expected)
        {
            throw new InvalidDataException("The index is corrupt: its checksum does not match the data.");
        }

        var deleted = new bool[n];
        for (int slot = 0; slot < n; slot++)
        {
            if (tombstones[slot] > 1)
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: node {slot} has tombstone flag {tombstones[slot]}."));
            }

            deleted[slot] = tombstones[slot] == 1;
        }

        var graph = new HnswGraph(dimensions, metric, m, efConstruction, vectors, ids, levels, deleted, layer0, upper, levelState);
        CheckGraph(graph, n, live, entry, top);
        graph.SetLoaded(n, entry, top);
        return new HnswVectorIndex(options, graph, live);
    }

    /// <summary>Checks a loaded (checksum-verified) graph for consistency, so a search on it cannot fail.</summary>
    private static void CheckGraph(HnswGraph graph, int n, int live, int entry, int top)
    {
        static InvalidDataException Corrupt(string what) =>
            new(string.Create(CultureInfo.InvariantCulture, $"The index is corrupt: {what}."));

        var liveIds = new HashSet<string>(live, StringComparer.Ordinal);
        int maxLevel = -1;
        for (int slot = 0; slot < n; slot++)
        {
            maxLevel = Math.Max(maxLevel, graph.Levels[slot]);
            if (!graph.Deleted[slot] && !liveIds.Add(graph.Ids[slot]))
            {
                throw Corrupt($"id {slot} is a live duplicate");
            }

            ReadOnlySpan<float> vector = graph.Vector(slot);
            for (int i = 0; i < vector.Length; i++)
            {
                if (!float.IsFinite(vector[i]))
                {
                    throw Corrupt($"component {i} of vector {slot} is not finite");
                }
            }

            for (int layer = 0; layer <= graph.Levels[slot]; layer++)
            {
                Span<int> list = graph.List(slot, layer);
                if (list[0] < 0 || list[0] > list.Length - 1)
                {
                    throw Corrupt($"node {slot} has {list[0]} neighbours on layer {layer}");
                }

                for (int i = 1; i <= list[0]; i++)
                {
                    int neighbour = list[i];
                    if (neighbour < 0 || neighbour >= n || neighbour == slot || graph.Levels[neighbour] < layer)
                    {
                        throw Corrupt($"node {slot} has an invalid neighbour {neighbour} on layer {layer}");
                    }
                }
            }
        }

        if (liveIds.Count != live)
        {
            throw Corrupt($"the header counts {live} live vectors but {liveIds.Count} are live");
        }

        bool entryValid = n == 0
            ? entry == -1 && top == -1
            : entry >= 0 && entry < n && top == maxLevel && graph.Levels[entry] == top;
        if (!entryValid)
        {
            throw Corrupt($"the entry point {entry} at level {top} does not match the graph");
        }
    }

    /// <summary>A consistent copy of what a save writes, taken under the write lock.</summary>
    private (HnswOptions Options, HnswGraph Graph, int Count) Snapshot()
    {
        lock (_writeLock)
        {
            return (_options, _graph.Snapshot(), _count);
        }
    }
}
