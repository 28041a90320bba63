using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.VectorData;
using static Bedrock.Foundations.Tests.Retrieval.IndexVectorStoreCollectionTests;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class IndexVectorStoreTests
{
    [Test]
    public async Task GetCollection_SameNameTwice_SharesTheData_AndTheStoreListsIt()
    {
        using var store = new IndexVectorStore();
        var first = store.GetCollection<string, Note>("notes");
        var second = store.GetCollection<string, Note>("notes");
        Assert.That(await store.CollectionExistsAsync("notes"), Is.False);

        await first.EnsureCollectionExistsAsync();
        await first.UpsertAsync(new Note { Key = "a", Text = "shared", Vector = Axis(0) });
        await store.GetCollection<string, Note>("other").EnsureCollectionExistsAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await second.GetAsync("a"))?.Text, Is.EqualTo("shared"));
            Assert.That(await store.CollectionExistsAsync("notes"), Is.True);
            Assert.That(await ToListAsync(store.ListCollectionNamesAsync()), Is.EqualTo(new[] { "notes", "other" }));
        });

        await store.EnsureCollectionDeletedAsync("notes");
        Assert.Multiple(async () =>
        {
            Assert.That(await second.CollectionExistsAsync(), Is.False);
            Assert.That(await ToListAsync(store.ListCollectionNamesAsync()), Is.EqualTo(new[] { "other" }));
        });
    }

    [Test]
    public async Task GetCollection_ExistingNameWithAnotherRecordType_ThrowsOnUse()
    {
        using var store = new IndexVectorStore();
        await store.GetCollection<string, Note>("notes").EnsureCollectionExistsAsync();
        var other = store.GetCollection<long, LongRecord>("notes");
        var e = Assert.ThrowsAsync<VectorStoreException>(async () => await other.GetAsync(1));
        Assert.That(e!.Message, Does.Contain("another type"));
    }

    [Test]
    public async Task GetDynamicCollection_StoresAndSearchesDictionaries()
    {
        using var store = new IndexVectorStore();
        var collection = store.GetDynamicCollection("dyn", NoteDefinition(DistanceFunction.CosineSimilarity));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new Dictionary<string, object?> { ["Key"] = "a", ["Text"] = "first", ["Group"] = 1, ["Tags"] = new[] { "t" }, ["Vector"] = new ReadOnlyMemory<float>(Axis(0)) },
            new Dictionary<string, object?> { ["Key"] = "b", ["Text"] = "second", ["Group"] = 2, ["Tags"] = Array.Empty<string>(), ["Vector"] = new ReadOnlyMemory<float>(Axis(1)) },
        ]);

        var results = await ToListAsync(collection.SearchAsync(Axis(1), 2, new VectorSearchOptions<Dictionary<string, object?>> { Filter = r => (int)r["Group"]! > 0 }));
        Assert.Multiple(async () =>
        {
            Assert.That(results.Select(r => r.Record["Key"]), Is.EqualTo(new object[] { "b", "a" }));
            Assert.That(results[0].Record["Text"], Is.EqualTo("second"));
            Assert.That((await collection.GetAsync("a"))?["Text"], Is.EqualTo("first"));
        });
    }

    [Test]
    public async Task Options_GeneratorAndIndexFactory_ReachEveryCollection()
    {
        int made = 0;
        var generator = new HashedWordEmbeddingGenerator(8);
        using var store = new IndexVectorStore(new IndexVectorStoreOptions
        {
            EmbeddingGenerator = generator,
            IndexFactory = (d, m) =>
            {
                made++;
                return new FlatVectorIndex(d, m);
            },
        });
        var collection = store.GetCollection<string, Note>("notes");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new Note { Key = "a", Text = "apples", Vector = HashedWordEmbeddingGenerator.Embed("apples", 8) });

        var results = await ToListAsync(collection.SearchAsync("apples", 1));
        Assert.Multiple(() =>
        {
            Assert.That(made, Is.EqualTo(1));
            Assert.That(results.Single().Score, Is.EqualTo(1d).Within(1e-6));
        });
    }

    [Test]
    public void BadArguments_Throw()
    {
        using var store = new IndexVectorStore();
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => store.GetCollection<string, Note>(string.Empty))!.ParamName, Is.EqualTo("name"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => store.GetDynamicCollection("d", null!))!.ParamName, Is.EqualTo("definition"));
            Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await store.CollectionExistsAsync(string.Empty))!.ParamName, Is.EqualTo("name"));
            Assert.That(Assert.ThrowsAsync<ArgumentException>(async () => await store.EnsureCollectionDeletedAsync(string.Empty))!.ParamName, Is.EqualTo("name"));
            Assert.Throws<NotSupportedException>(() => store.GetCollection<object, Dictionary<string, object?>>("d", NoteDefinition(DistanceFunction.CosineSimilarity)));
        });
    }

    [Test]
    public void GetService_ReturnsMetadataAndItself()
    {
        using var store = new IndexVectorStore();
        Assert.Multiple(() =>
        {
            Assert.That((store.GetService(typeof(VectorStoreMetadata)) as VectorStoreMetadata)?.VectorStoreSystemName, Is.Not.Empty);
            Assert.That(store.GetService(typeof(VectorStore)), Is.SameAs(store));
            Assert.That(store.GetService(typeof(VectorStore), "key"), Is.Null);
        });
    }
}
