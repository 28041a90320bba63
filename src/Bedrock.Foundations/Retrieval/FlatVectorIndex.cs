using System.Numerics.Tensors;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// An exact vector index: every search scores the query against every stored vector (a SIMD dot product or distance
/// per row, <see cref="TensorPrimitives"/>) and keeps the k best in a bounded min-heap, so no sort of all scores.
/// </summary>
/// <remarks>
/// <para>
/// Vectors live in one contiguous row-major <see cref="float"/> array. Under <see cref="VectorMetric.Cosine"/> each
/// vector is stored divided by its norm and the query is normalized the same way, so a score is a dot product.
/// Removal moves the last row into the freed slot (swap with last), so row order is not insertion order.
/// </para>
/// <para>
/// Ties: matches with equal scores are ordered by id (ordinal, ascending), so results do not depend on the order of
/// upserts and removals. Scores of stored finite vectors are finite except when a dot product or distance overflows
/// single precision; such a score is reported as computed (±∞), and a NaN score ranks below every other score.
/// </para>
/// <para>
/// Thread safety: reads (<see cref="Count"/>, the searches, the saves) may run concurrently with each other; a write
/// (<see cref="Upsert"/>, <see cref="Remove"/>) must not overlap any other call — the caller synchronizes.
/// </para>
/// </remarks>
public sealed partial class FlatVectorIndex : IVectorIndex
{
    /// <summary>The largest number of dimensions an index accepts (also the limit when loading a file).</summary>
    public const int MaxDimensions = 1 << 20;

    /// <summary>Below this many multiply-adds (queries × vectors × dimensions) a batch runs on the calling thread.</summary>
    private const long ParallelBatchThreshold = 1L << 22;

    private readonly Dictionary<string, int> _rowOf;
    private string[] _ids;
    private float[] _data;
    private int _count;
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>Creates an empty index.</summary>
    /// <param name="dimensions">The number of components of every vector; 1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="metric">The metric that scores a stored vector against a query.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive or exceeds <see cref="MaxDimensions"/>, or <paramref name="metric"/> is not a defined value.</exception>
    public FlatVectorIndex(int dimensions, VectorMetric metric = VectorMetric.Cosine)
        : this(dimensions, metric, [], [], 0)
    {
    }

    private FlatVectorIndex(int dimensions, VectorMetric metric, string[] ids, float[] data, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "The metric is not a defined VectorMetric value.");
        }

        Dimensions = dimensions;
        Metric = metric;
        _ids = ids;
        _data = data;
        _count = count;
        _rowOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int row = 0; row < count; row++)
        {
            _rowOf.Add(ids[row], row);
        }
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public VectorMetric Metric { get; }

    /// <summary>
    /// Gets or sets the most threads a <see cref="SearchBatch"/> uses.
    /// </summary>
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

    /// <summary>Gets the ids in the index, in storage order (not insertion order once vectors were removed).</summary>
    /// <value>A snapshot copy.</value>
    public IReadOnlyList<string> Ids => _ids.AsSpan(0, _count).ToArray();

    /// <summary>Whether a vector is stored under <paramref name="id"/>.</summary>
    /// <param name="id">The id; not null.</param>
    /// <returns><see langword="true"/> when the index holds the id.</returns>
    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _rowOf.ContainsKey(id);
    }

    /// <summary>Copies the stored vector of <paramref name="id"/> (normalized under cosine) into <paramref name="destination"/>.</summary>
    /// <param name="id">The id; not null.</param>
    /// <param name="destination">Receives <see cref="Dimensions"/> components.</param>
    /// <returns><see langword="true"/> when the id was found and copied.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Dimensions"/>.</exception>
    public bool TryGetVector(string id, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (destination.Length < Dimensions)
        {
            VectorChecks.ThrowWrongDimension(nameof(destination), Dimensions, destination.Length);
        }

        if (!_rowOf.TryGetValue(id, out int row))
        {
            return false;
        }

        Row(row).CopyTo(destination);
        return true;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, or <paramref name="vector"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="InvalidOperationException">The index cannot grow further (the storage would exceed the largest array).</exception>
    public void Upsert(string id, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        VectorChecks.Validate(vector, Dimensions, Metric, nameof(vector));

        if (!_rowOf.TryGetValue(id, out int row))
        {
            EnsureCapacity(_count + 1);
            row = _count;
        }

        Span<float> destination = _data.AsSpan(row * Dimensions, Dimensions);
        if (Metric == VectorMetric.Cosine)
        {
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), destination);
        }
        else
        {
            vector.CopyTo(destination);
        }

        if (row == _count)
        {
            _ids[row] = id;
            _rowOf.Add(id, row);
            _count++;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_rowOf.Remove(id, out int row))
        {
            return false;
        }

        int last = _count - 1;
        if (row != last)
        {
            Row(last).CopyTo(_data.AsSpan(row * Dimensions, Dimensions));
            string moved = _ids[last];
            _ids[row] = moved;
            _rowOf[moved] = row;
        }

        _ids[last] = null!;
        _count = last;
        return true;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k)
    {
        VectorChecks.Validate(query, Dimensions, Metric, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return SearchCore(query, k, null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty, of the wrong dimension, has a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, Func<string, bool> filter)
    {
        VectorChecks.Validate(query, Dimensions, Metric, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentNullException.ThrowIfNull(filter);
        return SearchCore(query, k, filter);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Large batches (queries × vectors × dimensions ≥ 2²²) run on up to <see cref="MaxDegreeOfParallelism"/> threads,
    /// one query per work item; each query's result is computed exactly as by a single search, so results do not depend
    /// on the number of threads.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="queries"/> is empty or not a multiple of <see cref="Dimensions"/>, or a query has a NaN or infinite component or is zero under cosine (the message gives the component's index in <paramref name="queries"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<IReadOnlyList<VectorMatch>> SearchBatch(ReadOnlySpan<float> queries, int k)
    {
        if (queries.IsEmpty || queries.Length % Dimensions != 0)
        {
            VectorChecks.ThrowBatchShape(nameof(queries), Dimensions, queries.Length);
        }

        int queryCount = queries.Length / Dimensions;
        for (int q = 0; q < queryCount; q++)
        {
            VectorChecks.ValidateComponents(queries.Slice(q * Dimensions, Dimensions), Metric, nameof(queries), q * Dimensions);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        var results = new IReadOnlyList<VectorMatch>[queryCount];
        long work = (long)queryCount * _count * Dimensions;
        int threads = Math.Min(_maxDegreeOfParallelism, queryCount);
        if (threads <= 1 || work < ParallelBatchThreshold)
        {
            for (int q = 0; q < queryCount; q++)
            {
                results[q] = SearchCore(queries.Slice(q * Dimensions, Dimensions), k, null);
            }

            return results;
        }

        float[] copy = queries.ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, queryCount, options, q => results[q] = SearchCore(copy.AsSpan(q * Dimensions, Dimensions), k, null));
        return results;
    }

    private ReadOnlySpan<float> Row(int row) => _data.AsSpan(row * Dimensions, Dimensions);

    private void EnsureCapacity(int rows)
    {
        if (rows <= _ids.Length)
        {
            return;
        }

        long maxRows = Array.MaxLength / Dimensions;
        if (rows > maxRows)
        {
            throw new InvalidOperationException(
                $"The index is full: {_count} vectors of {Dimensions} dimensions fill the largest array this runtime allows.");
        }

        int capacity = (int)Math.Min(maxRows, Math.Max(Math.Max(4L, rows), 2L * _ids.Length));
        var data = new float[capacity * Dimensions];
        _data.AsSpan(0, _count * Dimensions).CopyTo(data);
        var ids = new string[capacity];
        _ids.AsSpan(0, _count).CopyTo(ids);
        _data = data;
        _ids = ids;
    }

    /// <summary>Scans every row, scoring it against the (validated) query, and keeps the k best in a min-heap.</summary>
    private VectorMatch[] SearchCore(ReadOnlySpan<float> query, int k, Func<string, bool>? filter)
    {
        int count = _count;
        if (count == 0)
        {
            return [];
        }

        int dimensions = Dimensions;
        float[]? normalized = null;
        if (Metric == VectorMetric.Cosine)
        {
            normalized = new float[dimensions];
            TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), normalized);
            query = normalized;
        }

        var heap = new TopKHeap(Math.Min(k, count), _ids);
        ReadOnlySpan<float> data = _data.AsSpan(0, count * dimensions);
        string[] ids = _ids;
        bool euclidean = Metric == VectorMetric.Euclidean;
        for (int row = 0; row < count; row++)
        {
            if (filter is not null && !filter(ids[row]))
            {
                continue;
            }

            ReadOnlySpan<float> x = data.Slice(row * dimensions, dimensions);
            float score = euclidean ? -TensorPrimitives.Distance(query, x) : TensorPrimitives.Dot(query, x);
            heap.Offer(score, row);
        }

        return heap.ToSortedMatches();
    }
}
