using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// One top-10 cosine query over N normalized vectors of d = 384 (all-MiniLM-L6-v2's width): <see cref="FlatVectorIndex"/>
/// against a naive scalar loop that scores every row and sorts all N scores (the baseline), and a middle step that scores
/// with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> but still sorts everything.
/// N = 100 000 (147 MiB of vectors, far larger than L3); <c>BENCHMARK_CI=1</c> runs N = 10 000 only.
/// </summary>
[MemoryDiagnoser]
public class FlatSearchBenchmarks
{
    private const int Dimensions = 384;
    private const int K = 10;

    private FlatVectorIndex _index = null!;
    private float[] _rows = [];
    private float[] _query = [];

    /// <summary>The number of stored vectors.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [10_000] : [100_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);
        _rows = new float[N * Dimensions];
        _index = new FlatVectorIndex(Dimensions, VectorMetric.Cosine);
        for (int row = 0; row < N; row++)
        {
            Span<float> x = _rows.AsSpan(row * Dimensions, Dimensions);
            FillNormalized(random, x);
            _index.Upsert(row.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), x);
        }

        _query = new float[Dimensions];
        FillNormalized(random, _query);
    }

    [Benchmark(Baseline = true, Description = "naive: scalar loop + sort all")]
    public int NaiveLoopAndSort()
    {
        var scores = new float[N];
        var rows = new int[N];
        for (int row = 0; row < N; row++)
        {
            float dot = 0f;
            int offset = row * Dimensions;
            for (int i = 0; i < Dimensions; i++)
            {
                dot += _query[i] * _rows[offset + i];
            }

            scores[row] = -dot; // ascending sort of −score = descending score
            rows[row] = row;
        }

        Array.Sort(scores, rows);
        int checksum = 0;
        for (int i = 0; i < K; i++)
        {
            checksum += rows[i];
        }

        return checksum;
    }

    [Benchmark(Description = "TensorPrimitives.Dot + sort all")]
    public int DotAndSort()
    {
        var scores = new float[N];
        var rows = new int[N];
        for (int row = 0; row < N; row++)
        {
            scores[row] = -TensorPrimitives.Dot(_query, _rows.AsSpan(row * Dimensions, Dimensions));
            rows[row] = row;
        }

        Array.Sort(scores, rows);
        int checksum = 0;
        for (int i = 0; i < K; i++)
        {
            checksum += rows[i];
        }

        return checksum;
    }

    [Benchmark(Description = "FlatVectorIndex.Search")]
    public int FlatSearch() => _index.Search(_query, K).Count;

    private static void FillNormalized(Random random, Span<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((2 * random.NextDouble()) - 1);
        }

        TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), x);
    }
}
