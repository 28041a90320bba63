using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>Seeded random vectors and a double-precision brute-force reference search.</summary>
internal static class VectorTestData
{
    internal static float[] Gaussian(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return values;
    }

    internal static (string[] Ids, float[][] Vectors) Corpus(int seed, int count, int dimensions)
    {
        var random = new Random(seed);
        var ids = new string[count];
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            ids[i] = "doc-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            vectors[i] = Gaussian(random, dimensions);
        }

        return (ids, vectors);
    }

    /// <summary>
    /// Embedding-like data of low intrinsic dimension: x = W·z + noise with z ∈ R^<paramref name="latent"/> standard
    /// Gaussian, W a fixed d × latent Gaussian matrix scaled by 1/√latent, and isotropic noise of standard deviation
    /// <paramref name="noise"/> (relative to the unit-variance signal). Rows are returned flat, row-major.
    /// </summary>
    internal static float[] LowIntrinsic(int seed, int count, int dimensions, int latent = 32, double noise = 0.1, int matrixSeed = 7)
    {
        float[] w = Gaussian(new Random(matrixSeed), dimensions * latent);
        var random = new Random(seed);
        var rows = new float[count * dimensions];
        double scale = 1.0 / Math.Sqrt(latent);
        for (int row = 0; row < count; row++)
        {
            float[] z = Gaussian(random, latent);
            float[] e = Gaussian(random, dimensions);
            for (int i = 0; i < dimensions; i++)
            {
                double sum = 0;
                for (int j = 0; j < latent; j++)
                {
                    sum += w[(i * latent) + j] * z[j];
                }

                rows[(row * dimensions) + i] = (float)((sum * scale) + (noise * e[i]));
            }
        }

        return rows;
    }

    /// <summary>Ids "doc-00000", "doc-00001", … .</summary>
    internal static string[] Ids(int count)
    {
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = "doc-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        return ids;
    }

    internal static FlatVectorIndex Build(int dimensions, VectorMetric metric, string[] ids, float[][] vectors)
    {
        var index = new FlatVectorIndex(dimensions, metric);
        for (int i = 0; i < ids.Length; i++)
        {
            index.Upsert(ids[i], vectors[i]);
        }

        return index;
    }

    /// <summary>The score of x against q in double precision, and a tolerance for the single-precision score.</summary>
    internal static (double Score, double Tolerance) Reference(VectorMetric metric, float[] q, float[] x)
    {
        double dot = 0, abs = 0, qq = 0, xx = 0, dd = 0;
        for (int i = 0; i < q.Length; i++)
        {
            dot += (double)q[i] * x[i];
            abs += Math.Abs((double)q[i] * x[i]);
            qq += (double)q[i] * q[i];
            xx += (double)x[i] * x[i];
            double diff = (double)q[i] - x[i];
            dd += diff * diff;
        }

        return metric switch
        {
            VectorMetric.Cosine => (dot / Math.Sqrt(qq * xx), 2e-6 * (1 + (abs / Math.Sqrt(qq * xx)))),
            VectorMetric.DotProduct => (dot, 2e-6 * (1 + abs)),
            _ => (-Math.Sqrt(dd), 2e-6 * (1 + Math.Sqrt(qq + xx))),
        };
    }

    /// <summary>All allowed ids with their reference scores, best first (ties by ordinal id).</summary>
    internal static List<(string Id, double Score, double Tolerance)> Ranked(
        VectorMetric metric, float[] query, string[] ids, float[][] vectors, Func<string, bool>? filter = null)
    {
        var ranked = new List<(string Id, double Score, double Tolerance)>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (filter is null || filter(ids[i]))
            {
                (double score, double tolerance) = Reference(metric, query, vectors[i]);
                ranked.Add((ids[i], score, tolerance));
            }
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        return ranked;
    }

    /// <summary>
    /// Why <paramref name="actual"/> differs from the reference top-k, or null when it matches: same length, every score
    /// within tolerance of its reference, the same ids in the same order except where reference scores tie within tolerance.
    /// </summary>
    internal static string? Compare(IReadOnlyList<VectorMatch> actual, List<(string Id, double Score, double Tolerance)> ranked, int k)
    {
        int expectedCount = Math.Min(k, ranked.Count);
        if (actual.Count != expectedCount)
        {
            return $"count {actual.Count}, expected {expectedCount}";
        }

        var byId = new Dictionary<string, (double Score, double Tolerance)>(StringComparer.Ordinal);
        foreach (var r in ranked)
        {
            byId[r.Id] = (r.Score, r.Tolerance);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < actual.Count; i++)
        {
            VectorMatch match = actual[i];
            if (!seen.Add(match.Id))
            {
                return $"duplicate id {match.Id}";
            }

            if (!byId.TryGetValue(match.Id, out var own))
            {
                return $"id {match.Id} is not allowed";
            }

            if (Math.Abs(match.Score - own.Score) > own.Tolerance)
            {
                return $"{match.Id}: score {match.Score:R}, reference {own.Score:R}";
            }

            if (match.Id != ranked[i].Id && Math.Abs(own.Score - ranked[i].Score) > own.Tolerance + ranked[i].Tolerance)
            {
                return $"rank {i}: {match.Id} ({own.Score:R}), reference {ranked[i].Id} ({ranked[i].Score:R})";
            }
        }

        return null;
    }
}
