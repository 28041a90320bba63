using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>Recall@10 of <see cref="HnswVectorIndex"/> against <see cref="FlatVectorIndex"/> (exact) at d = 384.</summary>
[TestFixture]
public sealed class HnswRecallTests
{
    private const int Dimensions = 384;
    private const int Count = 5_000;
    private const int Queries = 100;
    private const int K = 10;

    private HnswVectorIndex _hnsw = null!;
    private FlatVectorIndex _flat = null!;
    private float[][] _queries = [];

    [OneTimeSetUp]
    public void Build()
    {
        float[][] vectors = HnswTestData.LowIntrinsic(1, Count, Dimensions);
        string[] ids = HnswTestData.Ids(Count);
        _hnsw = HnswTestData.Build(Dimensions, VectorMetric.Cosine, null, ids, vectors);
        _flat = VectorTestData.Build(Dimensions, VectorMetric.Cosine, ids, vectors);
        _queries = HnswTestData.LowIntrinsic(2, Queries, Dimensions);
    }

    [Test]
    public void Recall_AtTheDefaultEfSearch_IsAtLeast95Percent_OnLowIntrinsicDimensionData()
    {
        double recall = Recall(null);
        TestContext.Out.WriteLine($"recall@10 at the default efSearch {HnswOptions.DefaultEfSearch}: {recall:F4}");
        Assert.That(recall, Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public void Recall_IncreasesWithEfSearch()
    {
        int[] efs = [10, 16, 32, 64, 128, 256];
        double[] recalls = [.. efs.Select(ef => Recall(ef))];
        TestContext.Out.WriteLine(string.Join(", ", efs.Select((ef, i) => $"ef {ef}: {recalls[i]:F4}")));
        Assert.Multiple(() =>
        {
            for (int i = 1; i < recalls.Length; i++)
            {
                Assert.That(recalls[i], Is.GreaterThanOrEqualTo(recalls[i - 1] - 0.002), $"efSearch {efs[i]} vs {efs[i - 1]}");
            }

            Assert.That(recalls[^1], Is.GreaterThan(recalls[0]));
            Assert.That(recalls[^1], Is.GreaterThanOrEqualTo(0.99));
        });
    }

    [Test]
    public void Scores_AreTheExactScoresOfTheReturnedIds()
    {
        foreach (float[] query in _queries.Take(10))
        {
            IReadOnlyList<VectorMatch> exact = _flat.Search(query, Count);
            var scoreOf = exact.ToDictionary(m => m.Id, m => m.Score, StringComparer.Ordinal);
            foreach (VectorMatch match in _hnsw.Search(query, K))
            {
                Assert.That(match.Score, Is.EqualTo(scoreOf[match.Id]), match.Id);
            }
        }
    }

    private double Recall(int? efSearch)
    {
        int hits = 0;
        foreach (float[] query in _queries)
        {
            var truth = _flat.Search(query, K).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            IReadOnlyList<VectorMatch> found = efSearch is int ef ? _hnsw.Search(query, K, ef) : _hnsw.Search(query, K);
            hits += found.Count(m => truth.Contains(m.Id));
        }

        return hits / (double)(Queries * K);
    }
}
