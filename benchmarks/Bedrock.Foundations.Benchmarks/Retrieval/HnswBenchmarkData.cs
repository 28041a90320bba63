using System.Numerics.Tensors;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>The two kinds of corpus the HNSW benchmarks search.</summary>
public enum HnswDataset
{
    /// <summary>x = W·z + ε, z ~ N(0, I₃₂), W a fixed Gaussian d × 32 matrix, ε small noise, normalized: the shape of real embedding sets.</summary>
    LowIntrinsic,

    /// <summary>
    /// Isotropic Gaussian clusters in all d dimensions (N / 100 centres ~ N(0, I), points = centre + N(0, I)), normalized.
    /// Meant as the hard case; with these parameters the clusters are well separated and HNSW finds them easily
    /// (recall@10 1.000 at efSearch 64, N = 100 000), so this generator does not reproduce the hard case yet.
    /// </summary>
    GaussianClusters,
}

/// <summary>Seeded corpora and queries for <c>HnswBenchmarks</c> (and the FAISS peer report), row-major in one array.</summary>
public static class HnswBenchmarkData
{
    /// <summary><paramref name="count"/> normalized d-dimensional rows of <paramref name="dataset"/>; the same seed gives the same rows.</summary>
    public static float[] Generate(HnswDataset dataset, int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var rows = new float[count * dimensions];
        if (dataset == HnswDataset.LowIntrinsic)
        {
            const int Intrinsic = 32;
            float[] w = Gaussian(new Random(7), dimensions * Intrinsic, 1.0);
            var z = new float[Intrinsic];
            for (int i = 0; i < count; i++)
            {
                Span<float> x = rows.AsSpan(i * dimensions, dimensions);
                Fill(random, z, 1.0);
                Fill(random, x, 0.05 * Math.Sqrt(Intrinsic)); // noise ≈ 5% of the signal per component
                for (int r = 0; r < dimensions; r++)
                {
                    x[r] += TensorPrimitives.Dot(w.AsSpan(r * Intrinsic, Intrinsic), z);
                }

                TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), x);
            }
        }
        else
        {
            int clusters = Math.Max(1, count / 100);
            float[] centres = Gaussian(new Random(11), clusters * dimensions, 1.0);
            for (int i = 0; i < count; i++)
            {
                Span<float> x = rows.AsSpan(i * dimensions, dimensions);
                Fill(random, x, 1.0);
                TensorPrimitives.Add(x, centres.AsSpan(random.Next(clusters) * dimensions, dimensions), x);
                TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), x);
            }
        }

        return rows;
    }

    private static float[] Gaussian(Random random, int length, double sigma)
    {
        var values = new float[length];
        Fill(random, values, sigma);
        return values;
    }

    private static void Fill(Random random, Span<float> values, double sigma)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            values[i] = (float)(sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }
}
