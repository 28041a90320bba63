using System.Globalization;
using System.Numerics.Tensors;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// Embedding-like vectors for the flat-index benchmarks: x = W·z + noise, z ∈ R³² standard Gaussian, W a fixed
/// 384 × 32 Gaussian matrix, noise σ = 0.1, normalized (the shape real sentence-embedding sets have: low intrinsic
/// dimension). Generated straight into the indexes, one row buffer at a time, so that N = 1 000 000 (1.5 GB of float32)
/// is never held twice.
/// </summary>
public static class FlatBenchmarkData
{
    /// <summary>all-MiniLM-L6-v2's width.</summary>
    public const int Dimensions = 384;

    private const int Latent = 32;

    /// <summary>Stored-vector counts: 100 000 and 1 000 000; <c>BENCHMARK_CI=1</c> runs 10 000 only.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [10_000] : [100_000, 1_000_000];

    /// <summary>Fills <paramref name="indexes"/> with the same <paramref name="count"/> vectors (ids "000000", …).</summary>
    public static void Fill(int count, params FlatVectorIndex[] indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var generator = new Generator(seed: 20261125);
        var row = new float[Dimensions];
        for (int i = 0; i < count; i++)
        {
            generator.Next(row);
            string id = i.ToString("D7", CultureInfo.InvariantCulture);
            foreach (FlatVectorIndex index in indexes)
            {
                index.Upsert(id, row);
            }
        }
    }

    /// <summary><paramref name="count"/> queries from the same distribution (another seed), row-major.</summary>
    public static float[] Queries(int count)
    {
        var generator = new Generator(seed: 7);
        var queries = new float[count * Dimensions];
        for (int q = 0; q < count; q++)
        {
            generator.Next(queries.AsSpan(q * Dimensions, Dimensions));
        }

        return queries;
    }

    /// <summary>Recall@k of <paramref name="candidate"/> against <paramref name="exact"/> over <paramref name="queries"/>.</summary>
    public static double Recall(FlatVectorIndex exact, FlatVectorIndex candidate, float[] queries, int k)
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(queries);
        int hits = 0;
        int count = queries.Length / Dimensions;
        for (int q = 0; q < count; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
            var truth = exact.Search(query, k).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            hits += candidate.Search(query, k).Count(m => truth.Contains(m.Id));
        }

        return hits / (double)(count * k);
    }

    private sealed class Generator
    {
        private readonly Random _random;
        private readonly float[] _w;
        private readonly float[] _z = new float[Latent];

        public Generator(int seed)
        {
            var matrix = new Random(1234);
            _w = new float[Latent * Dimensions];
            Gaussian(matrix, _w);
            TensorPrimitives.Multiply(_w, 1f / MathF.Sqrt(Latent), _w);
            _random = new Random(seed);
        }

        /// <summary>x = Σⱼ zⱼ·W[j] + 0.1·e, normalized.</summary>
        public void Next(Span<float> x)
        {
            Gaussian(_random, x);
            TensorPrimitives.Multiply(x, 0.1f, x);
            Gaussian(_random, _z);
            for (int j = 0; j < Latent; j++)
            {
                TensorPrimitives.MultiplyAdd(_w.AsSpan(j * Dimensions, Dimensions), _z[j], x, x);
            }

            TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), x);
        }

        private static void Gaussian(Random random, Span<float> values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
            }
        }
    }
}
