using Bedrock.Foundations.Retrieval;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>FsCheck properties of <see cref="HnswVectorIndex"/> against <see cref="FlatVectorIndex"/> and a double-precision brute force.</summary>
[TestFixture]
public sealed class HnswVectorIndexPropertyTests
{
    private const string Replay = "20261125,11";

    /// <summary>
    /// Cases with the library's default efConstruction and M from 8 to 16 (the parameters the index is meant to run with);
    /// the metrics are cosine and Euclidean. HNSW does not guarantee that every node stays reachable on layer 0 (pruning
    /// a neighbour list can drop a node's last incoming link), so exactness at efSearch ≥ N is checked empirically here
    /// on a fixed replay seed; <see cref="Search_NoListEverOverflows_IsExactForEveryMetric"/> covers the case where it is guaranteed.
    /// </summary>
    private static Arbitrary<(int Seed, int Count, int Dimensions, int K, VectorMetric Metric, int M)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from count in Gen.OneOf(Gen.Choose(0, 8), Gen.Choose(1, 200))
         from dimensions in Gen.OneOf(Gen.Choose(2, 4), Gen.Choose(5, 40))
         from k in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(1, count + 5))
         from metric in Gen.Elements(VectorMetric.Cosine, VectorMetric.Euclidean)
         from m in Gen.Choose(8, 16)
         select (seed, count, dimensions, k, metric, m)).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property Search_WithEfSearchAtLeastN_EqualsTheExactSearch() =>
        Prop.ForAll(Cases(), c => ExactAtFullBeam(c.Seed, c.Count, c.Dimensions, c.K, c.Metric, new HnswOptions { M = c.M, Seed = c.Seed }));

    /// <summary>
    /// With N ≤ 2M + 1 no layer-0 list overflows, so no link is ever pruned: each node links to an earlier one and back,
    /// the graph is connected, and a beam of N visits every node — for every metric, dot product and one dimension included.
    /// </summary>
    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property Search_NoListEverOverflows_IsExactForEveryMetric() =>
        Prop.ForAll(
            (from seed in Gen.Choose(0, int.MaxValue)
             from m in Gen.Choose(2, 16)
             from count in Gen.Choose(0, (2 * m) + 1)
             from dimensions in Gen.Choose(1, 20)
             from k in Gen.Choose(1, count + 3)
             from metric in Gen.Elements(VectorMetric.Cosine, VectorMetric.DotProduct, VectorMetric.Euclidean)
             select (seed, m, count, dimensions, k, metric)).ToArbitrary(),
            c => ExactAtFullBeam(c.seed, c.count, c.dimensions, c.k, c.metric, new HnswOptions { M = c.m, EfConstruction = 1 + (c.seed % 10), Seed = c.seed }));

    [FsCheck.NUnit.Property(MaxTest = 100, Replay = Replay)]
    public Property FilteredSearch_WithEfSearchAtLeastN_ReturnsTheBestKAmongTheAllowedIds() =>
        Prop.ForAll(Cases(), Gen.Choose(2, 7).ToArbitrary(), (c, modulus) =>
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(c.Seed, c.Count, c.Dimensions);
            HnswVectorIndex hnsw = HnswTestData.Build(c.Dimensions, c.Metric, new HnswOptions { M = c.M, Seed = c.Seed }, ids, vectors);
            float[] query = VectorTestData.Gaussian(new Random(c.Seed ^ 0x2545f491), c.Dimensions);
            bool Allowed(string id) => int.Parse(id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture) % modulus == 0;
            IReadOnlyList<VectorMatch> actual = hnsw.Search(query, c.K, Allowed, Math.Max(1, c.Count));
            string? difference = VectorTestData.Compare(actual, VectorTestData.Ranked(c.Metric, query, ids, vectors, Allowed), c.K);
            return (difference is null).Label($"{c}, mod {modulus}: {difference}");
        });

    [FsCheck.NUnit.Property(MaxTest = 100, Replay = Replay)]
    public Property RemovesAndReplacements_WithEfSearchAtLeastN_MatchTheExactSearchOfTheFinalContents() =>
        Prop.ForAll(Cases(), c =>
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(c.Seed, c.Count, c.Dimensions);
            HnswVectorIndex hnsw = HnswTestData.Build(c.Dimensions, c.Metric, new HnswOptions { M = c.M, Seed = c.Seed }, ids, vectors);
            var random = new Random(c.Seed);
            var live = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < ids.Length; i++)
            {
                live[ids[i]] = vectors[i];
            }

            for (int i = 0; i < ids.Length; i++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        hnsw.Remove(ids[i]);
                        live.Remove(ids[i]);
                        break;
                    case 1:
                        float[] replacement = VectorTestData.Gaussian(random, c.Dimensions);
                        hnsw.Upsert(ids[i], replacement);
                        live[ids[i]] = replacement;
                        break;
                }
            }

            string[] liveIds = [.. live.Keys];
            float[][] liveVectors = [.. liveIds.Select(id => live[id])];
            float[] query = VectorTestData.Gaussian(new Random(c.Seed ^ 0x1234567), c.Dimensions);
            IReadOnlyList<VectorMatch> actual = hnsw.Search(query, c.K, Math.Max(1, 2 * c.Count));
            string? difference = VectorTestData.Compare(actual, VectorTestData.Ranked(c.Metric, query, liveIds, liveVectors), c.K);
            bool counts = hnsw.Count == live.Count && hnsw.TombstoneCount + hnsw.Count >= live.Count;
            return (difference is null && counts).Label($"{c}: {difference ?? "counts"}");
        });
    private static Property ExactAtFullBeam(int seed, int count, int dimensions, int k, VectorMetric metric, HnswOptions options)
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(seed, count, dimensions);
        HnswVectorIndex hnsw = HnswTestData.Build(dimensions, metric, options, ids, vectors);
        FlatVectorIndex flat = VectorTestData.Build(dimensions, metric, ids, vectors);
        float[] query = VectorTestData.Gaussian(new Random(seed ^ 0x5bd1e995), dimensions);
        IReadOnlyList<VectorMatch> actual = hnsw.Search(query, k, Math.Max(1, count));
        string? difference = VectorTestData.Compare(actual, VectorTestData.Ranked(metric, query, ids, vectors), k);
        bool equal = actual.SequenceEqual(flat.Search(query, k));
        return (difference is null && equal).Label($"({seed}, {count}, {dimensions}, {k}, {metric}, {options}): {difference ?? (equal ? "" : "differs from FlatVectorIndex")}");
    }
}
