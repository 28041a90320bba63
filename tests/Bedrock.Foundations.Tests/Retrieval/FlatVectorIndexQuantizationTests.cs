using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class FlatVectorIndexQuantizationTests
{
    private static readonly VectorMetric[] Metrics = [VectorMetric.Cosine, VectorMetric.DotProduct, VectorMetric.Euclidean];

    private static FlatVectorIndexOptions Int8(int rescoreCandidates = FlatVectorIndexOptions.DefaultRescoreCandidates) =>
        new() { Quantization = VectorQuantization.ScalarInt8, RescoreCandidates = rescoreCandidates };

    [Test]
    public void Options_Defaults_AreNoQuantizationAndAPoolOf100()
    {
        var options = new FlatVectorIndexOptions();
        var index = new FlatVectorIndex(4, VectorMetric.DotProduct, options);
        Assert.Multiple(() =>
        {
            Assert.That(options.Quantization, Is.EqualTo(VectorQuantization.None));
            Assert.That(options.RescoreCandidates, Is.EqualTo(100).And.EqualTo(FlatVectorIndexOptions.DefaultRescoreCandidates));
            Assert.That(index.Quantization, Is.EqualTo(VectorQuantization.None));
            Assert.That(index.RescoreCandidates, Is.EqualTo(100));
            Assert.That(new FlatVectorIndex(4).Quantization, Is.EqualTo(VectorQuantization.None));
        });
    }

    [Test]
    public void Constructor_CopiesTheOptions()
    {
        FlatVectorIndexOptions options = Int8(7);
        var index = new FlatVectorIndex(4, VectorMetric.Euclidean, options);
        options.RescoreCandidates = 1;
        options.Quantization = VectorQuantization.None;
        Assert.That((index.Quantization, index.RescoreCandidates, index.Metric), Is.EqualTo((VectorQuantization.ScalarInt8, 7, VectorMetric.Euclidean)));
    }

    [Test]
    public void Constructor_BadOptions_ThrowNamingTheOptions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new FlatVectorIndex(4, VectorMetric.Cosine, null!))!.ParamName, Is.EqualTo("options"));

            var zero = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FlatVectorIndex(4, VectorMetric.Cosine, Int8(0)));
            Assert.That(zero!.ParamName, Is.EqualTo("options"));
            Assert.That(zero.Message, Does.Contain("options.RescoreCandidates is 0; it must be positive (the default is 100)"));

            var undefined = Assert.Throws<ArgumentOutOfRangeException>(
                () => _ = new FlatVectorIndex(4, VectorMetric.Cosine, new FlatVectorIndexOptions { Quantization = (VectorQuantization)9 }));
            Assert.That(undefined!.ParamName, Is.EqualTo("options"));
            Assert.That(undefined.Message, Does.Contain("options.Quantization is 9, which is not a defined VectorQuantization value"));

            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FlatVectorIndex(0, VectorMetric.Cosine, Int8()))!.ParamName, Is.EqualTo("dimensions"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FlatVectorIndex(4, (VectorMetric)5, Int8()))!.ParamName, Is.EqualTo("metric"));
        });
    }

    [Test]
    public void Search_PoolCoversEveryVector_EqualsTheExactIndexForEveryMetric()
    {
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(5, 300, 37);
            FlatVectorIndex exact = VectorTestData.Build(37, metric, ids, vectors);
            FlatVectorIndex quantized = BuildQuantized(37, metric, ids, vectors, rescoreCandidates: 300);
            float[] query = VectorTestData.Gaussian(new Random(6), 37);
            Assert.That(quantized.Search(query, 12), Is.EqualTo(exact.Search(query, 12)), metric.ToString());
            Assert.That(quantized.Search(query, 400), Is.EqualTo(exact.Search(query, 400)), metric.ToString());
        }
    }

    [Test]
    public void Search_ScoresAreExact_AndEqualTheFloatIndexScores()
    {
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(8, 500, 24);
            FlatVectorIndex exact = VectorTestData.Build(24, metric, ids, vectors);
            FlatVectorIndex quantized = BuildQuantized(24, metric, ids, vectors, rescoreCandidates: 20);
            float[] query = VectorTestData.Gaussian(new Random(9), 24);
            var exactScores = exact.Search(query, 500).ToDictionary(m => m.Id, m => m.Score);
            IReadOnlyList<VectorMatch> found = quantized.Search(query, 10);
            Assert.That(found, Has.Count.EqualTo(10));
            foreach (VectorMatch match in found)
            {
                Assert.That(match.Score, Is.EqualTo(exactScores[match.Id]), $"{metric} {match.Id}");
            }

            Assert.That(found.Select(m => m.Score), Is.Ordered.Descending, metric.ToString());
        }
    }

    [Test]
    public void Search_LowIntrinsicDimensionData_RecallAt10IsAtLeast099WithTheDefaultPool()
    {
        const int Dimensions = 384, Count = 20_000, Queries = 100, K = 10;
        float[] rows = VectorTestData.LowIntrinsic(seed: 1, Count, Dimensions);
        float[] queries = VectorTestData.LowIntrinsic(seed: 2, Queries, Dimensions);
        string[] ids = VectorTestData.Ids(Count);
        foreach (VectorMetric metric in Metrics)
        {
            var exact = new FlatVectorIndex(Dimensions, metric);
            var quantized = new FlatVectorIndex(Dimensions, metric, Int8());
            for (int i = 0; i < Count; i++)
            {
                exact.Upsert(ids[i], rows.AsSpan(i * Dimensions, Dimensions));
                quantized.Upsert(ids[i], rows.AsSpan(i * Dimensions, Dimensions));
            }

            int hits = 0;
            for (int q = 0; q < Queries; q++)
            {
                ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
                var truth = exact.Search(query, K).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
                hits += quantized.Search(query, K).Count(m => truth.Contains(m.Id));
            }

            double recall = hits / (double)(Queries * K);
            TestContext.Out.WriteLine($"{metric}: recall@10 = {recall:F4}");
            Assert.That(recall, Is.GreaterThanOrEqualTo(0.99), metric.ToString());
        }
    }

    [Test]
    public void UpsertAndRemove_KeepTheCodesInStepWithTheVectors()
    {
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(12, 120, 19);
            FlatVectorIndex quantized = BuildQuantized(19, metric, ids, vectors, rescoreCandidates: 1000);
            var random = new Random(13);
            for (int i = 0; i < 60; i++)
            {
                int victim = random.Next(ids.Length);
                if (i % 3 == 0)
                {
                    vectors[victim] = VectorTestData.Gaussian(random, 19);
                    quantized.Upsert(ids[victim], vectors[victim]);
                }
                else
                {
                    quantized.Remove(ids[victim]);
                }
            }

            string[] kept = quantized.Ids.ToArray();
            float[][] keptVectors = kept.Select(id => vectors[Array.IndexOf(ids, id)]).ToArray();
            FlatVectorIndex exact = VectorTestData.Build(19, metric, kept, keptVectors);
            float[] query = VectorTestData.Gaussian(random, 19);
            Assert.That(quantized.Search(query, 15), Is.EqualTo(exact.Search(query, 15)), metric.ToString());
        }
    }

    [Test]
    public void FilteredSearch_RunsTheFilterInsideTheInt8Scan()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(14, 400, 16);
        FlatVectorIndex quantized = BuildQuantized(16, VectorMetric.Cosine, ids, vectors, rescoreCandidates: 400);
        FlatVectorIndex exact = VectorTestData.Build(16, VectorMetric.Cosine, ids, vectors);
        Func<string, bool> odd = id => id[^1] % 2 == 1;
        IReadOnlyList<VectorMatch> found = quantized.Search(vectors[0], 8, odd);
        Assert.That(found, Is.EqualTo(exact.Search(vectors[0], 8, odd)));
        Assert.That(found.All(m => odd(m.Id)), Is.True);
        Assert.That(quantized.Search(vectors[0], 8, _ => false), Is.Empty);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void SearchBatch_EqualsSingleSearches(int maxDegreeOfParallelism)
    {
        foreach (VectorMetric metric in Metrics)
        {
            (string[] ids, float[][] vectors) = VectorTestData.Corpus(15, 2000, 64);
            FlatVectorIndex quantized = BuildQuantized(64, metric, ids, vectors, rescoreCandidates: 30);
            quantized.MaxDegreeOfParallelism = maxDegreeOfParallelism;
            float[] queries = VectorTestData.Gaussian(new Random(16), 40 * 64);
            IReadOnlyList<IReadOnlyList<VectorMatch>> batch = quantized.SearchBatch(queries, 10);
            for (int q = 0; q < 40; q++)
            {
                Assert.That(batch[q], Is.EqualTo(quantized.Search(queries.AsSpan(q * 64, 64), 10)), $"{metric} query {q}");
            }
        }
    }

    [Test]
    public void Search_LargeIndex_ParallelScanEqualsOneThread()
    {
        // 16 384 × 256 int8 codes = 4 MiB: at the parallel threshold.
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(17, 16_384, 256);
        foreach (VectorMetric metric in Metrics)
        {
            FlatVectorIndex quantized = BuildQuantized(256, metric, ids, vectors, rescoreCandidates: 50);
            float[] query = VectorTestData.Gaussian(new Random(18), 256);
            quantized.MaxDegreeOfParallelism = 1;
            IReadOnlyList<VectorMatch> single = quantized.Search(query, 10);
            quantized.MaxDegreeOfParallelism = 4;
            Assert.That(quantized.Search(query, 10), Is.EqualTo(single), metric.ToString());
        }
    }

    [Test]
    public void Search_BadInput_ThrowsAndLeavesTheIndexUnchanged()
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(19, 20, 6);
        FlatVectorIndex quantized = BuildQuantized(6, VectorMetric.Cosine, ids, vectors, rescoreCandidates: 5);
        IReadOnlyList<VectorMatch> before = quantized.Search(vectors[3], 4);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => quantized.Search(new float[6], 3))!.ParamName, Is.EqualTo("query"));
            Assert.That(Assert.Throws<ArgumentException>(() => quantized.Upsert("x", [1f, float.NaN, 0f, 0f, 0f, 0f]))!.ParamName, Is.EqualTo("vector"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => quantized.Search(vectors[0], 0))!.ParamName, Is.EqualTo("k"));
        });
        Assert.That(quantized.Count, Is.EqualTo(20));
        Assert.That(quantized.Search(vectors[3], 4), Is.EqualTo(before));
    }

    private static FlatVectorIndex BuildQuantized(int dimensions, VectorMetric metric, string[] ids, float[][] vectors, int rescoreCandidates)
    {
        var index = new FlatVectorIndex(dimensions, metric, Int8(rescoreCandidates));
        for (int i = 0; i < ids.Length; i++)
        {
            index.Upsert(ids[i], vectors[i]);
        }

        return index;
    }
}
