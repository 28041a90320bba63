using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bedrock.Foundations.Benchmarks.Retrieval;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// <c>--hnsw-report [N]</c>: HNSW build time, queries/s and recall@10 of <see cref="HnswVectorIndex"/> and FAISS's
/// <c>IndexHNSWFlat</c> (inner product; M = 32, efConstruction = 200 for both, and ours also at its defaults) on the same
/// vectors, at the same thread count, for efSearch ∈ {16, 32, 64, 128}. Recall is against exact search (FAISS
/// <c>IndexFlatIP</c>, checked equal to our <see cref="FlatVectorIndex"/>). Queries/s: 1 000 queries per pass, spread
/// over the threads (FAISS: one batched call; ours: one <see cref="HnswVectorIndex.Search(ReadOnlySpan{float}, int, int)"/>
/// per query on a parallel loop), median of <see cref="Passes"/> passes. A BenchmarkDotNet class would rebuild the
/// graphs for every parameter set — minutes each for FAISS — so this is a runner of our own, every ratio from one process.
/// </summary>
public static class HnswPeerReport
{
    /// <summary>Timed passes per row (the median is reported).</summary>
    public const int Passes = 5;

    private const int Dimensions = 384;
    private const int K = 10;
    private const int QueryCount = 1_000;
    private static readonly int[] EfSearches = [16, 32, 64, 128];

    /// <summary>Runs the report and returns its markdown.</summary>
    public static string Run(int n, IReadOnlyList<HnswDataset> datasets)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# HNSW: ours vs FAISS IndexHNSWFlat, d = {Dimensions}, N = {n:N0}, top-{K}, {QueryCount:N0} queries");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"FAISS 1.7.3 (Debian), BLAS: {FaissIndex.DescribeBlas()}; {Environment.ProcessorCount} cores; median of {Passes} passes.");
        report.AppendLine("Build: FAISS on all threads (OpenMP), ours on one writer thread; the threads column is the searches'.");
        foreach (HnswDataset dataset in datasets)
        {
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"## {dataset} (the data of HnswBenchmarks)");
            report.AppendLine();
            float[] rows = HnswBenchmarkData.Generate(dataset, n, Dimensions, seed: 1);
            float[] queries = HnswBenchmarkData.Generate(dataset, QueryCount, Dimensions, seed: 2);
            long[] truth = ExactTruth(rows, queries);
            report.AppendLine("| index | threads | build (s) | vectors/s built | efSearch | queries/s | recall@10 |");
            report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            int[] threadCounts = [.. new[] { 1, Environment.ProcessorCount }.Distinct()];
            RunFaiss(report, rows, queries, truth, threadCounts);
            RunOurs(report, "ours, M 32, efC 200", new HnswOptions { M = 32, EfConstruction = 200 }, rows, queries, truth, threadCounts);
            RunOurs(report, "ours, defaults", new HnswOptions(), rows, queries, truth, threadCounts);
        }

        return report.ToString();
    }

    private static long[] ExactTruth(float[] rows, float[] queries)
    {
        FaissIndex.SetThreads(Environment.ProcessorCount);
        using FaissIndex flat = FaissIndex.CreateFlatInnerProduct(Dimensions);
        flat.Add(rows);
        PeerChecks.Require(RetrievalPeerChecks.CheckSameTopK(RetrievalPeerData.FlatIndex(rows, Dimensions), flat, queries.AsSpan(0, 20 * Dimensions), K));
        var scores = new float[QueryCount * K];
        var labels = new long[QueryCount * K];
        flat.Search(queries, K, scores, labels);
        return labels;
    }

    // FAISS builds on all its OpenMP threads (a build takes minutes at N = 100 000): one build, searched at each count.
    private static void RunFaiss(StringBuilder report, float[] rows, float[] queries, long[] truth, int[] threadCounts)
    {
        FaissIndex.SetThreads(threadCounts.Max());
        using FaissIndex hnsw = FaissIndex.CreateHnswInnerProduct(Dimensions, m: 32, efConstruction: 200);
        var clock = Stopwatch.StartNew();
        hnsw.Add(rows);
        double build = clock.Elapsed.TotalSeconds;
        var scores = new float[QueryCount * K];
        var labels = new long[QueryCount * K];
        foreach ((int threads, int ef) in threadCounts.SelectMany(t => EfSearches.Select(ef => (t, ef))))
        {
            FaissIndex.SetThreads(threads);
            hnsw.SetEfSearch(ef);
            double seconds = Median(() => hnsw.Search(queries, K, scores, labels));
            double recall = RetrievalPeerChecks.Recall(labels, truth, K);
            Row(report, "FAISS IndexHNSWFlat, M 32, efC 200", threads, build, rows.Length / Dimensions, ef, seconds, recall);
        }
    }

    // Our index is built by one writer (inserts are serialized), so one build serves every thread count's searches.
    private static void RunOurs(StringBuilder report, string name, HnswOptions options, float[] rows, float[] queries, long[] truth, int[] threadCounts)
    {
        var index = new HnswVectorIndex(Dimensions, VectorMetric.Cosine, options);
        var clock = Stopwatch.StartNew();
        RetrievalPeerData.Fill(index, rows, Dimensions);
        double build = clock.Elapsed.TotalSeconds;
        var labels = new long[QueryCount * K];
        foreach ((int threads, int ef) in threadCounts.SelectMany(t => EfSearches.Select(ef => (t, ef))))
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            double seconds = Median(() => Parallel.For(0, QueryCount, parallel, q =>
            {
                IReadOnlyList<VectorMatch> found = index.Search(queries.AsSpan(q * Dimensions, Dimensions), K, ef);
                for (int r = 0; r < K; r++)
                {
                    labels[(q * K) + r] = r < found.Count ? long.Parse(found[r].Id, CultureInfo.InvariantCulture) : -1;
                }
            }));
            double recall = RetrievalPeerChecks.Recall(labels, truth, K);
            Row(report, name, threads, build, rows.Length / Dimensions, ef, seconds, recall);
        }
    }

    private static void Row(StringBuilder report, string name, int threads, double build, int n, int ef, double seconds, double recall) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {threads} | {build:F1} | {n / build:N0} | {ef} | {QueryCount / seconds:N0} | {recall:F3} |");

    private static double Median(Action pass)
    {
        pass(); // warm-up
        var times = new double[Passes];
        for (int i = 0; i < Passes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[Passes / 2];
    }
}
