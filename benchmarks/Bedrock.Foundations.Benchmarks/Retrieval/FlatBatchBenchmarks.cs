using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Machine;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// A batch of 1 000 top-10 cosine queries over N = 100 000 embedding-like vectors of d = 384: a loop of single
/// <see cref="FlatVectorIndex.Search(ReadOnlySpan{float}, int)"/> calls (the baseline; each a parallel scan) against
/// <see cref="FlatVectorIndex.SearchBatch"/> (blocked matrix products), both on two threads. The GFLOP/s column counts
/// 2·Q·N·d floating-point operations per invocation; "% FMA peak" divides by the FP32 FMA peak on two threads.
/// <c>BENCHMARK_CI=1</c> runs 100 queries over N = 10 000.
/// </summary>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.FloatingPointOperations)]
public class FlatBatchBenchmarks : IWorkloadBenchmark
{
    private const int K = 10;
    private const int Threads = 2;

    private FlatVectorIndex _index = null!;
    private float[] _queries = [];

    /// <summary>Stored vectors.</summary>
    public static IEnumerable<int> Sizes => Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [10_000] : [100_000];

    /// <summary>Queries per batch.</summary>
    public static IEnumerable<int> BatchSizes => Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [100] : [1_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [ParamsSource(nameof(BatchSizes))]
    public int Q { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = new FlatVectorIndex(FlatBenchmarkData.Dimensions, VectorMetric.Cosine) { MaxDegreeOfParallelism = Threads };
        FlatBenchmarkData.Fill(N, _index);
        _queries = FlatBenchmarkData.Queries(Q);
    }

    [Benchmark(Baseline = true, Description = "loop of Search")]
    public int SearchLoop()
    {
        int total = 0;
        int d = FlatBenchmarkData.Dimensions;
        for (int q = 0; q < Q; q++)
        {
            total += _index.Search(_queries.AsSpan(q * d, d), K).Count;
        }

        return total;
    }

    [Benchmark(Description = "SearchBatch (blocked products)")]
    public int Batch() => _index.SearchBatch(_queries, K).Count;

    public Workload WorkOf(string benchmarkMethod) => new(2.0 * Q * N * FlatBenchmarkData.Dimensions, Threads);
}
