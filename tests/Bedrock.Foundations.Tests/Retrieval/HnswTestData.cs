using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>Seeded data for <see cref="HnswVectorIndex"/> tests: low-intrinsic-dimension corpora and index builders.</summary>
internal static class HnswTestData
{
    /// <summary>
    /// <paramref name="count"/> normalized vectors x = W·z + ε with z ~ N(0, I₃₂) (or <paramref name="intrinsic"/>),
    /// W a fixed Gaussian d × intrinsic matrix, ε ~ N(0, σ²I_d) small: the shape of real embedding sets.
    /// </summary>
    internal static float[][] LowIntrinsic(int seed, int count, int dimensions, int intrinsic = 32, double noise = 0.05)
    {
        var random = new Random(seed);
        float[] w = VectorTestData.Gaussian(new Random(7), dimensions * intrinsic);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            float[] z = VectorTestData.Gaussian(random, intrinsic);
            float[] e = VectorTestData.Gaussian(random, dimensions);
            var x = new float[dimensions];
            double norm = 0;
            for (int r = 0; r < dimensions; r++)
            {
                double sum = noise * e[r] * Math.Sqrt(intrinsic);
                for (int c = 0; c < intrinsic; c++)
                {
                    sum += w[(r * intrinsic) + c] * z[c];
                }

                x[r] = (float)sum;
                norm += sum * sum;
            }

            for (int r = 0; r < dimensions; r++)
            {
                x[r] = (float)(x[r] / Math.Sqrt(norm));
            }

            vectors[i] = x;
        }

        return vectors;
    }

    internal static string[] Ids(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "doc-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))];

    internal static HnswVectorIndex Build(int dimensions, VectorMetric metric, HnswOptions? options, string[] ids, float[][] vectors)
    {
        var index = new HnswVectorIndex(dimensions, metric, options);
        for (int i = 0; i < ids.Length; i++)
        {
            index.Upsert(ids[i], vectors[i]);
        }

        return index;
    }

    internal static byte[] Bytes(HnswVectorIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }
}
