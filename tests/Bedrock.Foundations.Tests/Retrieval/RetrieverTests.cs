using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class RetrieverTests
{
    private const int Dimensions = 64;

    [Test]
    public async Task RetrieveAsync_ChunkRecords_ReturnsTheBestChunkWithEveryFieldAndItsCosineScore()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = await ChunksAsync(
            Chunk("a.md", 0, "The harbour cranes lift containers at dawn.", 0, "Port", "Cranes"),
            Chunk("b.md", 0, "Violins and cellos tune before the concert.", 10),
            Chunk("b.md", 1, "The orchestra plays a symphony by Brahms.", 60, "Music"));
        var retriever = Retriever.ForChunks(collection, generator);

        var chunks = await retriever.RetrieveAsync("which orchestra plays Brahms", 2);

        float[] query = HashedWordEmbeddingGenerator.Embed("which orchestra plays Brahms", Dimensions);
        float[] best = HashedWordEmbeddingGenerator.Embed("The orchestra plays a symphony by Brahms.", Dimensions);
        var (cosine, tolerance) = VectorTestData.Reference(VectorMetric.Cosine, query, best);
        Assert.That(chunks, Has.Count.EqualTo(2));
        RetrievedChunk first = chunks[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Key, Is.EqualTo("b.md#1"));
            Assert.That(first.Source, Is.EqualTo("b.md"));
            Assert.That(first.Text, Is.EqualTo("The orchestra plays a symphony by Brahms."));
            Assert.That(first.Start, Is.EqualTo(60));
            Assert.That(first.Length, Is.EqualTo(first.Text.Length));
            Assert.That(first.Headings, Is.EqualTo(new[] { "Music" }));
            Assert.That(first.Score, Is.EqualTo(cosine).Within(tolerance));
            Assert.That(chunks[1].Score, Is.LessThanOrEqualTo(first.Score));
        });
    }

    [Test]
    public async Task RetrieveAsync_FilterAndMinimumScore_NarrowTheResults()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = await ChunksAsync(
            Chunk("a.md", 0, "red apples grow in the orchard", 0),
            Chunk("b.md", 0, "apples and pears in a bowl", 0),
            Chunk("c.md", 0, "trains leave the station at noon", 0));
        var retriever = Retriever.ForChunks(collection, generator);

        var onlyB = await retriever.RetrieveAsync("apples", 3, filter: r => r.Source == "b.md");
        var all = await retriever.RetrieveAsync("apples", 3);
        double cut = (all[1].Score + all[2].Score) / 2;
        var strong = await retriever.RetrieveAsync("apples", 3, minimumScore: cut);
        Assert.Multiple(() =>
        {
            Assert.That(onlyB.Select(c => c.Source), Is.EqualTo(new[] { "b.md" }));
            Assert.That(strong.Select(c => c.Key), Is.EqualTo(all.Take(2).Select(c => c.Key)));
            Assert.That(strong.All(c => c.Score >= cut), Is.True);
        });
    }

    [Test]
    public async Task RetrieveAsync_AnyStore_GetsTheQueryVectorAndFilter_AndMapsItsRecords()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var store = new FakeSearchable<Page>(
            [
                new VectorSearchResult<Page>(new Page("p1", "first page", "book.txt"), 0.9),
                new VectorSearchResult<Page>(new Page("p2", "no score", "book.txt"), null),
            ]);
        var retriever = new Retriever<Page>(store, generator, (page, score) => new RetrievedChunk(page.Id, page.Body, page.File, 0, page.Body.Length, [], score));
        Expression<Func<Page, bool>> filter = p => p.File == "book.txt";

        var all = await retriever.RetrieveAsync("a question", 5, filter);
        var scored = await retriever.RetrieveAsync("a question", 5, minimumScore: 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(store.Queries[0].ToArray(), Is.EqualTo(HashedWordEmbeddingGenerator.Embed("a question", Dimensions)));
            Assert.That(store.Tops, Is.EqualTo(new[] { 5, 5 }));
            Assert.That(store.Filters[0], Is.SameAs(filter));
            Assert.That(all.Select(c => (c.Key, c.Source)), Is.EqualTo(new[] { ("p1", "book.txt"), ("p2", "book.txt") }));
            Assert.That(double.IsNaN(all[1].Score), Is.True, "a store without scores reports NaN");
            Assert.That(scored.Select(c => c.Key), Is.EqualTo(new[] { "p1" }), "a minimum drops unscored results");
        });
    }

    [Test]
    public void RetrieveAsync_BadArguments_ThrowNamingThem()
    {
        var retriever = new Retriever<Page>(new FakeSearchable<Page>([]), new HashedWordEmbeddingGenerator(Dimensions), (p, s) => null!);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => retriever.RetrieveAsync(null!, 1))!.ParamName, Is.EqualTo("query"));
            var empty = Assert.ThrowsAsync<ArgumentException>(() => retriever.RetrieveAsync(" \t", 1));
            Assert.That(empty!.ParamName, Is.EqualTo("query"));
            Assert.That(Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retriever.RetrieveAsync("q", 0))!.ParamName, Is.EqualTo("top"));
            var nan = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retriever.RetrieveAsync("q", 1, minimumScore: double.NaN));
            Assert.That(nan!.ParamName, Is.EqualTo("minimumScore"));
            Assert.That(nan.Message, Does.Contain("NaN"));
        });
    }

    [Test]
    public void Constructor_NullArguments_Throw()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var store = new FakeSearchable<Page>([]);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new Retriever<Page>(null!, generator, (p, s) => null!))!.ParamName, Is.EqualTo("collection"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new Retriever<Page>(store, null!, (p, s) => null!))!.ParamName, Is.EqualTo("embeddingGenerator"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new Retriever<Page>(store, generator, null!))!.ParamName, Is.EqualTo("map"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => Retriever.ForChunks(null!, generator))!.ParamName, Is.EqualTo("collection"));
        });
    }

    [Test]
    public void RetrieveAsync_Canceled_Throws()
    {
        var retriever = new Retriever<Page>(new FakeSearchable<Page>([]), new HashedWordEmbeddingGenerator(Dimensions), (p, s) => null!);
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        Assert.That(async () => await retriever.RetrieveAsync("q", 1, cancellationToken: canceled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void DocumentChunkRecord_KeysAndDefinition_AreAsDocumented()
    {
        var definition = DocumentChunkRecord.CreateDefinition(384);
        var vector = definition.Properties.OfType<VectorStoreVectorProperty>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(DocumentChunkRecord.CreateKey("docs/a.md", 3), Is.EqualTo("docs/a.md#3"));
            Assert.That(vector.Dimensions, Is.EqualTo(384));
            Assert.That(vector.DistanceFunction, Is.EqualTo(DistanceFunction.CosineSimilarity));
            Assert.That(definition.Properties.OfType<VectorStoreKeyProperty>().Single().Name, Is.EqualTo(nameof(DocumentChunkRecord.Key)));
            Assert.That(
                definition.Properties.OfType<VectorStoreDataProperty>().Where(p => p.IsIndexed).Select(p => p.Name),
                Is.EquivalentTo(new[] { "Source", "ChunkIndex", "ContentHash" }));
            Assert.That(DocumentChunkRecord.CreateDefinition(2, DistanceFunction.DotProductSimilarity).Properties.OfType<VectorStoreVectorProperty>().Single().DistanceFunction, Is.EqualTo(DistanceFunction.DotProductSimilarity));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => DocumentChunkRecord.CreateDefinition(0))!.ParamName, Is.EqualTo("dimensions"));
            Assert.That(Assert.Throws<ArgumentException>(() => DocumentChunkRecord.CreateKey(string.Empty, 0))!.ParamName, Is.EqualTo("source"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => DocumentChunkRecord.CreateKey("a", -1))!.ParamName, Is.EqualTo("chunkIndex"));
        });
    }

    private static DocumentChunkRecord Chunk(string source, int index, string text, int start, params string[] headings) => new()
    {
        Key = DocumentChunkRecord.CreateKey(source, index),
        Source = source,
        ChunkIndex = index,
        ChunkCount = index + 1,
        Text = text,
        Start = start,
        Length = text.Length,
        Headings = headings,
        ContentHash = "h",
        Vector = HashedWordEmbeddingGenerator.Embed(text, Dimensions),
    };

    private static async Task<VectorStoreCollection<string, DocumentChunkRecord>> ChunksAsync(params DocumentChunkRecord[] records)
    {
        var store = new IndexVectorStore();
        var collection = store.GetCollection<string, DocumentChunkRecord>("chunks", DocumentChunkRecord.CreateDefinition(Dimensions));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(records);
        return collection;
    }

    internal sealed record Page(string Id, string Body, string File);

    /// <summary>A store that records what it is asked and answers with canned results.</summary>
    private sealed class FakeSearchable<TRecord>(IReadOnlyList<VectorSearchResult<TRecord>> results) : IVectorSearchable<TRecord>
        where TRecord : class
    {
        public List<ReadOnlyMemory<float>> Queries { get; } = [];

        public List<int> Tops { get; } = [];

        public List<Expression<Func<TRecord, bool>>?> Filters { get; } = [];

        public async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
            TInput searchValue,
            int top,
            VectorSearchOptions<TRecord>? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
            where TInput : notnull
        {
            Queries.Add((ReadOnlyMemory<float>)(object)searchValue);
            Tops.Add(top);
            Filters.Add(options?.Filter);
            foreach (var result in results.Take(top))
            {
                await Task.Yield();
                yield return result;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;
    }
}
