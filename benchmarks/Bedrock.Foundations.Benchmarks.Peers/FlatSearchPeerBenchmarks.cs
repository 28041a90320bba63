using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Machine;
using Bedrock.Foundations.Benchmarks.Peers.Harness;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// Exact top-10 search over N normalized vectors of d = 384: FAISS's <c>IndexFlatIP</c> (Debian's libfaiss 1.7.3, the
/// baseline) against <see cref="FlatVectorIndex"/> (cosine; the vectors are normalized, so both rank by the same inner
/// product), on the same vectors, at the same thread count — one query, and a batch of 1 000 queries. GB/s = the
/// stored vectors' bytes scanned per query (N·d·4, times the batch) / time, against the machine's measured DRAM read
/// bandwidth. N = 1 000 000 (1.5 GB of float32, the size FAISS's figures in the issue are for); <c>BENCHMARK_CI=1</c>
/// runs N = 10 000 only.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[WorkloadColumns(WorkKind.BytesRead)]
public class FlatSearchPeerBenchmarks : IWorkloadBenchmark
{
    private const int Dimensions = 384;
    private const int K = 10;
    private const int BatchSize = 1_000;

    private FlatVectorIndex _ours = null!;
    private FaissIndex _faiss = null!;
    private float[] _query = [];
    private float[] _batch = [];
    private float[] _scores = [];
    private long[] _labels = [];

    /// <summary>The number of stored vectors.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [10_000] : [1_000_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        float[] rows = RetrievalPeerData.NormalizedGaussian(N, Dimensions, seed: 20261125);
        _ours = RetrievalPeerData.FlatIndex(rows, Dimensions);
        _ours.MaxDegreeOfParallelism = Threads;
        FaissIndex.SetThreads(Threads);
        _faiss = FaissIndex.CreateFlatInnerProduct(Dimensions);
        _faiss.Add(rows);
        _query = RetrievalPeerData.NormalizedGaussian(1, Dimensions, seed: 7);
        _batch = RetrievalPeerData.NormalizedGaussian(BatchSize, Dimensions, seed: 8);
        _scores = new float[BatchSize * K];
        _labels = new long[BatchSize * K];
        PeerChecks.Require(RetrievalPeerChecks.CheckSameTopK(_ours, _faiss, _batch.AsSpan(0, 20 * Dimensions), K));
        Console.WriteLine($"// FAISS threads {Threads}; BLAS: {FaissIndex.DescribeBlas()}");
    }

    [GlobalCleanup]
    public void Cleanup() => _faiss.Dispose();

    [Benchmark(Baseline = true, Description = "FAISS IndexFlatIP, 1 query")]
    public long FaissOne()
    {
        _faiss.Search(_query, K, _scores, _labels);
        return _labels[0];
    }

    [Benchmark(Description = "FlatVectorIndex, 1 query")]
    public int OursOne() => _ours.Search(_query, K)[0].Id.Length;

    [Benchmark(Description = "FAISS IndexFlatIP, 1 000 queries")]
    public long FaissBatch()
    {
        _faiss.Search(_batch, K, _scores, _labels);
        return _labels[^1];
    }

    [Benchmark(Description = "FlatVectorIndex.SearchBatch, 1 000 queries")]
    public int OursBatch() => _ours.SearchBatch(_batch, K)[^1][0].Id.Length;

    /// <inheritdoc />
    public Workload WorkOf(string benchmarkMethod)
    {
        long queries = benchmarkMethod.Contains("Batch", StringComparison.Ordinal) ? BatchSize : 1;
        return new Workload(queries * N * Dimensions * sizeof(float), Threads);
    }
}
