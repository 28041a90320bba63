using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class HnswVectorIndexTests
{
    private static readonly VectorMetric[] Metrics = [VectorMetric.Cosine, VectorMetric.DotProduct, VectorMetric.Euclidean];

    [Test]
    public void Constructor_DefaultsToCosineAndTheDefaultOptions_AndStartsEmpty()
    {
        var index = new HnswVectorIndex(3);
        Assert.Multiple(() =>
        {
            Assert.That(index.Metric, Is.EqualTo(VectorMetric.Cosine));
            Assert.That(index.Dimensions, Is.EqualTo(3));
            Assert.That(index.Count, Is.Zero);
            Assert.That(index.TombstoneCount, Is.Zero);
            Assert.That(index.Search([1f, 0f, 0f], 5), Is.Empty);
            Assert.That(index.Search([1f, 0f, 0f], 5, _ => true), Is.Empty);
            Assert.That(index.MaxDegreeOfParallelism, Is.EqualTo(Environment.ProcessorCount));
            Assert.That(index.Options.ToString(), Is.EqualTo(new HnswOptions().ToString()));
        });
    }

    [Test]
    public void Options_Defaults_ArePinned()
    {
        var options = new HnswOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.M, Is.EqualTo(16).And.EqualTo(HnswOptions.DefaultM));
            Assert.That(options.EfConstruction, Is.EqualTo(200).And.EqualTo(HnswOptions.DefaultEfConstruction));
            Assert.That(options.EfSearch, Is.EqualTo(128).And.EqualTo(HnswOptions.DefaultEfSearch));
            Assert.That(options.Seed, Is.EqualTo(42).And.EqualTo(HnswOptions.DefaultSeed));
            Assert.That(options.ToString(), Is.EqualTo("M = 16, efConstruction = 200, efSearch = 128, seed = 42"));
        });
    }

    public static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData((Action<HnswOptions>)(o => o.M = 1), "1").SetName("Options_MBelowTwo_Throws");
        yield return new TestCaseData((Action<HnswOptions>)(o => o.M = HnswOptions.MaxM + 1), "257").SetName("Options_MAboveMax_Throws");
        yield return new TestCaseData((Action<HnswOptions>)(o => o.EfConstruction = 0), "0").SetName("Options_EfConstructionZero_Throws");
        yield return new TestCaseData((Action<HnswOptions>)(o => o.EfConstruction = HnswOptions.MaxEf + 1), "1048577").SetName("Options_EfConstructionAboveMax_Throws");
        yield return new TestCaseData((Action<HnswOptions>)(o => o.EfSearch = -3), "-3").SetName("Options_EfSearchNegative_Throws");
        yield return new TestCaseData((Action<HnswOptions>)(o => o.EfSearch = HnswOptions.MaxEf + 1), "1048577").SetName("Options_EfSearchAboveMax_Throws");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Options_OutOfRange_ThrowsAndKeepsTheOldValue(Action<HnswOptions> set, string actual)
    {
        var options = new HnswOptions();
        string before = options.ToString();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => set(options));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("value"));
            Assert.That(e.Message, Does.Contain(actual));
            Assert.That(options.ToString(), Is.EqualTo(before));
        });
    }

    [Test]
    public void Options_AreCopied_LaterChangesDoNotAffectTheIndex()
    {
        var options = new HnswOptions { M = 4, EfConstruction = 20, EfSearch = 8, Seed = 3 };
        var index = new HnswVectorIndex(2, VectorMetric.Cosine, options);
        options.M = 32;
        options.EfSearch = 500;
        HnswOptions copy = index.Options;
        copy.Seed = 99;
        Assert.That(index.Options.ToString(), Is.EqualTo("M = 4, efConstruction = 20, efSearch = 8, seed = 3"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(FlatVectorIndex.MaxDimensions + 1)]
    public void Constructor_BadDimensions_Throws(int dimensions)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new HnswVectorIndex(dimensions));
        Assert.That(e!.ParamName, Is.EqualTo("dimensions"));
    }

    [Test]
    public void Constructor_UndefinedMetric_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new HnswVectorIndex(2, (VectorMetric)7));
        Assert.That(e!.ParamName, Is.EqualTo("metric"));
    }

    [Test]
    public void Search_KnownVectors_ScoresEachMetricLikeTheFlatIndex()
    {
        float[] q = [1f, 2f, 2f];
        float[] x = [2f, 0f, 1f];
        Assert.Multiple(() =>
        {
            Assert.That(Single(VectorMetric.Cosine).Search(q, 1)[0].Score, Is.EqualTo(4f / (3f * MathF.Sqrt(5f))).Within(1e-6f));
            Assert.That(Single(VectorMetric.DotProduct).Search(q, 1)[0].Score, Is.EqualTo(4f));
            Assert.That(Single(VectorMetric.Euclidean).Search(q, 1)[0].Score, Is.EqualTo(-MathF.Sqrt(6f)).Within(1e-6f));
        });

        HnswVectorIndex Single(VectorMetric metric)
        {
            var index = new HnswVectorIndex(3, metric);
            index.Upsert("x", x);
            return index;
        }
    }

    [Test]
    public void Search_EqualScores_AreOrderedByOrdinalId_LikeTheFlatIndex()
    {
        foreach (VectorMetric metric in Metrics)
        {
            var hnsw = new HnswVectorIndex(2, metric);
            var flat = new FlatVectorIndex(2, metric);
            foreach (string id in new[] { "c", "a", "B", "b", "best" })
            {
                float[] v = id == "best" ? [2f, 2f] : [1f, 1f];
                hnsw.Upsert(id, v);
                flat.Upsert(id, v);
            }

            Assert.That(hnsw.Search([1f, 1f], 5), Is.EqualTo(flat.Search([1f, 1f], 5)), metric.ToString());
            Assert.That(hnsw.Search([1f, 1f], 2), Is.EqualTo(flat.Search([1f, 1f], 2)), metric.ToString());
        }
    }

    [Test]
    public void Search_SmallIndex_EqualsTheExactSearch_ForEveryMetric()
    {
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(21, 300, 12);
            HnswVectorIndex hnsw = HnswTestData.Build(12, metric, new HnswOptions { M = 8, EfConstruction = 64 }, ids, vectors);
            FlatVectorIndex flat = VectorTestData.Build(12, metric, ids, vectors);
            for (int q = 0; q < 20; q++)
            {
                float[] query = VectorTestData.Gaussian(new Random(q), 12);
                Assert.That(hnsw.Search(query, 5, 300), Is.EqualTo(flat.Search(query, 5)), $"{metric} query {q}");
            }
        }
    }

    [Test]
    public void Upsert_ExistingId_ReplacesTheVector_KeepsTheCount_AndLeavesATombstone()
    {
        var index = new HnswVectorIndex(2, VectorMetric.DotProduct);
        index.Upsert("a", [1f, 0f]);
        index.Upsert("b", [0f, 1f]);
        index.Upsert("a", [0f, 5f]);
        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(2));
            Assert.That(index.TombstoneCount, Is.EqualTo(1));
            Assert.That(index.Contains("a"), Is.True);
            Assert.That(index.Search([0f, 1f], 5), Is.EqualTo(new[] { new VectorMatch("a", 5f), new VectorMatch("b", 1f) }));
        });
    }

    [Test]
    public void Remove_HidesTheVector_OthersStayFindable_AndTheCountsFollow()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(11, 200, 8);
        HnswVectorIndex index = HnswTestData.Build(8, VectorMetric.Euclidean, null, ids, vectors);
        Assert.Multiple(() =>
        {
            Assert.That(index.Remove(ids[3]), Is.True);
            Assert.That(index.Remove(ids[3]), Is.False);
            Assert.That(index.Remove(ids[199]), Is.True);
            Assert.That(index.Remove("missing"), Is.False);
            Assert.That(index.Count, Is.EqualTo(198));
            Assert.That(index.TombstoneCount, Is.EqualTo(2));
            Assert.That(index.Contains(ids[3]), Is.False);
        });

        for (int i = 0; i < ids.Length; i++)
        {
            IReadOnlyList<VectorMatch> top = index.Search(vectors[i], 3, 200);
            Assert.That(top.Select(m => m.Id), Has.No.Member(ids[3]).And.No.Member(ids[199]));
            if (i is not (3 or 199))
            {
                Assert.That(top[0].Id, Is.EqualTo(ids[i]));
                Assert.That(top[0].Score, Is.Zero);
            }
        }
    }

    [Test]
    public void Remove_EveryVector_LeavesAnEmptyIndexThatAcceptsNewOnes()
    {
        var index = new HnswVectorIndex(2);
        index.Upsert("a", [1f, 0f]);
        index.Upsert("b", [0f, 1f]);
        Assert.That(index.Remove("a") && index.Remove("b"), Is.True);
        Assert.That(index.Search([1f, 1f], 3), Is.Empty);
        index.Upsert("c", [1f, 0f]);
        Assert.That(index.Search([1f, 0f], 3).Single().Id, Is.EqualTo("c"));
        index.Compact();
        Assert.That(index.TombstoneCount, Is.Zero);
        Assert.That(index.Search([1f, 0f], 3).Single().Id, Is.EqualTo("c"));
    }

    [Test]
    public void Compact_DropsTombstones_AndEqualsAFreshBuildOfTheLiveVectorsInInsertionOrder()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(12, 400, 16);
        var options = new HnswOptions { M = 6, EfConstruction = 40, Seed = 5 };
        HnswVectorIndex index = HnswTestData.Build(16, VectorMetric.Cosine, options, ids, vectors);
        var live = new List<(string Id, float[] Vector)>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (i % 3 == 0)
            {
                index.Remove(ids[i]);
            }
            else if (i % 7 != 0)
            {
                live.Add((ids[i], vectors[i]));
            }
        }

        for (int i = 0; i < ids.Length; i += 7)
        {
            if (i % 3 != 0)
            {
                index.Upsert(ids[i], vectors[(i + 1) % ids.Length]); // a replacement moves the id to the end
                live.Add((ids[i], vectors[(i + 1) % ids.Length]));
            }
        }

        Assert.That(index.TombstoneCount, Is.GreaterThan(0));
        index.Compact();
        HnswVectorIndex fresh = HnswTestData.Build(16, VectorMetric.Cosine, options, [.. live.Select(l => l.Id)], [.. live.Select(l => l.Vector)]);
        Assert.Multiple(() =>
        {
            Assert.That(index.TombstoneCount, Is.Zero);
            Assert.That(index.Count, Is.EqualTo(live.Count));
            Assert.That(HnswTestData.Bytes(index), Is.EqualTo(HnswTestData.Bytes(fresh)));
        });
        float[] query = VectorTestData.Gaussian(new Random(1), 16);
        Assert.That(index.Search(query, 10), Is.EqualTo(fresh.Search(query, 10)));
    }

    [Test]
    public void Build_SameSeedAndOrder_GivesTheSameGraphAndResults_AnotherSeedAnotherGraph()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(13, 500, 16);
        var options = new HnswOptions { M = 8, EfConstruction = 50, Seed = 17 };
        HnswVectorIndex a = HnswTestData.Build(16, VectorMetric.Euclidean, options, ids, vectors);
        HnswVectorIndex b = HnswTestData.Build(16, VectorMetric.Euclidean, options, ids, vectors);
        options.Seed = 18;
        HnswVectorIndex c = HnswTestData.Build(16, VectorMetric.Euclidean, options, ids, vectors);
        Assert.That(HnswTestData.Bytes(a), Is.EqualTo(HnswTestData.Bytes(b)));
        Assert.That(HnswTestData.Bytes(a), Is.Not.EqualTo(HnswTestData.Bytes(c)));
        for (int q = 0; q < 20; q++)
        {
            float[] query = VectorTestData.Gaussian(new Random(q), 16);
            Assert.That(a.Search(query, 10, 10), Is.EqualTo(b.Search(query, 10, 10)));
        }
    }

    [Test]
    public void Search_KLargerThanCount_ReturnsEveryVector()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(5, 7, 4);
        HnswVectorIndex index = HnswTestData.Build(4, VectorMetric.Cosine, null, ids, vectors);
        Assert.That(index.Search(vectors[0], int.MaxValue), Has.Count.EqualTo(7));
    }

    [Test]
    public void FilteredSearch_RejectingBetterMatches_StillReturnsKAllowedOnes()
    {
        var index = new HnswVectorIndex(1, VectorMetric.DotProduct, new HnswOptions { EfSearch = 2 });
        for (int i = 1; i <= 100; i++)
        {
            index.Upsert("v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), [i]);
        }

        IReadOnlyList<VectorMatch> result = index.Search([1f], 3, id => id.Length == 2);
        Assert.That(result, Is.EqualTo(new[] { new VectorMatch("v9", 9f), new VectorMatch("v8", 8f), new VectorMatch("v7", 7f) }));
        Assert.That(index.Search([1f], 3, _ => false), Is.Empty);
    }

    [Test]
    public void FilteredSearch_SelectiveFilter_FindsTheBestAllowedVectors_NotTheFilteredBestOfAnUnfilteredSearch()
    {
        float[][] vectors = HnswTestData.LowIntrinsic(3, 2000, 64, intrinsic: 8);
        string[] ids = HnswTestData.Ids(2000);
        HnswVectorIndex hnsw = HnswTestData.Build(64, VectorMetric.Cosine, null, ids, vectors);
        FlatVectorIndex flat = VectorTestData.Build(64, VectorMetric.Cosine, ids, vectors);
        static bool OneInFifty(string id) => id.EndsWith("00", StringComparison.Ordinal) || id.EndsWith("50", StringComparison.Ordinal);
        int hits = 0;
        for (int q = 0; q < 20; q++)
        {
            float[] query = HnswTestData.LowIntrinsic(100 + q, 1, 64, intrinsic: 8)[0];
            IReadOnlyList<VectorMatch> found = hnsw.Search(query, 10, OneInFifty);
            var truth = flat.Search(query, 10, OneInFifty).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            Assert.That(found, Has.Count.EqualTo(10));
            Assert.That(found.Select(m => m.Id), Has.All.Matches<string>(OneInFifty));
            hits += found.Count(m => truth.Contains(m.Id));
        }

        Assert.That(hits / 200.0, Is.GreaterThanOrEqualTo(0.95));
    }

    [TestCase(1)]
    [TestCase(4)]
    public void SearchBatch_EqualsSingleSearches_SequentialOrParallel(int maxDegreeOfParallelism)
    {
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(3, 1000, 32);
            HnswVectorIndex index = HnswTestData.Build(32, metric, new HnswOptions { M = 8, EfConstruction = 40 }, ids, vectors);
            index.MaxDegreeOfParallelism = maxDegreeOfParallelism;
            float[] queries = VectorTestData.Gaussian(new Random(9), 40 * 32);
            IReadOnlyList<IReadOnlyList<VectorMatch>> batch = index.SearchBatch(queries, 10);
            Assert.That(batch, Has.Count.EqualTo(40));
            for (int q = 0; q < 40; q++)
            {
                Assert.That(batch[q], Is.EqualTo(index.Search(queries.AsSpan(q * 32, 32), 10)), $"{metric} query {q}");
            }
        }
    }

    [Test]
    public void MaxDegreeOfParallelism_NotPositive_Throws()
    {
        var index = new HnswVectorIndex(2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => index.MaxDegreeOfParallelism = 0);
        Assert.That(e!.ParamName, Is.EqualTo("value"));
        Assert.That(index.MaxDegreeOfParallelism, Is.EqualTo(Environment.ProcessorCount));
    }

    // ---- bad input: type, parameter name, message, index unchanged (the same cases as the flat index) ----

    [TestCaseSource(typeof(FlatVectorIndexTests), nameof(FlatVectorIndexTests.BadUpserts))]
    public void Upsert_BadInput_ThrowsAndLeavesTheIndexUnchanged(VectorMetric metric, string? id, float[] vector, Type exception, string paramName, string message)
    {
        HnswVectorIndex index = Seeded(metric, out byte[] before);
        var e = (ArgumentException)Assert.Throws(exception, () => index.Upsert(id!, vector))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.ParamName, Is.EqualTo(paramName));
            Assert.That(e.Message, Does.Contain(message));
        });
        AssertUnchanged(index, before);
    }

    [TestCaseSource(typeof(FlatVectorIndexTests), nameof(FlatVectorIndexTests.BadSearches))]
    public void Search_BadInput_ThrowsAndLeavesTheIndexUnchanged(VectorMetric metric, float[] query, int k, Type exception, string paramName, string message)
    {
        HnswVectorIndex index = Seeded(metric, out byte[] before);
        TestDelegate[] calls =
        [
            () => index.Search(query, k), () => index.Search(query, k, _ => true),
            () => index.Search(query, k, 10), () => index.Search(query, k, _ => true, 10),
        ];
        foreach (TestDelegate call in calls)
        {
            var e = (ArgumentException)Assert.Throws(exception, call)!;
            Assert.That(e.ParamName, Is.EqualTo(paramName));
            Assert.That(e.Message, Does.Contain(message));
        }

        var batch = (ArgumentException)Assert.Throws(exception, () => index.SearchBatch(query, k))!;
        Assert.That(batch.ParamName, Is.EqualTo(paramName == "query" ? "queries" : paramName));
        AssertUnchanged(index, before);
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void Search_EfSearchNotPositive_Throws(int efSearch)
    {
        HnswVectorIndex index = Seeded(VectorMetric.Cosine, out byte[] before);
        foreach (TestDelegate call in new TestDelegate[] { () => index.Search([1f, 2f, 3f], 2, efSearch), () => index.Search([1f, 2f, 3f], 2, _ => true, efSearch) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.That(e!.ParamName, Is.EqualTo("efSearch"));
        }

        AssertUnchanged(index, before);
    }

    [Test]
    public void SearchBatch_NotAMultipleOfTheDimensions_Throws()
    {
        HnswVectorIndex index = Seeded(VectorMetric.Cosine, out byte[] before);
        var e = Assert.Throws<ArgumentException>(() => index.SearchBatch(new float[7], 2));
        Assert.That(e!.ParamName, Is.EqualTo("queries"));
        Assert.That(e.Message, Does.Contain("7 components").And.Contain("3 dimensions"));
        Assert.That(Assert.Throws<ArgumentException>(() => index.SearchBatch([1f, 2f, 3f, 1f, float.NaN, 1f], 2))!.Message, Does.Contain("queries[4] is NaN"));
        AssertUnchanged(index, before);
    }

    [Test]
    public void FilteredSearch_NullFilter_Throws()
    {
        HnswVectorIndex index = Seeded(VectorMetric.Cosine, out byte[] before);
        Assert.That(Assert.Throws<ArgumentNullException>(() => index.Search([1f, 2f, 3f], 2, null!))!.ParamName, Is.EqualTo("filter"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => index.Search([1f, 2f, 3f], 2, null!, 5))!.ParamName, Is.EqualTo("filter"));
        AssertUnchanged(index, before);
    }

    [Test]
    public void RemoveAndContains_NullId_Throw()
    {
        HnswVectorIndex index = Seeded(VectorMetric.Cosine, out byte[] before);
        Assert.That(Assert.Throws<ArgumentNullException>(() => index.Remove(null!))!.ParamName, Is.EqualTo("id"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => index.Contains(null!))!.ParamName, Is.EqualTo("id"));
        AssertUnchanged(index, before);
    }

    private static HnswVectorIndex Seeded(VectorMetric metric, out byte[] saved)
    {
        var index = new HnswVectorIndex(3, metric);
        index.Upsert("a", [1f, 2f, 3f]);
        index.Upsert("b", [-1f, 0.5f, 2f]);
        index.Upsert("c", [4f, -2f, 1f]);
        saved = HnswTestData.Bytes(index);
        return index;
    }

    /// <summary>The index is unchanged when it saves to the same bytes (graph, vectors, tombstones, level generator state).</summary>
    private static void AssertUnchanged(HnswVectorIndex index, byte[] before)
    {
        Assert.That(index.Count, Is.EqualTo(3));
        Assert.That(HnswTestData.Bytes(index), Is.EqualTo(before));
    }
}
