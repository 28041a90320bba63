using System.Globalization;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>Vectors for the retrieval peer benchmarks, the same for FAISS and for ours.</summary>
public static class RetrievalPeerData
{
    /// <summary><paramref name="count"/> rows of isotropic Gaussian components, each row scaled to unit length.</summary>
    public static float[] NormalizedGaussian(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var rows = new float[(long)count * dimensions];
        for (int row = 0; row < count; row++)
        {
            Span<float> x = rows.AsSpan(row * dimensions, dimensions);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)Gaussian(random);
            }

            Normalize(x);
        }

        return rows;
    }

    /// <summary>The id row <paramref name="row"/> gets in our indexes (FAISS numbers rows 0, 1, … in order).</summary>
    public static string Id(long row) => row.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>A cosine <see cref="FlatVectorIndex"/> holding the rows under <see cref="Id"/>.</summary>
    public static FlatVectorIndex FlatIndex(float[] rows, int dimensions)
    {
        var index = new FlatVectorIndex(dimensions, VectorMetric.Cosine);
        Fill(index, rows, dimensions);
        return index;
    }

    /// <summary>Upserts every row under <see cref="Id"/>.</summary>
    public static void Fill(IVectorIndex index, float[] rows, int dimensions)
    {
        for (int row = 0; row < rows.Length / dimensions; row++)
        {
            index.Upsert(Id(row), rows.AsSpan(row * dimensions, dimensions));
        }
    }

    private static void Normalize(Span<float> x)
    {
        float norm = System.Numerics.Tensors.TensorPrimitives.Norm(x);
        System.Numerics.Tensors.TensorPrimitives.Divide(x, norm, x);
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
