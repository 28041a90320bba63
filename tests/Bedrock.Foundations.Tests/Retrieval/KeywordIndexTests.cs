using System.Globalization;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class KeywordIndexTests
{
    private static KeywordIndex ThreeDocuments()
    {
        var index = new KeywordIndex();
        index.Upsert("d1", "The cat sat.");
        index.Upsert("d2", "the dog sat on the mat");
        index.Upsert("d3", "Cats and dogs!");
        return index;
    }

    [Test]
    public void Options_Defaults_AreK1Of1Point2BOf0Point75AndNoStopWords()
    {
        var options = new KeywordIndexOptions();
        var index = new KeywordIndex();
        Assert.Multiple(() =>
        {
            Assert.That(options.K1, Is.EqualTo(KeywordIndexOptions.DefaultK1).And.EqualTo(1.2));
            Assert.That(options.B, Is.EqualTo(KeywordIndexOptions.DefaultB).And.EqualTo(0.75));
            Assert.That(options.RemoveEnglishStopWords, Is.False);
            Assert.That(index.K1, Is.EqualTo(1.2));
            Assert.That(index.B, Is.EqualTo(0.75));
            Assert.That(index.Count, Is.Zero);
            Assert.That(index.Analyze("the"), Is.EqualTo(new[] { "the" }));
        });
    }

    [TestCase(-0.1, 0.75, "KeywordIndexOptions.K1 must be finite and not negative; it is -0.1.")]
    [TestCase(double.NaN, 0.75, "KeywordIndexOptions.K1 must be finite and not negative; it is NaN.")]
    [TestCase(double.PositiveInfinity, 0.75, "KeywordIndexOptions.K1 must be finite and not negative; it is Infinity.")]
    [TestCase(1.2, -0.01, "KeywordIndexOptions.B must be in [0, 1]; it is -0.01.")]
    [TestCase(1.2, 1.5, "KeywordIndexOptions.B must be in [0, 1]; it is 1.5.")]
    [TestCase(1.2, double.NaN, "KeywordIndexOptions.B must be in [0, 1]; it is NaN.")]
    public void Constructor_BadOptions_ThrowNamingTheOptionAndValue(double k1, double b, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new KeywordIndex(new KeywordIndexOptions { K1 = k1, B = b }));
        Assert.That(e!.ParamName, Is.EqualTo("options"));
        Assert.That(e.Message, Does.StartWith(message));
    }

    [Test]
    public void Constructor_NullOptions_Throws() =>
        Assert.That(() => new KeywordIndex(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("options"));

    [Test]
    public void Search_ThreeDocuments_GivesTheHandComputedScores()
    {
        // N = 3, avgdl = (3 + 6 + 3) / 3 = 4. IDF(cat) = ln(1 + (3 − 1 + 0.5) / (1 + 0.5)) = ln(8/3);
        // d1: f = 1, |D| = 3: ln(8/3) · 2.2 / (1 + 1.2 · (0.25 + 0.75 · 3/4)) = 1.0925692944940748.
        KeywordIndex index = ThreeDocuments();
        IReadOnlyList<VectorMatch> cat = index.Search("cat", 10);
        Assert.That(cat, Has.Count.EqualTo(1));
        Assert.That(cat[0].Id, Is.EqualTo("d1"));
        Assert.That(cat[0].Score, Is.EqualTo(1.0925692944940748).Within(1e-6));

        // IDF(the) = IDF(sat) = ln(1 + 1.5 / 2.5) = ln 1.6. d1: 2 · ln 1.6 · 2.2 / 1.975 = 1.047096693003158;
        // d2 (|D| = 6, f(the) = 2): ln 1.6 · (2 · 2.2 / (2 + 1.65) + 2.2 / (1 + 1.65)) = 0.9567714096509212. d3 holds neither.
        IReadOnlyList<VectorMatch> theSat = index.Search("THE, sat?", 10);
        Assert.That(theSat.Select(m => m.Id), Is.EqualTo(new[] { "d1", "d2" }));
        Assert.That(theSat[0].Score, Is.EqualTo(1.047096693003158).Within(1e-6));
        Assert.That(theSat[1].Score, Is.EqualTo(0.9567714096509212).Within(1e-6));
    }

    [Test]
    public void Search_IdfIsLucenes_PositiveEvenForATermInEveryDocument()
    {
        var index = new KeywordIndex();
        index.Upsert("a", "common rare");
        index.Upsert("b", "common");
        index.Upsert("c", "common");
        IReadOnlyList<VectorMatch> matches = index.Search("common", 5);
        Assert.That(matches, Has.Count.EqualTo(3));
        double idf = Math.Log(1 + (0.5 / 3.5));
        Assert.That(matches.All(m => m.Score > 0), Is.True);

        // |D| = 2 for a (avgdl 4/3), 1 for b and c: the shorter documents rank first, ties by id.
        Assert.That(matches.Select(m => m.Id), Is.EqualTo(new[] { "b", "c", "a" }));
        Assert.That(matches[1].Score, Is.EqualTo(idf * 2.2 / (1 + (1.2 * (0.25 + (0.75 * 1 / (4.0 / 3)))))).Within(1e-6));
    }

    [Test]
    public void Search_EqualScores_AreOrderedByOrdinalId()
    {
        var index = new KeywordIndex();
        foreach (string id in new[] { "b", "a", "C", "ä" })
        {
            index.Upsert(id, "same words here");
        }

        Assert.That(index.Search("words", 10).Select(m => m.Id), Is.EqualTo(new[] { "C", "a", "b", "ä" }));
        Assert.That(index.Search("words", 2).Select(m => m.Id), Is.EqualTo(new[] { "C", "a" }));
    }

    [Test]
    public void Search_RepeatedQueryTerm_CountsOncePerOccurrence()
    {
        KeywordIndex index = ThreeDocuments();
        float once = index.Search("cat", 1)[0].Score;
        float twice = index.Search("cat cat", 1)[0].Score;
        Assert.That(twice, Is.EqualTo(2 * once).Within(1e-6));
    }

    [Test]
    public void Search_UnknownTermsOrEmptyIndex_FindNothing()
    {
        Assert.That(ThreeDocuments().Search("zebra", 3), Is.Empty);
        Assert.That(new KeywordIndex().Search("cat", 3), Is.Empty);
    }

    [Test]
    public void Search_Filter_ReturnsTheBestAllowedDocuments()
    {
        KeywordIndex index = ThreeDocuments();
        // Unfiltered: d3 (dogs, rare) 1.0926 > d1 (the, sat) 1.0471 > d2 (the ×2, sat) 0.9568.
        Assert.That(index.Search("the sat dogs", 3).Select(m => m.Id), Is.EqualTo(new[] { "d3", "d1", "d2" }));
        IReadOnlyList<VectorMatch> matches = index.Search("the sat dogs", 2, id => id != "d3");
        Assert.That(matches.Select(m => m.Id), Is.EqualTo(new[] { "d1", "d2" }));
        Assert.That(index.Search("the sat dogs", 10, _ => false), Is.Empty);
    }

    [Test]
    public void Analyzer_LowerCasesFoldsFullWidthAsciiAndSplitsCjk()
    {
        var index = new KeywordIndex();
        Assert.Multiple(() =>
        {
            Assert.That(index.Analyze("Café CAFÉ cafe\u0301 ＡＢＣ１２"), Is.EqualTo(new[] { "café", "café", "cafe\u0301", "abc12" }));
            Assert.That(index.Analyze("don't stop-words 3.14 e-mail_x"), Is.EqualTo(new[] { "don", "t", "stop", "words", "3", "14", "e", "mail", "x" }));
            Assert.That(index.Analyze("日本語のテキスト"), Is.EqualTo(new[] { "日", "本", "語", "の", "テ", "キ", "ス", "ト" }));
            Assert.That(index.Analyze("ΣΊΣΥΦΟΣ STRAẞE Дом 𝐀𝐁"), Is.EqualTo(new[] { "σίσυφοσ", "straße", "дом", "𝐀𝐁" }), "simple case mapping, no compatibility folding");
            Assert.That(index.Analyze(" ,.;!? "), Is.Empty);
        });
    }

    [Test]
    public void Analyzer_StopWords_AreRemovedOnlyWhenAsked()
    {
        var index = new KeywordIndex(new KeywordIndexOptions { RemoveEnglishStopWords = true });
        Assert.That(index.Analyze("The cat is on the mat, and it sat"), Is.EqualTo(new[] { "cat", "mat", "sat" }));
        index.Upsert("d", "the cat");
        var e = Assert.Throws<ArgumentException>(() => index.Search("the and of", 3));
        Assert.That(e!.ParamName, Is.EqualTo("query"));
        Assert.That(e.Message, Does.Contain("other than stop words"));
    }

    [Test]
    public void UpsertRemoveContainsCount_KeepTheStatisticsExact()
    {
        KeywordIndex index = ThreeDocuments();
        Assert.That(index.Count, Is.EqualTo(3));
        Assert.That(index.Contains("d2"), Is.True);

        index.Upsert("d2", "a cat and a cat");
        Assert.That(index.Count, Is.EqualTo(3));
        Assert.That(index.Search("dog", 3), Is.Empty, "the replaced text is gone");
        Assert.That(index.Search("cat", 3).Select(m => m.Id), Is.EqualTo(new[] { "d2", "d1" }));

        Assert.That(index.Remove("d2"), Is.True);
        Assert.That(index.Remove("d2"), Is.False);
        Assert.That(index.Contains("d2"), Is.False);
        Assert.That(index.Count, Is.EqualTo(2));

        var fresh = new KeywordIndex();
        fresh.Upsert("d1", "The cat sat.");
        fresh.Upsert("d3", "Cats and dogs!");
        Assert.That(index.Search("cat sat cats", 5), Is.EqualTo(fresh.Search("cat sat cats", 5)));
    }

    [Test]
    public void Upsert_ATextWithoutTerms_IsStoredButNeverMatches()
    {
        KeywordIndex index = ThreeDocuments();
        index.Upsert("empty", "!!! ...");
        Assert.That(index.Count, Is.EqualTo(4));
        Assert.That(index.Contains("empty"), Is.True);
        Assert.That(index.Search("cat sat the dogs and", 10).Select(m => m.Id), Does.Not.Contain("empty"));
    }

    [Test]
    public void ManyRemovals_CompactTheIndexAndKeepResultsEqualToAFreshBuild()
    {
        var index = new KeywordIndex();
        var fresh = new KeywordIndex();
        for (int i = 0; i < 300; i++)
        {
            index.Upsert("doc" + i.ToString(CultureInfo.InvariantCulture), Words(i));
        }

        for (int i = 0; i < 300; i++)
        {
            string id = "doc" + i.ToString(CultureInfo.InvariantCulture);
            if (i % 5 != 0)
            {
                Assert.That(index.Remove(id), Is.True);
            }
            else
            {
                fresh.Upsert(id, Words(i));
            }
        }

        Assert.That(index.Count, Is.EqualTo(60));
        foreach (string query in new[] { "w1", "w3 w7", "w0 w2 w4 w6", "w11 w13" })
        {
            Assert.That(index.Search(query, 7), Is.EqualTo(fresh.Search(query, 7)), query);
        }

        static string Words(int i) => string.Join(' ', Enumerable.Range(0, 1 + (i % 9)).Select(j => "w" + ((i * j) % 17).ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void BadInput_ThrowsWithTheParameterAndLeavesTheIndexUnchanged()
    {
        KeywordIndex index = ThreeDocuments();
        IReadOnlyList<VectorMatch> before = index.Search("the cat sat dogs", 10);

        void Unchanged()
        {
            Assert.That(index.Count, Is.EqualTo(3));
            Assert.That(index.Search("the cat sat dogs", 10), Is.EqualTo(before));
        }

        Assert.That(() => index.Upsert(null!, "x"), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("id"));
        Unchanged();
        Assert.That(() => index.Upsert("", "x"), Throws.ArgumentException.With.Property("ParamName").EqualTo("id"));
        Unchanged();
        Assert.That(() => index.Upsert("d1", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
        Unchanged();
        Assert.That(() => index.Remove(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("id"));
        Assert.That(() => index.Contains(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("id"));
        Assert.That(() => index.Analyze(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
        Assert.That(() => index.Search(null!, 3), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("query"));
        foreach (string empty in new[] { "", "   ", "?!, ;" })
        {
            var e = Assert.Throws<ArgumentException>(() => index.Search(empty, 3));
            Assert.That(e!.ParamName, Is.EqualTo("query"));
            Assert.That(e.Message, Does.StartWith("The query has no terms").And.Contain("Search with at least one word"));
        }

        Assert.That(() => index.Search("cat", 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("k"));
        Assert.That(() => index.Search("cat", -1, _ => true), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("k"));
        Assert.That(() => index.Search("cat", 1, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("filter"));
        Unchanged();
    }
}
