using Bedrock.Foundations.Retrieval;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>FsCheck properties of <see cref="FlatVectorIndex"/> against a double-precision brute force, with a fixed replay seed.</summary>
[TestFixture]
public sealed class FlatVectorIndexPropertyTests
{
    private const string Replay = "20261125,7";

    private static Arbitrary<(int Seed, int Count, int Dimensions, int K, VectorMetric Metric)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from count in Gen.OneOf(Gen.Choose(0, 8), Gen.Choose(1, 300))
         from dimensions in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(10, 70))
         from k in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(1, count + 5))
         from metric in Gen.Elements(VectorMetric.Cosine, VectorMetric.DotProduct, VectorMetric.Euclidean)
         select (seed, count, dimensions, k, metric)).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property Search_EqualsTheBruteForceReference_AndIsSortedDescending() =>
        Prop.ForAll(Cases(), c =>
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(c.Seed, c.Count, c.Dimensions);
            FlatVectorIndex index = VectorTestData.Build(c.Dimensions, c.Metric, ids, vectors);
            float[] query = VectorTestData.Gaussian(new Random(c.Seed ^ 0x5bd1e995), c.Dimensions);
            IReadOnlyList<VectorMatch> actual = index.Search(query, c.K);
            string? difference = VectorTestData.Compare(actual, VectorTestData.Ranked(c.Metric, query, ids, vectors), c.K);
            return (difference is null && IsSortedDescending(actual)).Label($"{c}: {difference ?? "not sorted"}");
        });

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property FilteredSearch_ReturnsTheBestKAmongTheAllowedIds() =>
        Prop.ForAll(Cases(), Gen.Choose(2, 7).ToArbitrary(), (c, modulus) =>
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(c.Seed, c.Count, c.Dimensions);
            FlatVectorIndex index = VectorTestData.Build(c.Dimensions, c.Metric, ids, vectors);
            float[] query = VectorTestData.Gaussian(new Random(c.Seed ^ 0x2545f491), c.Dimensions);
            bool Allowed(string id) => int.Parse(id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture) % modulus == 0;
            IReadOnlyList<VectorMatch> actual = index.Search(query, c.K, Allowed);
            string? difference = VectorTestData.Compare(actual, VectorTestData.Ranked(c.Metric, query, ids, vectors, Allowed), c.K);
            return (difference is null && IsSortedDescending(actual)).Label($"{c}, mod {modulus}: {difference ?? "not sorted"}");
        });

    [FsCheck.NUnit.Property(MaxTest = 100, Replay = Replay)]
    public Property RemovesAndReplacements_MatchAnIndexBuiltFromTheFinalContents() =>
        Prop.ForAll(Cases(), c =>
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(c.Seed, c.Count, c.Dimensions);
            FlatVectorIndex index = VectorTestData.Build(c.Dimensions, c.Metric, ids, vectors);
            var random = new Random(c.Seed);
            var live = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < ids.Length; i++)
            {
                live[ids[i]] = vectors[i];
            }

            for (int i = 0; i < ids.Length; i++)
            {
                int action = random.Next(3);
                if (action == 0)
                {
                    bool removed = index.Remove(ids[i]);
                    if (!removed || index.Remove(ids[i]))
                    {
                        return false.Label($"{c}: remove {ids[i]}");
                    }

                    live.Remove(ids[i]);
                }
                else if (action == 1)
                {
                    float[] replacement = VectorTestData.Gaussian(random, c.Dimensions);
                    index.Upsert(ids[i], replacement);
                    live[ids[i]] = replacement;
                }
            }

            string[] finalIds = [.. live.Keys];
            float[][] finalVectors = [.. live.Values];
            float[] query = VectorTestData.Gaussian(random, c.Dimensions);
            IReadOnlyList<VectorMatch> actual = index.Search(query, c.K);
            string? difference = VectorTestData.Compare(actual, VectorTestData.Ranked(c.Metric, query, finalIds, finalVectors), c.K);
            return (index.Count == live.Count && difference is null).Label($"{c}: count {index.Count} vs {live.Count}, {difference}");
        });

    private static bool IsSortedDescending(IReadOnlyList<VectorMatch> matches)
    {
        for (int i = 1; i < matches.Count; i++)
        {
            if (matches[i].Score > matches[i - 1].Score
                || (matches[i].Score == matches[i - 1].Score && string.CompareOrdinal(matches[i].Id, matches[i - 1].Id) < 0))
            {
                return false;
            }
        }

        return true;
    }
}
