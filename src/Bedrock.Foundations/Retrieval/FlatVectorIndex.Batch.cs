using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Retrieval;

/// <summary>Batches of float32 queries as blocked matrix products.</summary>
public sealed partial class FlatVectorIndex
{
    /// <summary>Queries per block: their copies (64 × d floats, 96 KiB at d = 384) stay in L2 while every stored row streams past.</summary>
    private const int QueryBlock = 64;

    /// <summary>Stored rows scored per block before each query's scores are offered to its heap.</summary>
    private const int BatchRows = 128;

    /// <summary>
    /// Scores every (query, row) pair with the register-tiled kernels (<see cref="FlatKernels.Score4x4{TMetric}"/>: four
    /// queries share each loaded stored vector, four stored vectors each loaded query), block by block: for a block of
    /// queries, rows are taken four at a time (they stay in L1) against every 4-query tile of the block (in L2).
    /// </summary>
    private IReadOnlyList<VectorMatch>[] SearchBatchFloat(ReadOnlySpan<float> queries, int k)
    {
        int dimensions = Dimensions;
        int queryCount = queries.Length / dimensions;
        var results = new IReadOnlyList<VectorMatch>[queryCount];
        if (_count == 0)
        {
            Array.Fill(results, Array.Empty<VectorMatch>());
            return results;
        }

        var prepared = new float[queries.Length];
        for (int q = 0; q < queryCount; q++)
        {
            Prepare(queries.Slice(q * dimensions, dimensions), prepared.AsSpan(q * dimensions, dimensions));
        }

        int kept = Math.Min(k, _count);
        var heaps = new TopKHeap[queryCount];
        for (int q = 0; q < queryCount; q++)
        {
            heaps[q] = new TopKHeap(kept, _ids);
        }

        int threads = Math.Min(_maxDegreeOfParallelism, Environment.ProcessorCount);
        int block = QueryBlock;
        if (threads > 1 && (long)queryCount * _count * dimensions >= ParallelBatchThreshold)
        {
            // Enough blocks to keep every thread busy; tiles of four queries where possible.
            int perThread = (queryCount + threads - 1) / threads;
            block = Math.Min(QueryBlock, Math.Max(4, (perThread + 3) & ~3));
        }
        else
        {
            threads = 1;
        }

        int blocks = (queryCount + block - 1) / block;
        bool euclidean = Metric == VectorMetric.Euclidean;
        if (threads == 1 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++)
            {
                ScoreBlock(b);
            }
        }
        else
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, ScoreBlock);
        }

        for (int q = 0; q < queryCount; q++)
        {
            results[q] = heaps[q].ToSortedMatches();
        }

        return results;

        void ScoreBlock(int b)
        {
            int first = b * block;
            int count = Math.Min(block, queryCount - first);
            if (euclidean)
            {
                ScoreQueryBlock<FlatEuclidean>(prepared, first, count, heaps);
            }
            else
            {
                ScoreQueryBlock<FlatDot>(prepared, first, count, heaps);
            }
        }
    }

    private void ScoreQueryBlock<TMetric>(float[] queries, int firstQuery, int queryCount, TopKHeap[] heaps)
        where TMetric : IFlatMetric
    {
        int dimensions = Dimensions;
        int rows = _count;
        float[] scores = ArrayPool<float>.Shared.Rent(queryCount * BatchRows);
        try
        {
            ref float data = ref MemoryMarshal.GetArrayDataReference(_data);
            ref float block = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(queries), (nint)firstQuery * dimensions);
            ref float s = ref MemoryMarshal.GetArrayDataReference(scores);
            for (int first = 0; first < rows; first += BatchRows)
            {
                int n = Math.Min(BatchRows, rows - first);
                int r = 0;
                for (; r <= n - 4; r += 4)
                {
                    ref float x = ref Unsafe.Add(ref data, (nint)(first + r) * dimensions);
                    int j = 0;
                    for (; j <= queryCount - 4; j += 4)
                    {
                        FlatKernels.Score4x4<TMetric>(ref Unsafe.Add(ref block, (nint)j * dimensions), ref x, dimensions, ref Unsafe.Add(ref s, (j * BatchRows) + r), BatchRows);
                    }

                    for (; j < queryCount; j++)
                    {
                        FlatKernels.Score4<TMetric>(ref Unsafe.Add(ref block, (nint)j * dimensions), ref x, dimensions, ref Unsafe.Add(ref s, (j * BatchRows) + r));
                    }
                }

                for (; r < n; r++)
                {
                    ref float x = ref Unsafe.Add(ref data, (nint)(first + r) * dimensions);
                    for (int j = 0; j < queryCount; j++)
                    {
                        Unsafe.Add(ref s, (j * BatchRows) + r) = FlatKernels.Score<TMetric>(ref Unsafe.Add(ref block, (nint)j * dimensions), ref x, dimensions);
                    }
                }

                for (int j = 0; j < queryCount; j++)
                {
                    heaps[firstQuery + j].OfferAll(scores.AsSpan(j * BatchRows, n), first);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }
}
