using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Retrieval;

/// <summary>The single-query scans: float32 or int8, one thread or contiguous parts on several, into bounded heaps.</summary>
public sealed partial class FlatVectorIndex
{
    /// <summary>Scans rows [start, end) into <paramref name="heap"/>.</summary>
    private delegate void RangeScan(int start, int end, ref TopKHeap heap);

    /// <summary>Scores rows for a scan: four consecutive rows at a time, or one.</summary>
    private interface IRowScorer
    {
        /// <summary>Writes the scores of rows <paramref name="row"/> … <paramref name="row"/> + 3 to <paramref name="scores"/>[0..4).</summary>
        public void ScoreFour(int row, ref float scores);

        /// <summary>The score of one row.</summary>
        public float ScoreOne(int row);
    }

    /// <summary>Normalizes (cosine) or copies the validated query into stack or pooled memory and runs the search.</summary>
    private VectorMatch[] SearchCore(ReadOnlySpan<float> query, int k, Func<string, bool>? filter, bool parallel)
    {
        if (_count == 0)
        {
            return [];
        }

        int dimensions = Dimensions;
        float[]? rented = null;
        Span<float> prepared = dimensions <= StackDimensions
            ? stackalloc float[dimensions]
            : (rented = ArrayPool<float>.Shared.Rent(dimensions)).AsSpan(0, dimensions);
        try
        {
            Prepare(query, prepared);
            return _codes is null ? SearchFloat(prepared, k, filter, parallel) : SearchQuantized(prepared, k, filter, parallel);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The query as the kernels score it: divided by its norm under cosine, as given otherwise.</summary>
    private void Prepare(ReadOnlySpan<float> query, Span<float> destination)
    {
        if (Metric == VectorMetric.Cosine)
        {
            TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), destination);
        }
        else
        {
            query.CopyTo(destination);
        }
    }

    /// <summary>How many parts an unfiltered scan of <paramref name="bytesPerComponent"/>-byte components is split into.</summary>
    private int ScanParts(Func<string, bool>? filter, bool parallel, int bytesPerComponent)
    {
        long bytes = (long)_count * Dimensions * bytesPerComponent;
        long threshold = ParallelScanThreshold * sizeof(float);
        if (!parallel || filter is not null || _maxDegreeOfParallelism == 1 || bytes < threshold)
        {
            return 1;
        }

        return (int)Math.Min(_maxDegreeOfParallelism, bytes / threshold);
    }

    private VectorMatch[] SearchFloat(ReadOnlySpan<float> query, int k, Func<string, bool>? filter, bool parallel)
    {
        int kept = Math.Min(k, _count);
        int parts = ScanParts(filter, parallel, sizeof(float));
        TopKHeap heap = default;
        try
        {
            if (parts > 1)
            {
                heap = ScanFloatInParallel(query.ToArray(), parts, kept);
            }
            else
            {
                heap = RentHeap(kept);
                if (Metric == VectorMetric.Euclidean)
                {
                    ScanFloat<FlatEuclidean>(query, 0, _count, ref heap, filter);
                }
                else
                {
                    ScanFloat<FlatDot>(query, 0, _count, ref heap, filter);
                }
            }

            return heap.ToSortedMatches();
        }
        finally
        {
            ReturnHeap(heap);
        }
    }

    /// <summary>The parallel float scan; a method of its own so that the lambda's closure is allocated only on this path.</summary>
    private TopKHeap ScanFloatInParallel(float[] query, int parts, int kept) =>
        Metric == VectorMetric.Euclidean
            ? ScanInParallel(parts, kept, (int start, int end, ref TopKHeap part) => ScanFloat<FlatEuclidean>(query, start, end, ref part, null))
            : ScanInParallel(parts, kept, (int start, int end, ref TopKHeap part) => ScanFloat<FlatDot>(query, start, end, ref part, null));

    private void ScanFloat<TMetric>(ReadOnlySpan<float> query, int start, int end, ref TopKHeap heap, Func<string, bool>? filter)
        where TMetric : IFlatMetric
    {
        var scorer = new FloatScorer<TMetric>(ref MemoryMarshal.GetReference(query), ref MemoryMarshal.GetArrayDataReference(_data), Dimensions);
        Scan(ref scorer, start, end, ref heap, filter);
    }

    /// <summary>
    /// The int8 search: quantize the query, keep the max(k, <see cref="RescoreCandidates"/>) best approximate scores,
    /// then re-score those rows exactly and keep the k best.
    /// </summary>
    private VectorMatch[] SearchQuantized(ReadOnlySpan<float> query, int k, Func<string, bool>? filter, bool parallel)
    {
        int dimensions = Dimensions;
        int pool = Math.Min(_count, Math.Max(k, RescoreCandidates));
        short[]? rented = null;
        Span<short> codes = dimensions <= StackDimensions
            ? stackalloc short[dimensions]
            : (rented = ArrayPool<short>.Shared.Rent(dimensions)).AsSpan(0, dimensions);
        TopKHeap candidates = default;
        TopKHeap best = default;
        try
        {
            float scale = QuantizedKernels.QuantizeQuery(query, codes, QuantizedKernels.QueryCodeLimit(dimensions));
            int parts = ScanParts(filter, parallel, sizeof(sbyte));
            if (parts > 1)
            {
                candidates = ScanInt8InParallel(codes.ToArray(), scale, parts, pool);
            }
            else
            {
                candidates = RentHeap(pool);
                ScanInt8(codes, scale, 0, _count, ref candidates, filter);
            }

            if (candidates.Count == 0)
            {
                return [];
            }

            best = RentHeap(Math.Min(k, candidates.Count));
            bool euclidean = Metric == VectorMetric.Euclidean;
            ref float q = ref MemoryMarshal.GetReference(query);
            ref float data = ref MemoryMarshal.GetArrayDataReference(_data);
            for (int i = 0; i < candidates.Count; i++)
            {
                int row = candidates.RowAt(i);
                ref float x = ref Unsafe.Add(ref data, (nint)row * dimensions);
                best.Offer(euclidean ? FlatKernels.Score<FlatEuclidean>(ref q, ref x, dimensions) : FlatKernels.Score<FlatDot>(ref q, ref x, dimensions), row);
            }

            return best.ToSortedMatches();
        }
        finally
        {
            ReturnHeap(candidates);
            ReturnHeap(best);
            if (rented is not null)
            {
                ArrayPool<short>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The parallel int8 scan; a method of its own so that the lambda's closure is allocated only on this path.</summary>
    private TopKHeap ScanInt8InParallel(short[] codes, float scale, int parts, int pool) =>
        ScanInParallel(parts, pool, (int start, int end, ref TopKHeap part) => ScanInt8(codes, scale, start, end, ref part, null));

    private void ScanInt8(ReadOnlySpan<short> codes, float scale, int start, int end, ref TopKHeap heap, Func<string, bool>? filter)
    {
        var scorer = new Int8Scorer(
            ref MemoryMarshal.GetReference(codes), ref MemoryMarshal.GetArrayDataReference(_codes!), _codeScales, _squaredNorms, scale, Dimensions);
        Scan(ref scorer, start, end, ref heap, filter);
    }

    /// <summary>
    /// Scores rows [start, end): unfiltered, four at a time into a block of <see cref="BlockRows"/> scores offered to the
    /// heap at once; filtered, only the accepted rows, one by one.
    /// </summary>
    private void Scan<TScorer>(scoped ref TScorer scorer, int start, int end, ref TopKHeap heap, Func<string, bool>? filter)
        where TScorer : IRowScorer, allows ref struct
    {
        if (filter is not null)
        {
            string[] ids = _ids;
            for (int row = start; row < end; row++)
            {
                if (filter(ids[row]))
                {
                    heap.Offer(scorer.ScoreOne(row), row);
                }
            }

            return;
        }

        Span<float> block = stackalloc float[BlockRows];
        ref float scores = ref MemoryMarshal.GetReference(block);
        for (int first = start; first < end; first += BlockRows)
        {
            int n = Math.Min(BlockRows, end - first);
            int r = 0;
            for (; r <= n - 4; r += 4)
            {
                scorer.ScoreFour(first + r, ref Unsafe.Add(ref scores, r));
            }

            for (; r < n; r++)
            {
                Unsafe.Add(ref scores, r) = scorer.ScoreOne(first + r);
            }

            heap.OfferAll(block[..n], first);
        }
    }

    /// <summary>
    /// Splits the rows into <paramref name="parts"/> contiguous ranges scanned at once, each into its own heap, and merges
    /// the heaps. The k best under the heap's total order (score, then id) are the same whichever part found them, so the
    /// merged heap holds what one scan over all rows would.
    /// </summary>
    private TopKHeap ScanInParallel(int parts, int capacity, RangeScan scan)
    {
        var heaps = new TopKHeap[parts];
        int count = _count;
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            {
                heaps[p] = RentHeap(capacity);
                scan((int)((long)count * p / parts), (int)((long)count * (p + 1) / parts), ref heaps[p]);
            });

            TopKHeap merged = RentHeap(capacity);
            foreach (TopKHeap heap in heaps)
            {
                for (int i = 0; i < heap.Count; i++)
                {
                    merged.Offer(heap.ScoreAt(i), heap.RowAt(i));
                }
            }

            return merged;
        }
        finally
        {
            foreach (TopKHeap heap in heaps)
            {
                ReturnHeap(heap);
            }
        }
    }

    private TopKHeap RentHeap(int capacity) =>
        new(ArrayPool<float>.Shared.Rent(capacity), ArrayPool<int>.Shared.Rent(capacity), capacity, _ids);

    private static void ReturnHeap(TopKHeap heap)
    {
        (float[] scores, int[] rows) = heap.Buffers;
        if (scores is not null)
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>Exact float32 scores of a prepared query against stored rows (<see cref="FlatKernels"/>).</summary>
    private readonly ref struct FloatScorer<TMetric> : IRowScorer
        where TMetric : IFlatMetric
    {
        private readonly ref float _query;
        private readonly ref float _data;
        private readonly int _dimensions;

        internal FloatScorer(ref float query, ref float data, int dimensions)
        {
            _query = ref query;
            _data = ref data;
            _dimensions = dimensions;
        }

        public void ScoreFour(int row, ref float scores) =>
            FlatKernels.Score4<TMetric>(ref _query, ref Unsafe.Add(ref _data, (nint)row * _dimensions), _dimensions, ref scores);

        public float ScoreOne(int row) =>
            FlatKernels.Score<TMetric>(ref _query, ref Unsafe.Add(ref _data, (nint)row * _dimensions), _dimensions);
    }

    /// <summary>
    /// Approximate scores from the int8 codes: t·s·Σ q-code·code for dot and cosine, 2·t·s·Σ q-code·code − ‖x‖² under
    /// Euclidean (−‖q − x‖² without the constant ‖q‖²: the same order).
    /// </summary>
    private readonly ref struct Int8Scorer : IRowScorer
    {
        private readonly ref short _query;
        private readonly ref sbyte _codes;
        private readonly float[] _scales;
        private readonly float[] _squaredNorms;
        private readonly double _queryScale;
        private readonly int _dimensions;

        internal Int8Scorer(ref short query, ref sbyte codes, float[] scales, float[] squaredNorms, float queryScale, int dimensions)
        {
            _query = ref query;
            _codes = ref codes;
            _scales = scales;
            _squaredNorms = squaredNorms;
            _queryScale = queryScale;
            _dimensions = dimensions;
        }

        public void ScoreFour(int row, ref float scores)
        {
            Vector256<long> dots = QuantizedKernels.Dot4(ref _query, ref Unsafe.Add(ref _codes, (nint)row * _dimensions), _dimensions);
            scores = Approximate(dots.GetElement(0), row);
            Unsafe.Add(ref scores, 1) = Approximate(dots.GetElement(1), row + 1);
            Unsafe.Add(ref scores, 2) = Approximate(dots.GetElement(2), row + 2);
            Unsafe.Add(ref scores, 3) = Approximate(dots.GetElement(3), row + 3);
        }

        public float ScoreOne(int row) =>
            Approximate(QuantizedKernels.Dot(ref _query, ref Unsafe.Add(ref _codes, (nint)row * _dimensions), _dimensions), row);

        private float Approximate(long dot, int row)
        {
            double product = dot * (_queryScale * _scales[row]);
            return _squaredNorms.Length == 0 ? (float)product : (float)((2 * product) - _squaredNorms[row]);
        }
    }
}
