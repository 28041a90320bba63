using Bedrock.Foundations.Retrieval;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>
/// FsCheck properties of <see cref="KeywordIndex"/>: search equals a brute-force BM25 computed in double precision from
/// the formula, and any sequence of upserts, replacements and removals equals an index built fresh from the final contents.
/// </summary>
[TestFixture]
public sealed class KeywordIndexPropertyTests
{
    private const string Replay = "20261125,7";
    private static readonly string[] Vocabulary = ["alpha", "beta", "gamma", "delta", "Epsilon", "zeta", "eta", "the", "of", "日", "本", "naïve", "x1", "42"];

    private static Arbitrary<(int Seed, int Count, int K, double K1, double B, bool StopWords)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from count in Gen.OneOf(Gen.Choose(0, 6), Gen.Choose(1, 120))
         from k in Gen.OneOf(Gen.Choose(1, 5), Gen.Choose(1, count + 3))
         from k1 in Gen.Elements(1.2, 0.0, 0.5, 2.0)
         from b in Gen.Elements(0.75, 0.0, 1.0, 0.3)
         from stopWords in Gen.Elements(false, true)
         select (seed, count, k, k1, b, stopWords)).ToArbitrary();

    private static string Text(Random random, int maxWords)
    {
        int words = random.Next(0, maxWords + 1);
        return string.Join(random.Next(2) == 0 ? " " : ", ", Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
    }

    /// <summary>BM25 of every document from the formula, in double, best first (ties by ordinal id); only documents holding a query term.</summary>
    internal static List<(string Id, double Score, double Tolerance)> Reference(KeywordIndex index, IReadOnlyDictionary<string, string> documents, string query, Func<string, bool>? filter = null)
    {
        var analyzed = documents.ToDictionary(d => d.Key, d => index.Analyze(d.Value), StringComparer.Ordinal);
        double n = analyzed.Count;
        double averageLength = analyzed.Values.Sum(t => t.Count) / n;
        var ranked = new List<(string Id, double Score, double Tolerance)>();
        foreach ((string id, IReadOnlyList<string> terms) in analyzed)
        {
            double score = 0;
            bool matched = false;
            foreach (string q in index.Analyze(query))
            {
                int f = terms.Count(t => t == q);
                if (f == 0)
                {
                    continue;
                }

                matched = true;
                int containing = analyzed.Values.Count(d => d.Contains(q));
                double idf = Math.Log(1 + ((n - containing + 0.5) / (containing + 0.5)));
                score += idf * f * (index.K1 + 1) / (f + (index.K1 * (1 - index.B + (index.B * terms.Count / averageLength))));
            }

            if (matched && (filter is null || filter(id)))
            {
                ranked.Add((id, score, 1e-6 * (1 + score)));
            }
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        return ranked;
    }

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property Search_EqualsTheBruteForceReference() =>
        Prop.ForAll(Cases(), c =>
        {
            var random = new Random(c.Seed);
            var index = new KeywordIndex(new KeywordIndexOptions { K1 = c.K1, B = c.B, RemoveEnglishStopWords = c.StopWords });
            var documents = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < c.Count; i++)
            {
                string id = "doc" + random.Next(c.Count * 2);
                string text = Text(random, 12);
                index.Upsert(id, text);
                documents[id] = text;
            }

            string query = Text(random, 4) + " alpha";
            string? difference = VectorTestData.Compare(index.Search(query, c.K), Reference(index, documents, query), c.K);
            bool Even(string id) => id.Length % 2 == 0;
            string? filtered = VectorTestData.Compare(index.Search(query, c.K, Even), Reference(index, documents, query, Even), c.K);
            return (difference is null && filtered is null).Label($"{c} '{query}': {difference ?? filtered}");
        });

    [FsCheck.NUnit.Property(MaxTest = 100, Replay = Replay)]
    public Property UpsertsReplacementsAndRemovals_EqualAFreshBuild() =>
        Prop.ForAll(Cases(), c =>
        {
            var random = new Random(c.Seed);
            var options = new KeywordIndexOptions { K1 = c.K1, B = c.B, RemoveEnglishStopWords = c.StopWords };
            var index = new KeywordIndex(options);
            var live = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int step = 0; step < c.Count * 3; step++)
            {
                string id = "doc" + random.Next(Math.Max(1, c.Count));
                if (random.Next(3) == 0)
                {
                    bool removed = index.Remove(id);
                    if (removed != live.Remove(id))
                    {
                        return false.Label($"{c}: remove {id} said {removed}");
                    }
                }
                else
                {
                    string text = Text(random, 10);
                    index.Upsert(id, text);
                    live[id] = text;
                }
            }

            var fresh = new KeywordIndex(options);
            foreach ((string id, string text) in live.OrderBy(_ => random.Next()))
            {
                fresh.Upsert(id, text);
            }

            if (index.Count != live.Count || live.Keys.Any(id => !index.Contains(id)))
            {
                return false.Label($"{c}: count {index.Count}, expected {live.Count}");
            }

            foreach (string query in new[] { "alpha", "beta gamma the", "日 本 naïve", "zeta zeta x1 42 of" })
            {
                IReadOnlyList<VectorMatch> actual = index.Search(query, c.K + 2);
                IReadOnlyList<VectorMatch> expected = fresh.Search(query, c.K + 2);
                if (!actual.SequenceEqual(expected))
                {
                    return false.Label($"{c} '{query}': [{string.Join(", ", actual)}] vs fresh [{string.Join(", ", expected)}]");
                }
            }

            return true.ToProperty();
        });
}
