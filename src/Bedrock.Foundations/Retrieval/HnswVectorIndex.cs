using System.Numerics.Tensors;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// An approximate vector index: a Hierarchical Navigable Small World graph (Malkov &amp; Yashunin, IEEE TPAMI 2020,
/// arXiv:1603.09320). A search descends greedily through the sparse upper layers and then runs a beam search of width
/// efSearch on layer 0, so it scores a few thousand vectors instead of all of them; recall against exact search is
/// traded for speed through <see cref="HnswOptions.EfSearch"/>.
/// </summary>
/// <remarks>
/// <para>
/// Construction follows the paper: each vector gets a level ⌊−ln(U)·mL⌋, mL = 1/ln M, from a seeded generator; it is
/// linked to M neighbours on each of its layers (chosen from an efConstruction-wide beam by the neighbour-selection
/// heuristic, Algorithm 4), and a neighbour whose list overflows (M on upper layers, 2M on layer 0) re-selects its list
/// with the same heuristic. Builds are deterministic: the same options (seed included) and the same sequence of
/// upserts and removals give the same graph, byte for byte in <see cref="Save(Stream)"/>.
/// </para>
/// <para>
/// Vectors live in one contiguous row-major <see cref="float"/> array, scored with the same kernel as <see cref="FlatVectorIndex"/> (so scores equal the exact index's bit for bit).
/// Under <see cref="VectorMetric.Cosine"/> each vector is stored divided by its norm and the query is normalized the
/// same way, so a score is a dot product, bit for bit the score <see cref="FlatVectorIndex"/> computes. Results are
/// sorted best first with the same tie rule as <see cref="FlatVectorIndex"/>: equal scores by id, ordinal ascending.
/// </para>
/// <para>
/// Removal leaves a tombstone: the node stays in the graph as a waypoint but is never returned. Upserting an existing
/// id tombstones its old node and inserts a new one. Tombstones cost memory and search time; <see cref="Compact"/>
/// rebuilds the graph without them.
/// </para>
/// <para>
/// Thread safety: any number of searches (<see cref="Search(ReadOnlySpan{float}, int)"/> and its overloads,
/// <see cref="SearchBatch"/>, <see cref="Count"/>, <see cref="Contains"/>) may run concurrently with each other and with
/// one write at a time; writes (<see cref="Upsert"/>, <see cref="Remove"/>, <see cref="Compact"/>) are serialized by an
/// internal lock, so concurrent writers wait for each other. A search never sees a partly inserted
/// vector and never throws because of a concurrent write; it returns only ids whose upsert had completed its vector
/// and id, with scores computed from their stored vectors; once <see cref="Remove"/> has returned, no search that
/// starts afterwards returns the removed id. A search running while a write happens may or may not see it; while an id
/// is being replaced a search may miss it (its old vector is already tombstoned, the new one not yet linked).
/// </para>
/// </remarks>
public sealed partial class HnswVectorIndex : IVectorIndex
{
    private const int InitialCapacity = 16;

    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly HnswOptions _options;
    private HnswGraph _graph;
    private int _count;
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>Creates an empty index.</summary>
    /// <param name="dimensions">The number of components of every vector; 1 to <see cref="FlatVectorIndex.MaxDimensions"/>.</param>
    /// <param name="metric">The metric that scores a stored vector against a query.</param>
    /// <param name="options">M, efConstruction, efSearch and the seed; null for the defaults. The index keeps a copy.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive or exceeds <see cref="FlatVectorIndex.MaxDimensions"/>, or <paramref name="metric"/> is not a defined value.</exception>
    public HnswVectorIndex(int dimensions, VectorMetric metric = VectorMetric.Cosine, HnswOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, FlatVectorIndex.MaxDimensions);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "The metric is not a defined VectorMetric value.");
        }

        Dimensions = dimensions;
        Metric = metric;
        _options = options?.Clone() ?? new HnswOptions();
        _graph = NewGraph(dimensions, metric, _options, InitialCapacity);
    }

    /// <summary>Creates an index around a loaded graph.</summary>
    private HnswVectorIndex(HnswOptions options, HnswGraph graph, int count)
    {
        Dimensions = graph.Dimensions;
        Metric = graph.Metric;
        _options = options;
        _graph = graph;
        _count = count;
        for (int slot = 0; slot < graph.NodeCount; slot++)
        {
            if (!graph.Deleted[slot])
            {
                _slotOf.Add(graph.Ids[slot], slot);
            }
        }
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public VectorMetric Metric { get; }

    /// <summary>Gets a copy of the options the index was created (or loaded) with.</summary>
    public HnswOptions Options => _options.Clone();

    /// <summary>Gets the number of removed or replaced vectors still in the graph as tombstones (0 after <see cref="Compact"/>).</summary>
    public int TombstoneCount => Volatile.Read(ref _graph).NodeCount - Count;

    /// <summary>Gets or sets the most threads a <see cref="SearchBatch"/> uses.</summary>
    /// <value>Positive; defaults to <see cref="Environment.ProcessorCount"/>. 1 runs every batch on the calling thread.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Whether a vector is stored under <paramref name="id"/>.</summary>
    /// <param name="id">The id; not null.</param>
    /// <returns><see langword="true"/> when the index holds the id (waits for a write in progress).</returns>
    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_writeLock)
        {
            return _slotOf.ContainsKey(id);
        }
    }

    /// <inheritdoc />
    /// <remarks>Replacing an id tombstones its old vector (see <see cref="TombstoneCount"/>) and inserts the new one.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, or <paramref name="vector"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="InvalidOperationException">The index cannot grow further (the storage would exceed the largest array).</exception>
    public void Upsert(string id, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        VectorChecks.Validate(vector, Dimensions, Metric, nameof(vector));
        ReadOnlySpan<float> stored = Metric == VectorMetric.Cosine ? Normalize(vector) : vector;

        lock (_writeLock)
        {
            HnswGraph graph = EnsureRoom();
            bool replacing = _slotOf.TryGetValue(id, out int old);
            if (replacing)
            {
                graph.Tombstone(old);
            }

            _slotOf[id] = graph.Insert(id, stored);
            if (!replacing)
            {
                Volatile.Write(ref _count, _count + 1);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The vector stays in the graph as a tombstone until <see cref="Compact"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_writeLock)
        {
            if (!_slotOf.Remove(id, out int slot))
            {
                return false;
            }

            _graph.Tombstone(slot);
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    /// <summary>
    /// Rebuilds the graph from the live vectors only, dropping every tombstone. The live vectors are inserted in their
    /// insertion order (a replaced id counts from its last upsert) with the level generator restarted from
    /// <see cref="HnswOptions.Seed"/>, so the compacted index is identical (same graph, same results, same saved bytes)
    /// to a new index with the same options into which those vectors were upserted in that order.
    /// </summary>
    /// <remarks>
    /// Takes time proportional to a full build. Searches keep running on the old graph meanwhile and move to the new
    /// one when it is complete; writes wait.
    /// </remarks>
    public void Compact()
    {
        lock (_writeLock)
        {
            HnswGraph old = _graph;
            var graph = NewGraph(Dimensions, Metric, _options, Math.Max(InitialCapacity, _count));
            for (int slot = 0; slot < old.NodeCount; slot++)
            {
                if (!old.Deleted[slot])
                {
                    _slotOf[old.Ids[slot]] = graph.Insert(old.Ids[slot], old.Vector(slot));
                }
            }

            Volatile.Write(ref _graph, graph);
        }
    }

    /// <inheritdoc />
    /// <remarks>Uses the index's <see cref="HnswOptions.EfSearch"/> (or k when larger) as the beam width.</remarks>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k) =>
        Search(query, k, _options.EfSearch);

    /// <summary>Finds about the <paramref name="k"/> best matches of <paramref name="query"/> with a beam of width <paramref name="efSearch"/>.</summary>
    /// <param name="query">The query: <see cref="Dimensions"/> finite components, not all zero under cosine.</param>
    /// <param name="k">How many matches to return at most; positive.</param>
    /// <param name="efSearch">The beam width for this search (k when k is larger); larger is slower with higher recall.</param>
    /// <returns>At most <paramref name="k"/> matches, sorted by descending score.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="efSearch"/> is not positive.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, int efSearch)
    {
        VectorChecks.Validate(query, Dimensions, Metric, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(efSearch);
        return SearchCore(query, k, efSearch, null);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The filter runs inside the graph search: rejected vectors are walked through but do not count toward the beam, so
    /// the search keeps exploring until it holds max(efSearch, k) accepted vectors or has no candidates left. A very
    /// selective filter therefore visits much of the graph.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, Func<string, bool> filter) =>
        Search(query, k, filter, _options.EfSearch);

    /// <summary>
    /// Finds about the <paramref name="k"/> best matches among the vectors whose id <paramref name="filter"/> accepts,
    /// with a beam of width <paramref name="efSearch"/>; the filter is applied inside the graph search.
    /// </summary>
    /// <param name="query">The query: <see cref="Dimensions"/> finite components, not all zero under cosine.</param>
    /// <param name="k">How many matches to return at most; positive.</param>
    /// <param name="filter">Returns <see langword="true"/> for the ids that may be returned. It is called on the searching thread.</param>
    /// <param name="efSearch">The beam width for this search (k when k is larger).</param>
    /// <returns>At most <paramref name="k"/> accepted matches, sorted by descending score.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="efSearch"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, Func<string, bool> filter, int efSearch)
    {
        VectorChecks.Validate(query, Dimensions, Metric, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(efSearch);
        return SearchCore(query, k, efSearch, filter);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Queries run on up to <see cref="MaxDegreeOfParallelism"/> threads, one query per work item; each result equals
    /// that of a single <see cref="Search(ReadOnlySpan{float}, int)"/> on the same graph.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="queries"/> is empty or not a multiple of <see cref="Dimensions"/>, or a query has a NaN or infinite component or is zero under cosine (the message gives the component's index in <paramref name="queries"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<IReadOnlyList<VectorMatch>> SearchBatch(ReadOnlySpan<float> queries, int k)
    {
        int queryCount = VectorChecks.ValidateBatch(queries, Dimensions, Metric, nameof(queries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        var results = new IReadOnlyList<VectorMatch>[queryCount];
        int efSearch = _options.EfSearch;
        int threads = Math.Min(_maxDegreeOfParallelism, queryCount);
        if (threads <= 1)
        {
            for (int q = 0; q < queryCount; q++)
            {
                results[q] = SearchCore(queries.Slice(q * Dimensions, Dimensions), k, efSearch, null);
            }

            return results;
        }

        float[] copy = queries.ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, queryCount, options, q => results[q] = SearchCore(copy.AsSpan(q * Dimensions, Dimensions), k, efSearch, null));
        return results;
    }

    private static HnswGraph NewGraph(int dimensions, VectorMetric metric, HnswOptions options, int capacity) =>
        new(dimensions, metric, options.M, options.EfConstruction, capacity, (ulong)(long)options.Seed);

    private static float[] Normalize(ReadOnlySpan<float> vector)
    {
        var normalized = new float[vector.Length];
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), normalized);
        return normalized;
    }

    private VectorMatch[] SearchCore(ReadOnlySpan<float> query, int k, int efSearch, Func<string, bool>? filter)
    {
        HnswGraph graph = Volatile.Read(ref _graph);
        if (Metric == VectorMetric.Cosine)
        {
            query = Normalize(query);
        }

        return graph.Search(query, k, efSearch, filter);
    }

    /// <summary>The current graph with room for one more node, grown (and published) when full. Under the write lock.</summary>
    private HnswGraph EnsureRoom()
    {
        HnswGraph graph = _graph;
        int count = graph.NodeCount;
        if (count < graph.Capacity)
        {
            return graph;
        }

        long maxNodes = Math.Min(Array.MaxLength / Dimensions, Array.MaxLength / graph.Layer0Stride);
        if (count >= maxNodes)
        {
            throw new InvalidOperationException(
                $"The index is full: {count} vectors of {Dimensions} dimensions (with tombstones) fill the largest array this runtime allows; Compact() may free room.");
        }

        graph = graph.Grow((int)Math.Min(maxNodes, 2L * count));
        Volatile.Write(ref _graph, graph);
        return graph;
    }
}
