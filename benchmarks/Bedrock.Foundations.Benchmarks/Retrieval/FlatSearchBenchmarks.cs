using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Machine;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// One top-10 cosine query over N embedding-like vectors of d = 384 (<see cref="FlatBenchmarkData"/>): the naive
/// baseline (a scalar loop that scores every row and sorts all N scores), <see cref="FlatVectorIndex"/> on float32 and
/// with int8 quantization (re-scoring 100 candidates), each on one thread and on two, and the machine's DRAM read
/// bandwidth measured in the same run (a 256 MiB sum, <see cref="PeakKernels.Sum"/>). The GB/s column is the bytes a
/// row scans (N·d·4 for float32, N·d for int8 codes) over its mean time; "% DRAM BW" divides by the bandwidth at the
/// row's thread count. N = 100 000 and 1 000 000 (1.5 GB of float32); <c>BENCHMARK_CI=1</c> runs N = 10 000 only.
/// </summary>
/// <remarks>
/// Memory: the float32 index (N·d·4 bytes) and the int8 index (N·d·5: it keeps float32 vectors to re-score) — 3.4 GB at
/// N = 1 000 000; the baseline reads the float32 index's own storage rather than a third copy. The setup prints the
/// int8 index's recall@10 against the float32 index over 100 queries.
/// </remarks>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.BytesRead)]
public class FlatSearchBenchmarks : IWorkloadBenchmark
{
    private const int K = 10;

    private FlatVectorIndex _float = null!;
    private FlatVectorIndex _int8 = null!;
    private float[] _query = [];
    private float[] _bandwidthBuffer = [];

    [ParamsSource(typeof(FlatBenchmarkData), nameof(FlatBenchmarkData.Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _float = new FlatVectorIndex(FlatBenchmarkData.Dimensions, VectorMetric.Cosine);
        _int8 = new FlatVectorIndex(
            FlatBenchmarkData.Dimensions, VectorMetric.Cosine, new FlatVectorIndexOptions { Quantization = VectorQuantization.ScalarInt8 });
        FlatBenchmarkData.Fill(N, _float, _int8);
        _query = FlatBenchmarkData.Queries(1);
        _bandwidthBuffer = new float[PeakBandwidthBenchmarks.Bytes / sizeof(float)];
        Array.Fill(_bandwidthBuffer, 1f);
        double recall = FlatBenchmarkData.Recall(_float, _int8, FlatBenchmarkData.Queries(100), K);
        Console.WriteLine($"// FlatSearch N = {N}: int8 recall@10 vs float32 over 100 queries = {recall:F4}");
    }

    [Benchmark(Baseline = true, Description = "naive: scalar loop + sort all")]
    public int NaiveLoopAndSort()
    {
        ReadOnlySpan<float> rows = _float.StoredVectors;
        int d = FlatBenchmarkData.Dimensions;
        var scores = new float[N];
        var order = new int[N];
        for (int row = 0; row < N; row++)
        {
            float dot = 0f;
            int offset = row * d;
            for (int i = 0; i < d; i++)
            {
                dot += _query[i] * rows[offset + i];
            }

            scores[row] = -dot; // ascending sort of −score = descending score
            order[row] = row;
        }

        Array.Sort(scores, order);
        int checksum = 0;
        for (int i = 0; i < K; i++)
        {
            checksum += order[i];
        }

        return checksum;
    }

    [Benchmark(Description = "TensorPrimitives.Dot loop + top-10, 1 thread")]
    public int DotLoop()
    {
        // What a plain loop gets: one TensorPrimitives.Dot per row and a sorted top-10 kept by insertion.
        ReadOnlySpan<float> rows = _float.StoredVectors;
        int d = FlatBenchmarkData.Dimensions;
        Span<float> best = stackalloc float[K];
        Span<int> bestRows = stackalloc int[K];
        best.Fill(float.NegativeInfinity);
        for (int row = 0; row < N; row++)
        {
            float score = System.Numerics.Tensors.TensorPrimitives.Dot(_query, rows.Slice(row * d, d));
            if (score > best[K - 1])
            {
                int i = K - 1;
                for (; i > 0 && best[i - 1] < score; i--)
                {
                    best[i] = best[i - 1];
                    bestRows[i] = bestRows[i - 1];
                }

                best[i] = score;
                bestRows[i] = row;
            }
        }

        return bestRows[0];
    }

    [Benchmark(Description = "float32, 1 thread")]
    public int Float1()
    {
        _float.MaxDegreeOfParallelism = 1;
        return _float.Search(_query, K).Count;
    }

    [Benchmark(Description = "float32, 2 threads")]
    public int Float2()
    {
        _float.MaxDegreeOfParallelism = 2;
        return _float.Search(_query, K).Count;
    }

    [Benchmark(Description = "int8 + re-score, 1 thread")]
    public int Int81()
    {
        _int8.MaxDegreeOfParallelism = 1;
        return _int8.Search(_query, K).Count;
    }

    [Benchmark(Description = "int8 + re-score, 2 threads")]
    public int Int82()
    {
        _int8.MaxDegreeOfParallelism = 2;
        return _int8.Search(_query, K).Count;
    }

    [Benchmark(Description = "DRAM read: sum 256 MiB, 1 thread")]
    public float Bandwidth1() => PeakKernels.Sum(_bandwidthBuffer, 1);

    [Benchmark(Description = "DRAM read: sum 256 MiB, 2 threads")]
    public float Bandwidth2() => PeakKernels.Sum(_bandwidthBuffer, 2);

    public Workload WorkOf(string benchmarkMethod)
    {
        double floatBytes = (double)N * FlatBenchmarkData.Dimensions * sizeof(float);
        return benchmarkMethod switch
        {
            nameof(NaiveLoopAndSort) or nameof(DotLoop) or nameof(Float1) => new(floatBytes, 1),
            nameof(Float2) => new(floatBytes, 2),
            nameof(Int81) => new(floatBytes / sizeof(float), 1),
            nameof(Int82) => new(floatBytes / sizeof(float), 2),
            nameof(Bandwidth1) => new(PeakBandwidthBenchmarks.Bytes, 1),
            nameof(Bandwidth2) => new(PeakBandwidthBenchmarks.Bytes, 2),
            _ => default,
        };
    }
}
