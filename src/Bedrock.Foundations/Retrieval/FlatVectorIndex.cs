using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// An exact vector index: every search scores the query against every stored vector with SIMD kernels and keeps the k
/// best in a bounded min-heap, so no sort of all scores. Optionally (<see cref="FlatVectorIndexOptions.Quantization"/>)
/// the scan runs over int8 codes and a pool of candidates is re-scored exactly.
/// </summary>
/// <remarks>
/// <para>
/// Vectors live in one contiguous row-major <see cref="float"/> array. Under <see cref="VectorMetric.Cosine"/> each
/// vector is stored divided by its norm and the query is normalized the same way, so a score is a dot product.
/// Removal moves the last row into the freed slot (swap with last), so row order is not insertion order.
/// </para>
/// <para>
/// Scan: rows are scored four at a time (one query vector load shared by four rows) into a block of 256 scores; a
/// vectorized comparison against the heap's worst kept score picks the few rows that can enter the heap. Above 2²⁰
/// stored components an unfiltered search splits the rows into up to <see cref="MaxDegreeOfParallelism"/> contiguous
/// parts scanned at once, each into its own heap, and merges the heaps; the result is identical to a single-threaded
/// scan. Batches (<see cref="SearchBatch"/>) run as blocked matrix products: 4 queries × 4 stored vectors per register
/// tile, 64-query blocks kept in cache while the stored vectors stream past. Every path scores a (query, vector) pair with
/// the same sequence of operations, so a score does not depend on the path, the batch or the number of threads.
/// </para>
/// <para>
/// Int8 quantization (<see cref="VectorQuantization.ScalarInt8"/>): each stored vector also gets int8 codes with one scale
/// (symmetric, per vector — so an upsert never re-quantizes other vectors and codes do not depend on insertion order);
/// the query is quantized to int16. A search scans the codes with an exact integer dot product (AVX-512BW/AVX2
/// <c>vpmaddwd</c>), keeps the max(k, <see cref="RescoreCandidates"/>) best approximate scores, and re-scores them on the
/// float32 vectors with the exact kernel, so returned scores are exact and equal the unquantized index's scores. The
/// float32 vectors are kept for that re-scoring: the index holds 5 bytes per component instead of 4, but the scan
/// reads 1 byte per component instead of 4 (4× less memory traffic, which is what bounds a flat search). Under
/// Euclidean the approximate score is 2·q·x̃ − ‖x‖² with the exact ‖x‖² kept per vector. A true neighbour whose
/// approximate score falls outside the pool is missed; see <see cref="FlatVectorIndexOptions.RescoreCandidates"/>.
/// </para>
/// <para>
/// Ties: matches with equal scores are ordered by id (ordinal, ascending), so results do not depend on the order of
/// upserts and removals. Scores of stored finite vectors are finite except when a dot product or distance overflows
/// single precision; such a score is reported as computed (±∞), and a NaN score ranks below every other score.
/// </para>
/// <para>
/// Allocation: a single-threaded search allocates only its result (the query copy, heap and score block come from the
/// stack or the shared array pool); a parallel scan also allocates the parallel loop's bookkeeping.
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

    /// <summary>Below this many stored components (vectors × dimensions) a single search runs on the calling thread.</summary>
    private const long ParallelScanThreshold = 1L << 20;

    /// <summary>Rows scored into one block before the block is offered to the heap.</summary>
    private const int BlockRows = 256;

    /// <summary>Queries whose copies a search keeps on the stack rather than renting (floats or int16 codes).</summary>
    private const int StackDimensions = 1024;

    private readonly Dictionary<string, int> _rowOf;
    private string[] _ids;
    private float[] _data;
    private sbyte[]? _codes;
    private float[] _codeScales = [];
    private float[] _squaredNorms = [];
    private int _count;
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>Creates an empty index.</summary>
    /// <param name="dimensions">The number of components of every vector; 1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="metric">The metric that scores a stored vector against a query.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive or exceeds <see cref="MaxDimensions"/>, or <paramref name="metric"/> is not a defined value.</exception>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "This constructor's signature is pinned by the retrieval API (issue 7); the options overload takes every parameter as required, so calls are never ambiguous (RS0026).")]
    public FlatVectorIndex(int dimensions, VectorMetric metric = VectorMetric.Cosine)
        : this(dimensions, metric, VectorQuantization.None, FlatVectorIndexOptions.DefaultRescoreCandidates, [], [], 0)
    {
    }

    /// <summary>Creates an empty index with options (quantization, re-scoring).</summary>
    /// <param name="dimensions">The number of components of every vector; 1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="metric">The metric that scores a stored vector against a query.</param>
    /// <param name="options">The options; copied, not kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive or exceeds <see cref="MaxDimensions"/>, <paramref name="metric"/> is not a defined value, or <paramref name="options"/> has an undefined quantization or a non-positive <see cref="FlatVectorIndexOptions.RescoreCandidates"/>.</exception>
    public FlatVectorIndex(int dimensions, VectorMetric metric, FlatVectorIndexOptions options)
        : this(dimensions, metric, CheckedQuantization(options), options.RescoreCandidates, [], [], 0)
    {
    }

    private FlatVectorIndex(int dimensions, VectorMetric metric, VectorQuantization quantization, int rescoreCandidates, string[] ids, float[] data, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "The metric is not a defined VectorMetric value.");
        }

        Dimensions = dimensions;
        Metric = metric;
        Quantization = quantization;
        RescoreCandidates = rescoreCandidates;
        _ids = ids;
        _data = data;
        _count = count;
        _rowOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int row = 0; row < count; row++)
        {
            _rowOf.Add(ids[row], row);
        }

        if (quantization == VectorQuantization.ScalarInt8)
        {
            _codes = new sbyte[ids.Length * dimensions];
            _codeScales = new float[ids.Length];
            _squaredNorms = metric == VectorMetric.Euclidean ? new float[ids.Length] : [];
            for (int row = 0; row < count; row++)
            {
                QuantizeRow(row);
            }
        }
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public VectorMetric Metric { get; }

    /// <summary>Gets how the index keeps the copy of the vectors a search scans.</summary>
    public VectorQuantization Quantization { get; }

    /// <summary>Gets the least number of candidates a quantized search re-scores exactly (see <see cref="FlatVectorIndexOptions.RescoreCandidates"/>).</summary>
    public int RescoreCandidates { get; }

    /// <summary>
    /// Gets or sets the most threads a search over a large index or a <see cref="SearchBatch"/> uses.
    /// </summary>
    /// <value>Positive; defaults to <see cref="Environment.ProcessorCount"/>. 1 runs every search and batch on the calling thread.</value>
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

        if (_codes is not null)
        {
            QuantizeRow(row);
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
            if (_codes is not null)
            {
                _codes.AsSpan(last * Dimensions, Dimensions).CopyTo(_codes.AsSpan(row * Dimensions, Dimensions));
                _codeScales[row] = _codeScales[last];
                if (_squaredNorms.Length > 0)
                {
                    _squaredNorms[row] = _squaredNorms[last];
                }
            }

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
        return SearchCore(query, k, null, parallel: true);
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
        return SearchCore(query, k, filter, parallel: false);
    }


    /// <inheritdoc />
    /// <remarks>
    /// Without quantization a batch runs as blocked matrix products (4 × 4 register tiles, 64-query blocks), on up to
    /// <see cref="MaxDegreeOfParallelism"/> threads for large batches (queries × vectors × dimensions ≥ 2²²), one query
    /// block per work item. With quantization each query runs as a single search, queries spread over the threads. Either
    /// way each query's result equals what <see cref="Search(ReadOnlySpan{float}, int)"/> returns, whatever the number of
    /// threads.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="queries"/> is empty or not a multiple of <see cref="Dimensions"/>, or a query has a NaN or infinite component or is zero under cosine (the message gives the component's index in <paramref name="queries"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<IReadOnlyList<VectorMatch>> SearchBatch(ReadOnlySpan<float> queries, int k)
    {
        int queryCount = VectorChecks.ValidateBatch(queries, Dimensions, Metric, nameof(queries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        if (_codes is null)
        {
            return SearchBatchFloat(queries, k);
        }

        var results = new IReadOnlyList<VectorMatch>[queryCount];
        long work = (long)queryCount * _count * Dimensions;
        int threads = Math.Min(_maxDegreeOfParallelism, queryCount);
        if (threads <= 1 || work < ParallelBatchThreshold)
        {
            for (int q = 0; q < queryCount; q++)
            {
                results[q] = SearchCore(queries.Slice(q * Dimensions, Dimensions), k, null, parallel: true);
            }

            return results;
        }

        float[] copy = queries.ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, queryCount, options, q => results[q] = SearchCore(copy.AsSpan(q * Dimensions, Dimensions), k, null, parallel: false));
        return results;
    }

    private static VectorQuantization CheckedQuantization(FlatVectorIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Quantization))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.Quantization,
                string.Create(CultureInfo.InvariantCulture, $"options.Quantization is {(int)options.Quantization}, which is not a defined VectorQuantization value."));
        }

        if (options.RescoreCandidates <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.RescoreCandidates,
                string.Create(CultureInfo.InvariantCulture, $"options.RescoreCandidates is {options.RescoreCandidates}; it must be positive (the default is {FlatVectorIndexOptions.DefaultRescoreCandidates})."));
        }

        return options.Quantization;
    }

    /// <summary>The stored float32 vectors, row-major in storage order (for benchmarks' baselines, which must not copy 1.5 GB).</summary>
    internal ReadOnlySpan<float> StoredVectors => _data.AsSpan(0, _count * Dimensions);

    private ReadOnlySpan<float> Row(int row) => _data.AsSpan(row * Dimensions, Dimensions);

    /// <summary>Writes the int8 codes, scale and (under Euclidean) squared norm of a stored row.</summary>
    private void QuantizeRow(int row)
    {
        ReadOnlySpan<float> vector = Row(row);
        _codeScales[row] = QuantizedKernels.QuantizeRow(vector, _codes.AsSpan(row * Dimensions, Dimensions));
        if (_squaredNorms.Length > 0)
        {
            _squaredNorms[row] = TensorPrimitives.Dot(vector, vector);
        }
    }

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
                string.Create(CultureInfo.InvariantCulture, $"The index is full: {_count} vectors of {Dimensions} dimensions fill the largest array this runtime allows."));
        }

        int capacity = (int)Math.Min(maxRows, Math.Max(Math.Max(4L, rows), 2L * _ids.Length));
        _data = Grow(_data, capacity * Dimensions, _count * Dimensions);
        _ids = Grow(_ids, capacity, _count);
        if (_codes is not null)
        {
            _codes = Grow(_codes, capacity * Dimensions, _count * Dimensions);
            _codeScales = Grow(_codeScales, capacity, _count);
            if (Metric == VectorMetric.Euclidean)
            {
                _squaredNorms = Grow(_squaredNorms, capacity, _count);
            }
        }
    }

    private static T[] Grow<T>(T[] array, int capacity, int used)
    {
        var grown = new T[capacity];
        array.AsSpan(0, used).CopyTo(grown);
        return grown;
    }
}
