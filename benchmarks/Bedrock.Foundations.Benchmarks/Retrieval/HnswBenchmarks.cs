using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// <see cref="HnswVectorIndex"/> (default options: M 16, efConstruction 200) against <see cref="FlatVectorIndex"/>'s exact
/// search in the same run: 100 top-10 cosine queries per invocation over N = 100 000 normalized vectors of d = 384, for
/// efSearch ∈ {16, 32, 64, 128}, on low-intrinsic-dimension data and on isotropic Gaussian clusters.
/// The "Recall@10" column is measured against the exact search over the same 100 queries; the "Build s" column is the
/// wall time of inserting all N vectors one by one (one writer). Each built index is cached in the temporary folder
/// (saved with <see cref="HnswVectorIndex.SaveToFileAsync"/>), so the benchmark processes after the first load it.
/// <c>BENCHMARK_CI=1</c> runs N = 5 000 only.
/// </summary>
[Config(typeof(ColumnsConfig))]
public class HnswBenchmarks
{
    /// <summary>Queries per invocation.</summary>
    public const int Queries = 100;

    /// <summary>The vector width (all-MiniLM-L6-v2's).</summary>
    public const int Dimensions = 384;
    private const int K = 10;

    private HnswVectorIndex _hnsw = null!;
    private FlatVectorIndex _flat = null!;
    private float[] _queries = [];

    /// <summary>The number of stored vectors.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [5_000] : [100_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [Params(HnswDataset.LowIntrinsic, HnswDataset.GaussianClusters)]
    public HnswDataset Data { get; set; }

    [Params(16, 32, 64, 128)]
    public int EfSearch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        float[] rows = HnswBenchmarkData.Generate(Data, N, Dimensions, seed: 1);
        _queries = HnswBenchmarkData.Generate(Data, Queries, Dimensions, seed: 2);
        _flat = new FlatVectorIndex(Dimensions);
        for (int i = 0; i < N; i++)
        {
            _flat.Upsert(Id(i), rows.AsSpan(i * Dimensions, Dimensions));
        }

        _hnsw = BuildOrLoad(Data, N, rows);
        File.WriteAllText(CachePath(N, Data) + ".recall" + EfSearch.ToString(CultureInfo.InvariantCulture), Recall().ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The HNSW index (default options) over <paramref name="rows"/>: loaded from the temporary folder when an earlier
    /// process built it, else built one insert at a time (the wall time is written next to the file) and saved there.
    /// </summary>
    public static HnswVectorIndex BuildOrLoad(HnswDataset data, int n, float[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string cache = CachePath(n, data);
        if (File.Exists(cache) && File.Exists(cache + ".build"))
        {
            return HnswVectorIndex.LoadFromFileAsync(cache).GetAwaiter().GetResult();
        }

        var stopwatch = Stopwatch.StartNew();
        var index = new HnswVectorIndex(Dimensions);
        for (int i = 0; i < n; i++)
        {
            index.Upsert(Id(i), rows.AsSpan(i * Dimensions, Dimensions));
        }

        double seconds = stopwatch.Elapsed.TotalSeconds;
        index.SaveToFileAsync(cache).GetAwaiter().GetResult();
        File.WriteAllText(cache + ".build", seconds.ToString("R", CultureInfo.InvariantCulture));
        return index;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Queries, Description = "FlatVectorIndex (exact)")]
    public int Flat()
    {
        int found = 0;
        for (int q = 0; q < Queries; q++)
        {
            found += _flat.Search(_queries.AsSpan(q * Dimensions, Dimensions), K).Count;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Queries, Description = "HnswVectorIndex")]
    public int Hnsw()
    {
        int found = 0;
        for (int q = 0; q < Queries; q++)
        {
            found += _hnsw.Search(_queries.AsSpan(q * Dimensions, Dimensions), K, EfSearch).Count;
        }

        return found;
    }

    private static string Id(int i) => i.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The cached index's file: the build depends on the data, N, M, efConstruction and the seed (not on efSearch).</summary>
    private static string CachePath(int n, HnswDataset data)
    {
        var o = new HnswOptions();
        return Path.Combine(
            Path.GetTempPath(),
            string.Create(CultureInfo.InvariantCulture, $"bf-hnsw-bench-v{HnswVectorIndex.FormatVersion}-{data}-{n}-d{Dimensions}-m{o.M}-efc{o.EfConstruction}-s{o.Seed}.bin"));
    }

    /// <summary>Recall@10 of the HNSW search at the current efSearch against the exact search, over the benchmark's queries.</summary>
    private double Recall()
    {
        int hits = 0;
        for (int q = 0; q < Queries; q++)
        {
            ReadOnlySpan<float> query = _queries.AsSpan(q * Dimensions, Dimensions);
            var truth = new HashSet<string>(StringComparer.Ordinal);
            foreach (VectorMatch match in _flat.Search(query, K))
            {
                truth.Add(match.Id);
            }

            foreach (VectorMatch match in _hnsw.Search(query, K, EfSearch))
            {
                hits += truth.Contains(match.Id) ? 1 : 0;
            }
        }

        return hits / (double)(Queries * K);
    }

    /// <summary>Adds the measured recall and build time (written by the benchmark process next to the cached index).</summary>
    private sealed class ColumnsConfig : ManualConfig
    {
        public ColumnsConfig()
        {
            AddColumn(new FileColumn("Recall@10", ".recall", perEfSearch: true, "recall@10 of this efSearch against the exact search (FlatVectorIndex rows: of the HNSW row beside it)"));
            AddColumn(new FileColumn("Build s", ".build", perEfSearch: false, "seconds to insert all N vectors into the HNSW index (one writer)"));
        }
    }

    /// <summary>A column whose value the benchmark process wrote to a file next to the cached index.</summary>
    private sealed class FileColumn(string name, string suffix, bool perEfSearch, string legend) : IColumn
    {
        public string Id => "Hnsw." + name;

        public string ColumnName => name;

        public string Legend => legend;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            int n = (int)benchmarkCase.Parameters[nameof(N)]!;
            var data = (HnswDataset)benchmarkCase.Parameters[nameof(Data)]!;
            int ef = (int)benchmarkCase.Parameters[nameof(EfSearch)]!;
            string path = CachePath(n, data) + suffix + (perEfSearch ? ef.ToString(CultureInfo.InvariantCulture) : "");
            if (!File.Exists(path))
            {
                return "-";
            }

            double value = double.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture);
            return value.ToString(perEfSearch ? "F3" : "F1", CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
