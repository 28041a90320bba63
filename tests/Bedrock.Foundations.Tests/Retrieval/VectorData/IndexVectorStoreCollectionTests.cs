using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class IndexVectorStoreCollectionTests
{
    private const int Dimensions = 8;

    [Test]
    public async Task Upsert_ThenGet_ReturnsAnEqualCopy_WithVectorsOnlyWhenAsked()
    {
        var collection = await CreateAsync();
        var note = NewNote("a", 1, "alpha", [1f, 2f, 0f, 0f, 0f, 0f, 0f, 3f], "x", "y");
        await collection.UpsertAsync(note);

        Note? plain = await collection.GetAsync("a");
        Note? withVectors = await collection.GetAsync("a", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.Not.Null.And.Not.SameAs(note));
            Assert.That(plain!.Text, Is.EqualTo("alpha"));
            Assert.That(plain.Group, Is.EqualTo(1));
            Assert.That(plain.Tags, Is.EqualTo(new[] { "x", "y" }));
            Assert.That(plain.Vector.IsEmpty, Is.True, "vectors are left out unless IncludeVectors");
            Assert.That(withVectors!.Vector.ToArray(), Is.EqualTo(note.Vector.ToArray()), "the vector as given, not normalized");
        });
    }

    [Test]
    public async Task Get_MissingKey_ReturnsNull()
    {
        var collection = await CreateAsync();
        Assert.That(await collection.GetAsync("nope"), Is.Null);
    }

    [Test]
    public async Task Upsert_CallerChangesTheRecordAfterwards_StoredRecordIsUnchanged()
    {
        var collection = await CreateAsync();
        float[] vector = [1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f];
        var note = NewNote("a", 1, "before", vector, "tag");
        await collection.UpsertAsync(note);

        note.Text = "after";
        note.Tags[0] = "changed";
        vector[0] = -1f;
        Note? returned = await collection.GetAsync("a", new RecordRetrievalOptions { IncludeVectors = true });
        returned!.Tags[0] = "changed too";
        returned.Text = "changed too";

        Note? again = await collection.GetAsync("a", new RecordRetrievalOptions { IncludeVectors = true });
        var hit = await FirstAsync(collection.SearchAsync(new ReadOnlyMemory<float>([1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f]), 1));
        Assert.Multiple(() =>
        {
            Assert.That(again!.Text, Is.EqualTo("before"));
            Assert.That(again.Tags, Is.EqualTo(new[] { "tag" }));
            Assert.That(again.Vector.Span[0], Is.EqualTo(1f));
            Assert.That(hit.Score, Is.EqualTo(1d).Within(1e-6));
        });
    }

    [Test]
    public async Task UpsertBatch_ThenGetMany_ReturnsEveryRecord_AndAReusedKeyReplaces()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync([Unit("a", 0), Unit("b", 1), Unit("c", 2)]);
        await collection.UpsertAsync(Unit("b", 5, text: "b2"));

        var found = await ToListAsync(collection.GetAsync(["a", "b", "c", "missing"]));
        var best = await FirstAsync(collection.SearchAsync(Axis(5), 1));
        Assert.Multiple(() =>
        {
            Assert.That(found.Select(n => n.Key), Is.EquivalentTo(new[] { "a", "b", "c" }));
            Assert.That(found.Single(n => n.Key == "b").Text, Is.EqualTo("b2"));
            Assert.That(best.Record.Key, Is.EqualTo("b"));
        });
    }

    [Test]
    public async Task Delete_RemovesTheRecordFromGetsAndSearches_AndIgnoresMissingKeys()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync([Unit("a", 0), Unit("b", 1), Unit("c", 2)]);

        await collection.DeleteAsync("a");
        await collection.DeleteAsync(["b", "missing"]);

        var results = await ToListAsync(collection.SearchAsync(Axis(0), 10));
        Assert.Multiple(async () =>
        {
            Assert.That(await collection.GetAsync("a"), Is.Null);
            Assert.That(await collection.GetAsync("b"), Is.Null);
            Assert.That(results.Select(r => r.Record.Key), Is.EqualTo(new[] { "c" }));
        });
    }

    [TestCase(DistanceFunction.CosineSimilarity, VectorMetric.Cosine)]
    [TestCase(DistanceFunction.CosineDistance, VectorMetric.Cosine)]
    [TestCase(DistanceFunction.DotProductSimilarity, VectorMetric.DotProduct)]
    [TestCase(DistanceFunction.NegativeDotProductSimilarity, VectorMetric.DotProduct)]
    [TestCase(DistanceFunction.EuclideanDistance, VectorMetric.Euclidean)]
    [TestCase(DistanceFunction.EuclideanSquaredDistance, VectorMetric.Euclidean)]
    public async Task Search_EqualsFlatVectorIndexSearch_WithTheDistanceFunctionsScores(string distanceFunction, VectorMetric metric)
    {
        var (ids, vectors) = VectorTestData.Corpus(seed: 7, count: 200, dimensions: Dimensions);
        var collection = await CreateAsync(NoteDefinition(distanceFunction));
        await collection.UpsertAsync(ids.Select((id, i) => NewNote(id, i % 3, id, vectors[i])));
        FlatVectorIndex reference = VectorTestData.Build(Dimensions, metric, ids, vectors);
        float[] query = VectorTestData.Gaussian(new Random(8), Dimensions);

        var results = await ToListAsync(collection.SearchAsync(query, 10));
        var expected = reference.Search(query, 10);
        Assert.That(results.Select(r => r.Record.Key), Is.EqualTo(expected.Select(m => m.Id)));
        for (int i = 0; i < expected.Count; i++)
        {
            double s = expected[i].Score;
            double score = distanceFunction switch
            {
                DistanceFunction.CosineDistance => 1 - s,
                DistanceFunction.NegativeDotProductSimilarity or DistanceFunction.EuclideanDistance => -s,
                DistanceFunction.EuclideanSquaredDistance => s * s,
                _ => s,
            };
            Assert.That(results[i].Score, Is.EqualTo(score).Within(1e-5 * Math.Max(1, Math.Abs(score))), $"rank {i}");
        }

        // Distances and similarities agree with a double-precision reference on the best match.
        var (referenceScore, tolerance) = VectorTestData.Reference(metric, query, vectors[Array.IndexOf(ids, expected[0].Id)]);
        Assert.That(expected[0].Score, Is.EqualTo(referenceScore).Within(tolerance));
    }

    [Test]
    public async Task Search_AcceptsReadOnlyMemoryArrayAndEmbeddingInputs_Alike()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync([Unit("a", 0), Unit("b", 1), Unit("c", 2)]);
        float[] query = [0.2f, 1f, 0.1f, 0f, 0f, 0f, 0f, 0f];

        var fromMemory = await ToListAsync(collection.SearchAsync(new ReadOnlyMemory<float>(query), 3));
        var fromArray = await ToListAsync(collection.SearchAsync(query, 3));
        var fromEmbedding = await ToListAsync(collection.SearchAsync(new Embedding<float>(query), 3));
        Assert.Multiple(() =>
        {
            Assert.That(fromMemory.Select(r => r.Record.Key), Is.EqualTo(new[] { "b", "a", "c" }));
            Assert.That(fromArray.Select(r => (r.Record.Key, r.Score)), Is.EqualTo(fromMemory.Select(r => (r.Record.Key, r.Score))));
            Assert.That(fromEmbedding.Select(r => (r.Record.Key, r.Score)), Is.EqualTo(fromMemory.Select(r => (r.Record.Key, r.Score))));
        });
    }

    [Test]
    public async Task Search_Filter_IsAppliedInsideTheSearch_SoTopAcceptedRecordsComeBack()
    {
        var (ids, vectors) = VectorTestData.Corpus(seed: 11, count: 300, dimensions: Dimensions);
        var collection = await CreateAsync();
        await collection.UpsertAsync(ids.Select((id, i) => NewNote(id, i % 10, id, vectors[i])));
        FlatVectorIndex reference = VectorTestData.Build(Dimensions, VectorMetric.Cosine, ids, vectors);
        float[] query = VectorTestData.Gaussian(new Random(12), Dimensions);

        var results = await ToListAsync(collection.SearchAsync(query, 5, new VectorSearchOptions<Note> { Filter = n => n.Group == 3 }));
        var expected = reference.Search(query, 5, id => Array.IndexOf(ids, id) % 10 == 3);
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.EqualTo(5), "five accepted records, although most of the best overall are rejected");
            Assert.That(results.Select(r => r.Record.Key), Is.EqualTo(expected.Select(m => m.Id)));
            Assert.That(results.All(r => r.Record.Group == 3), Is.True);
        });
    }

    [Test]
    public async Task Search_ReusedFilterExpression_SeesTheCurrentValuesOfItsCapturedVariables()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync(Enumerable.Range(0, 12).Select(i => Unit("k" + i, i % Dimensions, group: i % 4)));
        int group = 1;
        var options = new VectorSearchOptions<Note> { Filter = n => n.Group == group };

        var first = await ToListAsync(collection.SearchAsync(Axis(0), 10, options));
        group = 2;
        var second = await ToListAsync(collection.SearchAsync(Axis(0), 10, options));
        Assert.Multiple(() =>
        {
            Assert.That(first.Select(r => r.Record.Group), Is.EqualTo(new[] { 1, 1, 1 }));
            Assert.That(second.Select(r => r.Record.Group), Is.EqualTo(new[] { 2, 2, 2 }));
        });
    }

    [Test]
    public async Task Search_Skip_LeavesOutTheBestResults()
    {
        var (ids, vectors) = VectorTestData.Corpus(seed: 3, count: 50, dimensions: Dimensions);
        var collection = await CreateAsync();
        await collection.UpsertAsync(ids.Select((id, i) => NewNote(id, 0, id, vectors[i])));
        float[] query = vectors[4];

        var all = await ToListAsync(collection.SearchAsync(query, 10));
        var skipped = await ToListAsync(collection.SearchAsync(query, 4, new VectorSearchOptions<Note> { Skip = 3 }));
        var pastTheEnd = await ToListAsync(collection.SearchAsync(query, 4, new VectorSearchOptions<Note> { Skip = 50 }));
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Select(r => r.Record.Key), Is.EqualTo(all.Skip(3).Take(4).Select(r => r.Record.Key)));
            Assert.That(pastTheEnd, Is.Empty);
        });
    }

    [Test]
    public async Task Search_IncludeVectors_ReturnsTheStoredVector_OtherwiseNone()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync(NewNote("a", 0, "a", [3f, 4f, 0f, 0f, 0f, 0f, 0f, 0f]));

        var without = await FirstAsync(collection.SearchAsync(Axis(0), 1));
        var with = await FirstAsync(collection.SearchAsync(Axis(0), 1, new VectorSearchOptions<Note> { IncludeVectors = true }));
        Assert.Multiple(() =>
        {
            Assert.That(without.Record.Vector.IsEmpty, Is.True);
            Assert.That(with.Record.Vector.ToArray(), Is.EqualTo(new[] { 3f, 4f, 0f, 0f, 0f, 0f, 0f, 0f }));
            Assert.That(with.Score, Is.EqualTo(0.6).Within(1e-6));
        });
    }

    [Test]
    public async Task Search_ScoreThreshold_KeepsSimilaritiesAboveIt_AndDistancesBelowIt()
    {
        var similarity = await CreateAsync();
        var distance = await CreateAsync(NoteDefinition(DistanceFunction.EuclideanDistance));
        Note[] notes = [Unit("a", 0), NewNote("b", 0, "b", [1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f]), Unit("c", 1)];
        await similarity.UpsertAsync(notes);
        await distance.UpsertAsync(notes);

        // Cosine to axis 0: a 1, b 0.707, c 0. Euclidean distance: a 0, b 1, c 1.414.
        var similar = await ToListAsync(similarity.SearchAsync(Axis(0), 3, new VectorSearchOptions<Note> { ScoreThreshold = 0.5 }));
        var near = await ToListAsync(distance.SearchAsync(Axis(0), 3, new VectorSearchOptions<Note> { ScoreThreshold = 1.2 }));
        Assert.Multiple(() =>
        {
            Assert.That(similar.Select(r => r.Record.Key), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(near.Select(r => r.Record.Key), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(near.Select(r => r.Score!.Value), Is.EqualTo(new[] { 0d, 1d }).Within(1e-6));
        });
    }

    [Test]
    public async Task Search_StringInput_UsesTheConfiguredEmbeddingGenerator()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = new IndexVectorStoreCollection<string, Note>("notes", new IndexVectorStoreCollectionOptions { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        string[] texts = ["red apples and pears", "fast cars on roads", "green apples in autumn"];
        await collection.UpsertAsync(texts.Select((t, i) => NewNote("n" + i, 0, t, HashedWordEmbeddingGenerator.Embed(t, Dimensions))));

        var results = await ToListAsync(collection.SearchAsync("apples", 3));
        var byVector = await ToListAsync(collection.SearchAsync(HashedWordEmbeddingGenerator.Embed("apples", Dimensions), 3));
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => (r.Record.Key, r.Score)), Is.EqualTo(byVector.Select(r => (r.Record.Key, r.Score))));
            Assert.That(generator.Inputs, Is.EqualTo(new[] { "apples" }));
        });
    }

    [Test]
    public async Task Upsert_StringVectorProperty_IsEmbeddedByTheGenerator()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = new IndexVectorStoreCollection<int, Passage>("passages", new IndexVectorStoreCollectionOptions { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new Passage { Id = 1, Body = "the quick brown fox" }, new Passage { Id = 2, Body = "lazy dogs sleep" }]);

        var best = await FirstAsync(collection.SearchAsync("brown fox", 1));
        Assert.Multiple(async () =>
        {
            Assert.That(best.Record.Id, Is.EqualTo(1));
            Assert.That(best.Record.Body, Is.Empty, "the generator's input stands in for a vector, so it is not returned");
            Assert.That(generator.Calls, Is.EqualTo(2), "one call for the batch, one for the query");
            Assert.ThrowsAsync<NotSupportedException>(async () =>
                await collection.GetAsync(1, new RecordRetrievalOptions { IncludeVectors = true }));
            Assert.That((await collection.GetAsync(2))!.Id, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Search_StringInputWithoutAGenerator_ThrowsNotSupported()
    {
        var collection = await CreateAsync();
        var e = Assert.Throws<NotSupportedException>(() => collection.SearchAsync("text", 1));
        Assert.That(e!.Message, Does.Contain("embedding generator"));
    }

    [Test]
    public async Task GetWithFilter_ReturnsMatchingRecords_OrderedSkippedAndCapped()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync(Enumerable.Range(0, 8).Select(i => Unit("k" + i, i % Dimensions, group: i % 2)));

        var even = await ToListAsync(collection.GetAsync(
            n => n.Group == 0,
            2,
            new FilteredRecordRetrievalOptions<Note> { Skip = 1, OrderBy = o => o.Descending(n => n.Key), IncludeVectors = true }));
        var all = await ToListAsync(collection.GetAsync(n => true, 100));
        Assert.Multiple(() =>
        {
            Assert.That(even.Select(n => n.Key), Is.EqualTo(new[] { "k4", "k2" }));
            Assert.That(even.All(n => !n.Vector.IsEmpty), Is.True);
            Assert.That(all, Has.Count.EqualTo(8));
            Assert.That(all.All(n => n.Vector.IsEmpty), Is.True);
        });
    }

    [Test]
    public async Task Lifecycle_ExistsOnlyBetweenEnsureExistsAndEnsureDeleted()
    {
        var collection = new IndexVectorStoreCollection<string, Note>("notes");
        Assert.That(await collection.CollectionExistsAsync(), Is.False);
        var missing = Assert.ThrowsAsync<VectorStoreException>(async () => await collection.UpsertAsync(Unit("a", 0)));
        Assert.That(missing!.Message, Does.Contain("EnsureCollectionExistsAsync"));
        Assert.That(missing.CollectionName, Is.EqualTo("notes"));

        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Unit("a", 0));
        await collection.EnsureCollectionExistsAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await collection.CollectionExistsAsync(), Is.True);
            Assert.That(await collection.GetAsync("a"), Is.Not.Null, "a second EnsureCollectionExists keeps the data");
        });

        await collection.EnsureCollectionDeletedAsync();
        await collection.EnsureCollectionDeletedAsync();
        Assert.That(await collection.CollectionExistsAsync(), Is.False);
        Assert.ThrowsAsync<VectorStoreException>(async () => await collection.GetAsync("a"));
        Assert.Throws<VectorStoreException>(() => collection.SearchAsync(Axis(0), 1).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());

        await collection.EnsureCollectionExistsAsync();
        Assert.That(await collection.GetAsync("a"), Is.Null, "a re-created collection starts empty");
    }

    [Test]
    public async Task Keys_GuidIntAndLong_RoundTrip_AndAnAutoGeneratedGuidIsSetOnTheRecord()
    {
        var byGuid = new IndexVectorStoreCollection<Guid, GuidRecord>("g");
        var byInt = new IndexVectorStoreCollection<int, Passage>("i", new IndexVectorStoreCollectionOptions { EmbeddingGenerator = new HashedWordEmbeddingGenerator(Dimensions) });
        var byLong = new IndexVectorStoreCollection<long, LongRecord>("l");
        await byGuid.EnsureCollectionExistsAsync();
        await byInt.EnsureCollectionExistsAsync();
        await byLong.EnsureCollectionExistsAsync();

        var fixedKey = new GuidRecord { Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Vector = Axis(1) };
        var generated = new GuidRecord { Vector = Axis(2) };
        await byGuid.UpsertAsync([fixedKey, generated]);
        await byInt.UpsertAsync(new Passage { Id = -4, Body = "minus four" });
        await byLong.UpsertAsync(new LongRecord { Id = long.MaxValue, Vector = new Embedding<float>(Axis(3)) });

        Assert.Multiple(async () =>
        {
            Assert.That(generated.Id, Is.Not.EqualTo(Guid.Empty));
            Assert.That((await byGuid.GetAsync(generated.Id))!.Id, Is.EqualTo(generated.Id));
            Assert.That((await byGuid.GetAsync(fixedKey.Id))!.Id, Is.EqualTo(fixedKey.Id));
            Assert.That((await byInt.GetAsync(-4))!.Id, Is.EqualTo(-4));
            Assert.That((await byLong.GetAsync(long.MaxValue))!.Id, Is.EqualTo(long.MaxValue));
        });
    }

    [Test]
    public void Create_UnsupportedKeyType_ThrowsNotSupported()
    {
        var e = Assert.Throws<NotSupportedException>(() => _ = new IndexVectorStoreCollection<DateTime, DateKeyed>("d"));
        Assert.That(e!.Message, Does.Contain("string, Guid, int, long"));
    }

    [TestCase(DistanceFunction.ManhattanDistance)]
    [TestCase(DistanceFunction.HammingDistance)]
    public void Create_UnsupportedDistanceFunction_ThrowsNotSupported(string distanceFunction)
    {
        var e = Assert.Throws<NotSupportedException>(() => _ = new IndexVectorStoreCollection<string, Note>(
            "n", new IndexVectorStoreCollectionOptions { Definition = NoteDefinition(distanceFunction) }));
        Assert.That(e!.Message, Does.Contain(distanceFunction).And.Contain("CosineSimilarity"));
    }

    [Test]
    public void Create_NullOrEmptyName_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new IndexVectorStoreCollection<string, Note>(null!))!.ParamName, Is.EqualTo("name"));
            Assert.That(Assert.Throws<ArgumentException>(() => _ = new IndexVectorStoreCollection<string, Note>(string.Empty))!.ParamName, Is.EqualTo("name"));
        });
    }

    [Test]
    public async Task Upsert_BadVector_ThrowsNamingTheRecord_AndLeavesTheCollectionUnchanged()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync(Unit("a", 0));
        float[] nan = Axis(1);
        nan[3] = float.NaN;

        var cases = new (Note[] Batch, string Message)[]
        {
            ([NewNote("b", 0, "b", [1f, 2f])], "2 components"),
            ([NewNote("b", 0, "b", nan)], "finite"),
            ([NewNote("b", 0, "b", new float[Dimensions])], "zero"),
            ([Unit("b", 1), NewNote(string.Empty, 0, "empty key", Axis(2))], "empty"),
        };
        foreach (var (batch, message) in cases)
        {
            var e = Assert.ThrowsAsync<ArgumentException>(async () => await collection.UpsertAsync(batch));
            Assert.Multiple(() =>
            {
                Assert.That(e!.ParamName, Is.EqualTo("records"));
                Assert.That(e.Message, Does.Contain(message));
            });
        }

        var single = Assert.ThrowsAsync<ArgumentException>(async () => await collection.UpsertAsync(NewNote("b", 0, "b", [1f])));
        Assert.That(single!.ParamName, Is.EqualTo("record"));
        Assert.That(Assert.ThrowsAsync<ArgumentNullException>(async () => await collection.UpsertAsync((Note)null!))!.ParamName, Is.EqualTo("record"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await collection.UpsertAsync([Unit("b", 1), null!]))!.ParamName, Is.EqualTo("records"));

        var all = await ToListAsync(collection.GetAsync(n => true, 10));
        Assert.That(all.Select(n => n.Key), Is.EqualTo(new[] { "a" }), "no record of a rejected batch was stored");
        Assert.That(await ToListAsync(collection.SearchAsync(Axis(1), 10)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Search_BadArguments_ThrowNamingTheArgument()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync(Unit("a", 0));
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => collection.SearchAsync(Axis(0), 0))!.ParamName, Is.EqualTo("top"));
            var wrong = Assert.Throws<ArgumentException>(() => collection.SearchAsync(new[] { 1f, 2f }, 1));
            Assert.That(wrong!.ParamName, Is.EqualTo("searchValue"));
            Assert.That(wrong.Message, Does.Contain("2 components"));
            Assert.That(Assert.Throws<ArgumentException>(() => collection.SearchAsync(new float[Dimensions], 1))!.Message, Does.Contain("zero"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => collection.SearchAsync((float[])null!, 1))!.ParamName, Is.EqualTo("searchValue"));
            Assert.That(Assert.Throws<ArgumentException>(() => collection.GetAsync(string.Empty))!.ParamName, Is.EqualTo("key"));
            Assert.That(Assert.Throws<ArgumentException>(() => collection.DeleteAsync(["a", string.Empty]))!.ParamName, Is.EqualTo("keys"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => collection.GetAsync(n => true, 0))!.ParamName, Is.EqualTo("top"));
        });
        Assert.That(await collection.GetAsync("a"), Is.Not.Null, "a rejected delete removed nothing");
    }

    [Test]
    public async Task IndexFactory_CreatesTheIndexOfEachVectorProperty_AndAWrongShapeIsRejected()
    {
        var made = new List<(int Dimensions, VectorMetric Metric)>();
        var collection = new IndexVectorStoreCollection<string, Note>("n", new IndexVectorStoreCollectionOptions
        {
            Definition = NoteDefinition(DistanceFunction.DotProductSimilarity),
            IndexFactory = (dimensions, metric) =>
            {
                made.Add((dimensions, metric));
                return new FlatVectorIndex(dimensions, metric);
            },
        });
        await collection.EnsureCollectionExistsAsync();
        Assert.That(made, Is.EqualTo(new[] { (Dimensions, VectorMetric.DotProduct) }));

        var wrong = new IndexVectorStoreCollection<string, Note>("w", new IndexVectorStoreCollectionOptions { IndexFactory = (d, m) => new FlatVectorIndex(d + 1, m) });
        var e = Assert.ThrowsAsync<VectorStoreException>(async () => await wrong.EnsureCollectionExistsAsync());
        Assert.That(e!.Message, Does.Contain("index factory"));
        Assert.That(await wrong.CollectionExistsAsync(), Is.False);
    }

    [Test]
    public async Task GetService_ReturnsMetadataAndItself()
    {
        var collection = await CreateAsync();
        var metadata = collection.GetService(typeof(VectorStoreCollectionMetadata)) as VectorStoreCollectionMetadata;
        Assert.Multiple(() =>
        {
            Assert.That(metadata?.CollectionName, Is.EqualTo("notes"));
            Assert.That(metadata?.VectorStoreSystemName, Is.Not.Empty);
            Assert.That(collection.GetService(typeof(IVectorSearchable<Note>)), Is.SameAs(collection));
            Assert.That(collection.GetService(typeof(VectorStoreCollectionMetadata), "key"), Is.Null);
            Assert.That(collection.GetService(typeof(string)), Is.Null);
        });
    }

    [Test]
    public async Task ConcurrentSearchesDuringUpsertsAndDeletes_NeverThrowOrReturnAPartialRecord()
    {
        var collection = await CreateAsync();
        await collection.UpsertAsync(Enumerable.Range(0, 50).Select(i => Unit("base" + i, i % Dimensions)));
        using var done = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < 300; i++)
            {
                await collection.UpsertAsync(Unit("w" + (i % 20), i % Dimensions, text: "text" + i));
                if (i % 3 == 0)
                {
                    await collection.DeleteAsync("w" + ((i + 7) % 20));
                }
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            int searches = 0;
            while (!writer.IsCompleted || searches < 20)
            {
                await foreach (var result in collection.SearchAsync(Axis(r), 5, new VectorSearchOptions<Note> { Filter = n => n.Group >= 0 }))
                {
                    Assert.That(result.Record.Text, Is.Not.Empty);
                }

                searches++;
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
    }

    internal static VectorStoreCollectionDefinition NoteDefinition(string distanceFunction) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Note.Key), typeof(string)),
            new VectorStoreDataProperty(nameof(Note.Text), typeof(string)),
            new VectorStoreDataProperty(nameof(Note.Group), typeof(int)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Note.Tags), typeof(string[])),
            new VectorStoreVectorProperty(nameof(Note.Vector), typeof(ReadOnlyMemory<float>), Dimensions) { DistanceFunction = distanceFunction },
        ],
    };

    internal static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        return vector;
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<T> FirstAsync<T>(IAsyncEnumerable<T> items) => (await ToListAsync(items))[0];

    private static Note NewNote(string key, int group, string text, float[] vector, params string[] tags) =>
        new() { Key = key, Group = group, Text = text, Vector = vector, Tags = tags };

    private static Note Unit(string key, int axis, string? text = null, int group = 0) => NewNote(key, group, text ?? key, Axis(axis));

    private static async Task<IndexVectorStoreCollection<string, Note>> CreateAsync(VectorStoreCollectionDefinition? definition = null)
    {
        var collection = new IndexVectorStoreCollection<string, Note>("notes", new IndexVectorStoreCollectionOptions { Definition = definition });
        await collection.EnsureCollectionExistsAsync();
        return collection;
    }

    internal sealed class Note
    {
        [VectorStoreKey]
        public string Key { get; set; } = string.Empty;

        [VectorStoreData]
        public string Text { get; set; } = string.Empty;

        [VectorStoreData(IsIndexed = true)]
        public int Group { get; set; }

        [VectorStoreData]
        public string[] Tags { get; set; } = [];

        [VectorStoreVector(Dimensions)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    internal sealed class Passage
    {
        [VectorStoreKey]
        public int Id { get; set; }

        [VectorStoreVector(Dimensions)]
        public string Body { get; set; } = string.Empty;
    }

    internal sealed class GuidRecord
    {
        [VectorStoreKey(IsAutoGenerated = true)]
        public Guid Id { get; set; }

        [VectorStoreVector(Dimensions)]
        public float[]? Vector { get; set; }
    }

    internal sealed class LongRecord
    {
        [VectorStoreKey]
        public long Id { get; set; }

        [VectorStoreVector(Dimensions, DistanceFunction = DistanceFunction.EuclideanDistance)]
        public Embedding<float>? Vector { get; set; }
    }

    internal sealed class DateKeyed
    {
        [VectorStoreKey]
        public DateTime Id { get; set; }

        [VectorStoreVector(Dimensions)]
        public float[]? Vector { get; set; }
    }
}
