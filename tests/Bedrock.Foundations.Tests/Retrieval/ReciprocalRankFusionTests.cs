using Bedrock.Foundations.Retrieval;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class ReciprocalRankFusionTests
{
    private const string Replay = "20261125,7";

    private static VectorMatch[] Ranking(params string[] ids) => ids.Select((id, i) => new VectorMatch(id, 100f - i)).ToArray();

    [Test]
    public void Fuse_TwoRankings_GivesTheHandComputedScores()
    {
        // a: 1/61; b: 1/62 + 1/61; c: 1/63 + 1/62; d: 1/63.
        IReadOnlyList<VectorMatch> fused = ReciprocalRankFusion.Fuse([Ranking("a", "b", "c"), Ranking("b", "c", "d")], 10);
        Assert.That(fused.Select(m => m.Id), Is.EqualTo(new[] { "b", "c", "a", "d" }));
        Assert.That(fused.Select(m => (double)m.Score), Is.EqualTo(new[] { (1d / 62) + (1d / 61), (1d / 63) + (1d / 62), 1d / 61, 1d / 63 }).Within(1e-7));
        Assert.That(ReciprocalRankFusion.DefaultRrfK, Is.EqualTo(60));
    }

    [Test]
    public void Fuse_RrfKAndK_AreHonoured()
    {
        IReadOnlyList<VectorMatch> fused = ReciprocalRankFusion.Fuse([Ranking("a", "b", "c"), Ranking("c", "b", "a")], 2, rrfK: 0);

        // rrfK 0: a = 1 + 1/3, b = 1/2 + 1/2, c = 1/3 + 1; a and c tie at 4/3 and go by id.
        Assert.That(fused.Select(m => m.Id), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(fused[0].Score, Is.EqualTo(4f / 3).Within(1e-6));
    }

    [Test]
    public void Fuse_ADuplicateIdInOneRanking_CountsOnceAtItsBestRank()
    {
        IReadOnlyList<VectorMatch> fused = ReciprocalRankFusion.Fuse([Ranking("a", "b", "a", "a")], 10);
        Assert.That(fused.Select(m => m.Id), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(fused[0].Score, Is.EqualTo(1f / 61).Within(1e-9));
    }

    [Test]
    public void Fuse_TiesAreOrderedByOrdinalId_AndEmptyInputsFuseToNothing()
    {
        Assert.That(ReciprocalRankFusion.Fuse([Ranking("b"), Ranking("a"), Ranking("B")], 10).Select(m => m.Id), Is.EqualTo(new[] { "B", "a", "b" }));
        Assert.That(ReciprocalRankFusion.Fuse([], 3), Is.Empty);
        Assert.That(ReciprocalRankFusion.Fuse([[], []], 3), Is.Empty);
    }

    [Test]
    public void FuseWeighted_MultipliesEachRankingsContribution_AndWeightZeroIgnoresARanking()
    {
        IReadOnlyList<VectorMatch> fused = ReciprocalRankFusion.FuseWeighted([Ranking("a", "b"), Ranking("b", "c")], [2.0, 0.5], 10);
        Assert.That(fused.Select(m => m.Id), Is.EqualTo(new[] { "b", "a", "c" }));
        Assert.That(fused.Select(m => (double)m.Score), Is.EqualTo(new[] { (2d / 62) + (0.5 / 61), 2d / 61, 0.5 / 62 }).Within(1e-7));

        IReadOnlyList<VectorMatch> ignored = ReciprocalRankFusion.FuseWeighted([Ranking("a", "b"), Ranking("c")], [1.0, 0.0], 10);
        Assert.That(ignored.Select(m => m.Id), Is.EqualTo(new[] { "a", "b" }));

        IReadOnlyList<IReadOnlyList<VectorMatch>> rankings = [Ranking("x", "y"), Ranking("y", "z")];
        Assert.That(ReciprocalRankFusion.FuseWeighted(rankings, [1.0, 1.0], 5, 60), Is.EqualTo(ReciprocalRankFusion.Fuse(rankings, 5)));
    }

    [Test]
    public void BadInput_ThrowsNamingTheParameter()
    {
        IReadOnlyList<IReadOnlyList<VectorMatch>> good = [Ranking("a")];
        Assert.That(() => ReciprocalRankFusion.Fuse(null!, 3), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("rankings"));
        Assert.That(
            () => ReciprocalRankFusion.Fuse([Ranking("a"), null!], 3),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("rankings").And.Message.StartsWith("rankings[1] is null; pass an empty list"));
        Assert.That(
            () => ReciprocalRankFusion.Fuse([[new VectorMatch("a", 1), default]], 3),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("rankings").And.Message.StartsWith("rankings[0][1] has a null id."));
        Assert.That(() => ReciprocalRankFusion.Fuse(good, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("k"));
        Assert.That(() => ReciprocalRankFusion.Fuse(good, 1, -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("rrfK"));
        Assert.That(() => ReciprocalRankFusion.FuseWeighted(good, null!, 1), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("weights"));
        Assert.That(
            () => ReciprocalRankFusion.FuseWeighted(good, [1.0, 2.0], 1),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("weights").And.Message.StartsWith("There are 2 weights for 1 rankings"));
        foreach (double weight in new[] { -1.0, double.NaN, double.PositiveInfinity })
        {
            Assert.That(
                () => ReciprocalRankFusion.FuseWeighted(good, [weight], 1),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("weights").And.Message.Contains("must be finite and not negative"));
        }
    }

    private static Arbitrary<(int Seed, int Rankings, int K, int RrfK)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from rankings in Gen.Choose(1, 6)
         from k in Gen.Choose(1, 30)
         from rrfK in Gen.Elements(60, 0, 1, 10)
         select (seed, rankings, k, rrfK)).ToArbitrary();

    private static List<IReadOnlyList<VectorMatch>> RandomRankings(Random random, int count)
    {
        var rankings = new List<IReadOnlyList<VectorMatch>>();
        for (int r = 0; r < count; r++)
        {
            int length = random.Next(0, 25);
            rankings.Add(Ranking([.. Enumerable.Range(0, length).Select(_ => "d" + random.Next(30))]));
        }

        return rankings;
    }

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property Fuse_EqualsTheFormula_AndDoesNotDependOnTheOrderOfTheRankings() =>
        Prop.ForAll(Cases(), c =>
        {
            var random = new Random(c.Seed);
            List<IReadOnlyList<VectorMatch>> rankings = RandomRankings(random, c.Rankings);
            IReadOnlyList<VectorMatch> fused = ReciprocalRankFusion.Fuse(rankings, c.K, c.RrfK);

            var reference = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (IReadOnlyList<VectorMatch> ranking in rankings)
            {
                for (int i = 0; i < ranking.Count; i++)
                {
                    int best = ranking.Select(m => m.Id).ToList().IndexOf(ranking[i].Id);
                    if (best == i)
                    {
                        reference[ranking[i].Id] = reference.GetValueOrDefault(ranking[i].Id) + (1d / (c.RrfK + i + 1));
                    }
                }
            }

            var ranked = reference.Select(p => (p.Key, p.Value, 1e-6 * p.Value)).ToList();
            ranked.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
            string? difference = VectorTestData.Compare(fused, ranked, c.K);

            List<IReadOnlyList<VectorMatch>> shuffled = [.. rankings.OrderBy(_ => random.Next())];
            bool invariant = fused.SequenceEqual(ReciprocalRankFusion.Fuse(shuffled, c.K, c.RrfK));
            return (difference is null && invariant).Label($"{c}: {difference ?? "order of rankings changed the result"}");
        });

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property Fuse_ADocumentFirstInEveryRanking_IsFirst() =>
        Prop.ForAll(Cases(), c =>
        {
            var random = new Random(c.Seed);
            List<IReadOnlyList<VectorMatch>> rankings = RandomRankings(random, c.Rankings)
                .Select(r => (IReadOnlyList<VectorMatch>)[new VectorMatch("winner", 1f), .. r])
                .ToList();
            return ReciprocalRankFusion.Fuse(rankings, c.K, c.RrfK)[0].Id == "winner";
        });
}
