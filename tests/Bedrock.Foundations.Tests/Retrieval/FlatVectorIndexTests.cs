using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class FlatVectorIndexTests
{
    private static readonly VectorMetric[] Metrics = [VectorMetric.Cosine, VectorMetric.DotProduct, VectorMetric.Euclidean];

    [Test]
    public void Constructor_DefaultsToCosine_AndStartsEmpty()
    {
        var index = new FlatVectorIndex(3);
        Assert.Multiple(() =>
        {
            Assert.That(index.Metric, Is.EqualTo(VectorMetric.Cosine));
            Assert.That(index.Dimensions, Is.EqualTo(3));
            Assert.That(index.Count, Is.Zero);
            Assert.That(index.Search([1f, 0f, 0f], 5), Is.Empty);
            Assert.That(index.MaxDegreeOfParallelism, Is.EqualTo(Environment.ProcessorCount));
        });
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(FlatVectorIndex.MaxDimensions + 1)]
    public void Constructor_BadDimensions_Throws(int dimensions)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FlatVectorIndex(dimensions));
        Assert.That(e!.ParamName, Is.EqualTo("dimensions"));
    }

    [Test]
    public void Constructor_UndefinedMetric_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FlatVectorIndex(2, (VectorMetric)7));
        Assert.That(e!.ParamName, Is.EqualTo("metric"));
    }

    [Test]
    public void Search_KnownVectors_ScoresEachMetricAsDocumented()
    {
        float[] q = [1f, 2f, 2f];
        float[] x = [2f, 0f, 1f];
        Assert.Multiple(() =>
        {
            Assert.That(Single(VectorMetric.Cosine, x).Search(q, 1)[0].Score, Is.EqualTo(4f / (3f * MathF.Sqrt(5f))).Within(1e-6f));
            Assert.That(Single(VectorMetric.DotProduct, x).Search(q, 1)[0].Score, Is.EqualTo(4f));
            Assert.That(Single(VectorMetric.Euclidean, x).Search(q, 1)[0].Score, Is.EqualTo(-MathF.Sqrt(6f)).Within(1e-6f));
        });

        static FlatVectorIndex Single(VectorMetric metric, float[] x)
        {
            var index = new FlatVectorIndex(3, metric);
            index.Upsert("x", x);
            return index;
        }
    }

    [Test]
    public void Search_EuclideanNearestFirst_ScoreIsNegatedDistance()
    {
        var index = new FlatVectorIndex(2, VectorMetric.Euclidean);
        index.Upsert("far", [10f, 0f]);
        index.Upsert("near", [1f, 0f]);
        index.Upsert("exact", [0f, 3f]);
        IReadOnlyList<VectorMatch> result = index.Search([0f, 3f], 3);
        Assert.That(result, Is.EqualTo(new[]
        {
            new VectorMatch("exact", 0f),
            new VectorMatch("near", -MathF.Sqrt(10f)),
            new VectorMatch("far", -MathF.Sqrt(109f)),
        }));
    }

    [Test]
    public void Search_EqualScores_AreOrderedByOrdinalId_WhateverTheInsertionOrder()
    {
        foreach (VectorMetric metric in Metrics)
        {
            var index = new FlatVectorIndex(2, metric);
            foreach (string id in new[] { "c", "a", "B", "b" })
            {
                index.Upsert(id, [1f, 1f]);
            }

            index.Upsert("best", [2f, 2f]);
            string[] expected = metric == VectorMetric.DotProduct ? ["best", "B", "a", "b", "c"] : ["B", "a", "b", "best", "c"];
            if (metric == VectorMetric.Euclidean)
            {
                expected = ["B", "a", "b", "c", "best"];
            }

            Assert.That(index.Search([1f, 1f], 5).Select(m => m.Id), Is.EqualTo(expected), metric.ToString());
            Assert.That(index.Search([1f, 1f], 2).Select(m => m.Id), Is.EqualTo(expected[..2]), metric.ToString());
        }
    }

    [Test]
    public void Upsert_ExistingId_ReplacesTheVector_AndKeepsTheCount()
    {
        var index = new FlatVectorIndex(2, VectorMetric.DotProduct);
        index.Upsert("a", [1f, 0f]);
        index.Upsert("b", [0f, 1f]);
        index.Upsert("a", [0f, 5f]);
        Span<float> stored = stackalloc float[2];
        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(2));
            Assert.That(index.Search([0f, 1f], 2), Is.EqualTo(new[] { new VectorMatch("a", 5f), new VectorMatch("b", 1f) }));
        });
        Assert.That(index.TryGetVector("a", stored), Is.True);
        Assert.That(stored.ToArray(), Is.EqualTo(new[] { 0f, 5f }));
    }

    [Test]
    public void Upsert_Cosine_StoresTheNormalizedVector()
    {
        var index = new FlatVectorIndex(2);
        index.Upsert("a", [3f, 4f]);
        float[] stored = new float[2];
        Assert.That(index.TryGetVector("a", stored), Is.True);
        Assert.That(stored, Is.EqualTo(new[] { 0.6f, 0.8f }).Within(1e-7f));
    }

    [Test]
    public void Remove_MovesTheLastRowIntoTheHole_AndEveryOtherVectorStaysFindable()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(11, 50, 8);
        FlatVectorIndex index = VectorTestData.Build(8, VectorMetric.Euclidean, ids, vectors);
        Assert.Multiple(() =>
        {
            Assert.That(index.Remove(ids[3]), Is.True);
            Assert.That(index.Remove(ids[3]), Is.False);
            Assert.That(index.Remove(ids[49]), Is.True);
            Assert.That(index.Remove("missing"), Is.False);
            Assert.That(index.Count, Is.EqualTo(48));
            Assert.That(index.Contains(ids[3]), Is.False);
            Assert.That(index.Ids, Has.Count.EqualTo(48).And.No.Member(ids[3]).And.No.Member(ids[49]));
        });

        for (int i = 0; i < ids.Length; i++)
        {
            if (i is 3 or 49)
            {
                continue;
            }

            IReadOnlyList<VectorMatch> top = index.Search(vectors[i], 1);
            Assert.That(top[0], Is.EqualTo(new VectorMatch(ids[i], -0f)).Or.EqualTo(new VectorMatch(ids[i], 0f)), ids[i]);
        }
    }

    [Test]
    public void Remove_EveryVector_LeavesAnEmptyIndexThatAcceptsNewOnes()
    {
        var index = new FlatVectorIndex(2);
        index.Upsert("a", [1f, 0f]);
        index.Upsert("b", [0f, 1f]);
        Assert.That(index.Remove("a") && index.Remove("b"), Is.True);
        Assert.That(index.Search([1f, 1f], 3), Is.Empty);
        index.Upsert("c", [1f, 0f]);
        Assert.That(index.Search([1f, 0f], 3).Single().Id, Is.EqualTo("c"));
    }

    [Test]
    public void Search_KLargerThanCount_ReturnsEveryVector()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(5, 7, 4);
        FlatVectorIndex index = VectorTestData.Build(4, VectorMetric.Cosine, ids, vectors);
        Assert.That(index.Search(vectors[0], int.MaxValue), Has.Count.EqualTo(7));
    }

    [Test]
    public void FilteredSearch_RejectingBetterMatches_StillReturnsKAllowedOnes()
    {
        var index = new FlatVectorIndex(1, VectorMetric.DotProduct);
        for (int i = 1; i <= 100; i++)
        {
            index.Upsert("v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), [i]);
        }

        IReadOnlyList<VectorMatch> result = index.Search([1f], 3, id => id.Length == 2);
        Assert.That(result, Is.EqualTo(new[] { new VectorMatch("v9", 9f), new VectorMatch("v8", 8f), new VectorMatch("v7", 7f) }));
        Assert.That(index.Search([1f], 3, _ => false), Is.Empty);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void SearchBatch_EqualsSingleSearches_SequentialOrParallel(int maxDegreeOfParallelism)
    {
        foreach (VectorMetric metric in Metrics)
        {
            // 40 queries × 2 000 vectors × 64 dimensions ≈ 5.1 M multiply-adds: above the parallel threshold (2²²).
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(3, 2000, 64);
            FlatVectorIndex index = VectorTestData.Build(64, metric, ids, vectors);
            index.MaxDegreeOfParallelism = maxDegreeOfParallelism;
            float[] queries = VectorTestData.Gaussian(new Random(9), 40 * 64);
            IReadOnlyList<IReadOnlyList<VectorMatch>> batch = index.SearchBatch(queries, 10);
            Assert.That(batch, Has.Count.EqualTo(40));
            for (int q = 0; q < 40; q++)
            {
                Assert.That(batch[q], Is.EqualTo(index.Search(queries.AsSpan(q * 64, 64), 10)), $"{metric} query {q}");
            }
        }
    }

    [Test]
    public void SearchBatch_SmallBatch_EqualsSingleSearches()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(4, 30, 5);
        FlatVectorIndex index = VectorTestData.Build(5, VectorMetric.Cosine, ids, vectors);
        float[] queries = [.. vectors[2], .. vectors[7], .. vectors[29]];
        IReadOnlyList<IReadOnlyList<VectorMatch>> batch = index.SearchBatch(queries, 4);
        Assert.That(batch.Select(r => r[0].Id), Is.EqualTo(new[] { ids[2], ids[7], ids[29] }));
        Assert.That(batch[1], Is.EqualTo(index.Search(vectors[7], 4)));
    }

    [TestCase(1, 37, 1003, 45)]
    [TestCase(2, 37, 1003, 45)]
    [TestCase(2, 130, 517, 16)]
    [TestCase(3, 5, 4096, 128)]
    public void SearchBatch_RaggedTilesAndBlocks_AreBitIdenticalToSingleSearches(int maxDegreeOfParallelism, int queryCount, int count, int dimensions)
    {
        // Query counts and row counts that are not multiples of the 4 × 4 tile or of the blocks, dimensions not multiples of 16.
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(count + dimensions, count, dimensions);
            FlatVectorIndex index = VectorTestData.Build(dimensions, metric, ids, vectors);
            index.MaxDegreeOfParallelism = maxDegreeOfParallelism;
            float[] queries = VectorTestData.Gaussian(new Random(queryCount), queryCount * dimensions);
            IReadOnlyList<IReadOnlyList<VectorMatch>> batch = index.SearchBatch(queries, 7);
            for (int q = 0; q < queryCount; q++)
            {
                IReadOnlyList<VectorMatch> single = index.Search(queries.AsSpan(q * dimensions, dimensions), 7);
                Assert.That(batch[q].Select(m => (m.Id, BitConverter.SingleToInt32Bits(m.Score))), Is.EqualTo(single.Select(m => (m.Id, BitConverter.SingleToInt32Bits(m.Score)))), $"{metric} query {q}");
            }
        }
    }

    [Test]
    public void Search_LargeIndex_ParallelScanEqualsOneThread()
    {
        // 4 500 × 256 floats ≈ 4.4 MiB: above the parallel threshold (2²⁰ components), so up to 4 parts.
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(21, 4500, 256);
        foreach (VectorMetric metric in Metrics)
        {
            FlatVectorIndex index = VectorTestData.Build(256, metric, ids, vectors);
            float[] query = VectorTestData.Gaussian(new Random(22), 256);
            index.MaxDegreeOfParallelism = 1;
            IReadOnlyList<VectorMatch> single = index.Search(query, 25);
            foreach (int threads in new[] { 2, 3, 4 })
            {
                index.MaxDegreeOfParallelism = threads;
                Assert.That(index.Search(query, 25), Is.EqualTo(single), $"{metric}, {threads} threads");
            }

            Assert.That(VectorTestData.Compare(single, VectorTestData.Ranked(metric, query, ids, vectors), 25), Is.Null, metric.ToString());
        }
    }

    [Test]
    public void Search_SingleThreaded_AllocatesOnlyTheResult()
    {
        foreach (VectorMetric metric in Metrics)
        {
            foreach (VectorQuantization quantization in new[] { VectorQuantization.None, VectorQuantization.ScalarInt8 })
            {
                (string[] ids, float[][] vectors) = VectorTestData.Corpus(23, 600, 48);
                var index = new FlatVectorIndex(48, metric, new FlatVectorIndexOptions { Quantization = quantization, RescoreCandidates = 20 });
                for (int i = 0; i < ids.Length; i++)
                {
                    index.Upsert(ids[i], vectors[i]);
                }

                float[] query = vectors[5];
                _ = index.Search(query, 10); // warms the array pool and the JIT
                long before = GC.GetAllocatedBytesForCurrentThread();
                IReadOnlyList<VectorMatch> result = index.Search(query, 10);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

                // The result: an array of 10 VectorMatch (a reference and a float each: 16 bytes) and its 24-byte header.
                Assert.That(result, Has.Count.EqualTo(10));
                Assert.That(allocated, Is.LessThanOrEqualTo(24 + (10 * 16)), $"{metric} {quantization}: {allocated} bytes");
            }
        }
    }

    [Test]
    public void Search_HighDimensions_RentsTheQueryCopy_AndStaysExact()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(24, 12, 1500);
        foreach (VectorMetric metric in Metrics)
        {
            FlatVectorIndex index = VectorTestData.Build(1500, metric, ids, vectors);
            float[] query = VectorTestData.Gaussian(new Random(25), 1500);
            Assert.That(VectorTestData.Compare(index.Search(query, 5), VectorTestData.Ranked(metric, query, ids, vectors), 5), Is.Null, metric.ToString());
        }
    }

    [Test]
    public void MaxDegreeOfParallelism_NotPositive_Throws()
    {
        var index = new FlatVectorIndex(2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => index.MaxDegreeOfParallelism = 0);
        Assert.That(e!.ParamName, Is.EqualTo("value"));
    }

    // ---- bad input: type, parameter name, message, index unchanged ----

    public static IEnumerable<TestCaseData> BadUpserts()
    {
        yield return new TestCaseData(VectorMetric.Cosine, null, new[] { 1f, 2f, 3f }, typeof(ArgumentNullException), "id", "id").SetName("Upsert_NullId_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, "", new[] { 1f, 2f, 3f }, typeof(ArgumentException), "id", "empty").SetName("Upsert_EmptyId_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, "a", new[] { 1f, 2f }, typeof(ArgumentException), "vector", "expected 3, actual 2").SetName("Upsert_TooShort_ThrowsWithExpectedAndActual");
        yield return new TestCaseData(VectorMetric.Euclidean, "a", new[] { 1f, 2f, 3f, 4f }, typeof(ArgumentException), "vector", "expected 3, actual 4").SetName("Upsert_TooLong_ThrowsWithExpectedAndActual");
        yield return new TestCaseData(VectorMetric.DotProduct, "a", Array.Empty<float>(), typeof(ArgumentException), "vector", "empty").SetName("Upsert_EmptyVector_Throws");
        yield return new TestCaseData(VectorMetric.DotProduct, "a", new[] { 1f, float.NaN, 3f }, typeof(ArgumentException), "vector", "vector[1] is NaN").SetName("Upsert_NaN_Throws");
        yield return new TestCaseData(VectorMetric.Euclidean, "a", new[] { 1f, 2f, float.PositiveInfinity }, typeof(ArgumentException), "vector", "vector[2] is Infinity").SetName("Upsert_Infinity_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, "a", new[] { float.NegativeInfinity, 2f, 3f }, typeof(ArgumentException), "vector", "vector[0] is -Infinity").SetName("Upsert_NegativeInfinity_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, "a", new[] { 0f, -0f, 0f }, typeof(ArgumentException), "vector", "zero").SetName("Upsert_ZeroVectorUnderCosine_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, "a", new[] { 1e-30f, 0f, 0f }, typeof(ArgumentException), "vector", "underflows").SetName("Upsert_NormUnderflowUnderCosine_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, "a", new[] { 3e38f, 3e38f, 0f }, typeof(ArgumentException), "vector", "overflows").SetName("Upsert_NormOverflowUnderCosine_Throws");
    }

    [TestCaseSource(nameof(BadUpserts))]
    public void Upsert_BadInput_ThrowsAndLeavesTheIndexUnchanged(VectorMetric metric, string? id, float[] vector, Type exception, string paramName, string message)
    {
        FlatVectorIndex index = Seeded(metric, out var before);
        var e = (ArgumentException)Assert.Throws(exception, () => index.Upsert(id!, vector))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.ParamName, Is.EqualTo(paramName));
            Assert.That(e.Message, Does.Contain(message));
        });
        AssertUnchanged(index, before);
    }

    [Test]
    public void Upsert_ZeroVectorUnderDotProductAndEuclidean_IsAccepted()
    {
        foreach (VectorMetric metric in new[] { VectorMetric.DotProduct, VectorMetric.Euclidean })
        {
            var index = new FlatVectorIndex(2, metric);
            index.Upsert("zero", [0f, 0f]);
            Assert.That(index.Search([1f, 1f], 1)[0].Score, Is.EqualTo(metric == VectorMetric.DotProduct ? 0f : -MathF.Sqrt(2f)));
        }
    }

    public static IEnumerable<TestCaseData> BadSearches()
    {
        yield return new TestCaseData(VectorMetric.Cosine, new[] { 1f, 2f }, 3, typeof(ArgumentException), "query", "expected 3, actual 2").SetName("Search_WrongDimension_ThrowsWithExpectedAndActual");
        yield return new TestCaseData(VectorMetric.Cosine, Array.Empty<float>(), 3, typeof(ArgumentException), "query", "empty").SetName("Search_EmptyQuery_Throws");
        yield return new TestCaseData(VectorMetric.DotProduct, new[] { 1f, float.NaN, 3f }, 3, typeof(ArgumentException), "query", "query[1] is NaN").SetName("Search_NaNQuery_Throws");
        yield return new TestCaseData(VectorMetric.Euclidean, new[] { 1f, 2f, float.PositiveInfinity }, 3, typeof(ArgumentException), "query", "query[2]").SetName("Search_InfiniteQuery_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, new[] { 0f, 0f, 0f }, 3, typeof(ArgumentException), "query", "zero").SetName("Search_ZeroQueryUnderCosine_Throws");
        yield return new TestCaseData(VectorMetric.Cosine, new[] { 1f, 2f, 3f }, 0, typeof(ArgumentOutOfRangeException), "k", "k").SetName("Search_KZero_Throws");
        yield return new TestCaseData(VectorMetric.Euclidean, new[] { 1f, 2f, 3f }, -4, typeof(ArgumentOutOfRangeException), "k", "-4").SetName("Search_KNegative_Throws");
    }

    [TestCaseSource(nameof(BadSearches))]
    public void Search_BadInput_ThrowsAndLeavesTheIndexUnchanged(VectorMetric metric, float[] query, int k, Type exception, string paramName, string message)
    {
        FlatVectorIndex index = Seeded(metric, out var before);
        foreach (TestDelegate call in new TestDelegate[] { () => index.Search(query, k), () => index.Search(query, k, _ => true) })
        {
            var e = (ArgumentException)Assert.Throws(exception, call)!;
            Assert.That(e.ParamName, Is.EqualTo(paramName));
            Assert.That(e.Message, Does.Contain(message));
        }

        // A batch of one bad query fails the same way, naming the batch parameter.
        var batch = (ArgumentException)Assert.Throws(exception, () => index.SearchBatch(query, k))!;
        Assert.That(batch.ParamName, Is.EqualTo(paramName == "query" ? "queries" : paramName));
        AssertUnchanged(index, before);
    }

    [Test]
    public void SearchBatch_NotAMultipleOfTheDimensions_Throws()
    {
        FlatVectorIndex index = Seeded(VectorMetric.Cosine, out var before);
        var e = Assert.Throws<ArgumentException>(() => index.SearchBatch(new float[7], 2));
        Assert.That(e!.ParamName, Is.EqualTo("queries"));
        Assert.That(e.Message, Does.Contain("7 components").And.Contain("3 dimensions"));
        AssertUnchanged(index, before);
    }

    [Test]
    public void SearchBatch_OneBadQuery_ThrowsWithItsPosition()
    {
        FlatVectorIndex index = Seeded(VectorMetric.Cosine, out var before);
        var e = Assert.Throws<ArgumentException>(() => index.SearchBatch([1f, 2f, 3f, 1f, float.NaN, 1f], 2));
        Assert.That(e!.ParamName, Is.EqualTo("queries"));
        Assert.That(e.Message, Does.Contain("queries[4] is NaN"));
        AssertUnchanged(index, before);
    }

    [Test]
    public void FilteredSearch_NullFilter_Throws()
    {
        FlatVectorIndex index = Seeded(VectorMetric.Cosine, out _);
        var e = Assert.Throws<ArgumentNullException>(() => index.Search([1f, 2f, 3f], 2, null!));
        Assert.That(e!.ParamName, Is.EqualTo("filter"));
    }

    [Test]
    public void Remove_NullId_Throws()
    {
        FlatVectorIndex index = Seeded(VectorMetric.Cosine, out var before);
        var e = Assert.Throws<ArgumentNullException>(() => index.Remove(null!));
        Assert.That(e!.ParamName, Is.EqualTo("id"));
        AssertUnchanged(index, before);
    }

    private static FlatVectorIndex Seeded(VectorMetric metric, out Dictionary<string, float[]> stored)
    {
        var index = new FlatVectorIndex(3, metric);
        index.Upsert("a", [1f, 2f, 3f]);
        index.Upsert("b", [-1f, 0.5f, 2f]);
        index.Upsert("c", [4f, -2f, 1f]);
        stored = Snapshot(index);
        return index;
    }

    private static Dictionary<string, float[]> Snapshot(FlatVectorIndex index)
    {
        var stored = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (string id in index.Ids)
        {
            var vector = new float[index.Dimensions];
            index.TryGetVector(id, vector);
            stored[id] = vector;
        }

        return stored;
    }

    private static void AssertUnchanged(FlatVectorIndex index, Dictionary<string, float[]> before)
    {
        Assert.That(index.Count, Is.EqualTo(before.Count));
        Dictionary<string, float[]> after = Snapshot(index);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach ((string id, float[] vector) in before)
        {
            Assert.That(after[id], Is.EqualTo(vector), id);
        }
    }
}
