using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class DocumentIngestorTests
{
    private const int Dimensions = 64;

    private const string Guide = """
        # Harbour guide

        The harbour opens at dawn. Cranes lift containers from the ships onto waiting trucks, and the pilots guide
        each vessel through the narrow channel past the lighthouse.

        ## Tides

        Spring tides run high twice a month. The harbour master posts the tide tables every Monday, and small boats
        must keep clear of the channel when the ebb runs strong.

        ## Fishing

        Trawlers land cod, haddock and mackerel on the north quay. The fish market sells the catch before nine.
        """;

    private const string Concert = """
        The orchestra rehearses on Thursdays. Violins, violas and cellos tune to the oboe before the conductor arrives.

        Tonight the programme is a symphony by Brahms, followed by a piano concerto. Tickets sell out quickly.
        """;

    private const string Recipe = """
        # Bread

        Mix flour, water, salt and yeast. Knead the dough for ten minutes, let it rise for two hours, then bake it in a
        hot oven until the crust is brown.
        """;

    private static readonly TextChunker SmallChunks = new(new TextChunkerOptions { MaxTokensPerChunk = 24, OverlapTokens = 4 });

    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "bf-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        Write("guide.md", Guide);
        Write("sub/concert.txt", Concert);
        Write("recipe.md", Recipe);
        Write("notes.json", "{ \"not\": \"ingested\" }");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Ingest_StoresEveryChunkWithExactOffsets_AndASearchFindsTheRightFile()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = NewCollection();
        var ingestor = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks });

        IngestionResult result = await ingestor.IngestFolderAsync(_folder);

        var records = await AllAsync(collection);
        int expectedChunks = new[] { Guide, Concert, Recipe }.Sum(text => SmallChunks.Chunk(text).Count);
        Assert.Multiple(() =>
        {
            Assert.That(result.FilesIngested, Is.EqualTo(3));
            Assert.That(result.FilesUnchanged, Is.Zero);
            Assert.That(result.ChunksWritten, Is.EqualTo(expectedChunks));
            Assert.That(result.EmbeddingsGenerated, Is.EqualTo(expectedChunks));
            Assert.That(records, Has.Count.EqualTo(expectedChunks));
            Assert.That(records.Select(r => r.Source).Distinct(), Is.EquivalentTo(new[] { "guide.md", "sub/concert.txt", "recipe.md" }));
        });
        foreach (DocumentChunkRecord record in records)
        {
            string source = File.ReadAllText(Path.Combine(_folder, record.Source));
            Assert.Multiple(() =>
            {
                Assert.That(source.Substring(record.Start, record.Length), Is.EqualTo(record.Text), record.Key);
                Assert.That(record.Key, Is.EqualTo(DocumentChunkRecord.CreateKey(record.Source, record.ChunkIndex)));
                Assert.That(record.ChunkCount, Is.EqualTo(records.Count(r => r.Source == record.Source)));
            });
        }

        Assert.That(records.Single(r => r.Text.Contains("Spring tides", StringComparison.Ordinal)).Headings, Is.EqualTo(new[] { "Harbour guide", "Tides" }));

        var chunks = await Retriever.ForChunks(collection, generator).RetrieveAsync("symphony by Brahms", 1);
        Assert.Multiple(() =>
        {
            Assert.That(chunks[0].Source, Is.EqualTo("sub/concert.txt"));
            Assert.That(chunks[0].Text, Does.Contain("Brahms"));
        });
    }

    [Test]
    public async Task Reingest_UnchangedFolder_SkipsEveryFile()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = NewCollection();
        var ingestor = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks });
        await ingestor.IngestFolderAsync(_folder);
        var before = await AllAsync(collection);
        int calls = generator.Calls;

        IngestionResult again = await ingestor.IngestFolderAsync(_folder);

        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.EqualTo(again with { FilesIngested = 0, FilesUnchanged = 3, FilesRemoved = 0, ChunksWritten = 0, ChunksDeleted = 0, EmbeddingsGenerated = 0 }));
            Assert.That(generator.Calls, Is.EqualTo(calls), "no embedding for unchanged files");
            Assert.That(Snapshot(await AllAsync(collection)), Is.EqualTo(Snapshot(before)));
        });
    }

    [Test]
    public async Task Reingest_ChangedFile_ReplacesOnlyItsChunks()
    {
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var collection = NewCollection();
        var ingestor = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks });
        await ingestor.IngestFolderAsync(_folder);
        var before = await AllAsync(collection);
        int oldGuideChunks = before.Count(r => r.Source == "guide.md");

        const string ShortGuide = "# Harbour guide\n\nThe harbour is closed for repairs this winter.\n";
        Write("guide.md", ShortGuide);
        IngestionResult result = await ingestor.IngestFolderAsync(_folder);

        var after = await AllAsync(collection);
        var guide = after.Where(r => r.Source == "guide.md").OrderBy(r => r.ChunkIndex).ToList();
        int newGuideChunks = SmallChunks.Chunk(ShortGuide).Count;
        Assert.That(oldGuideChunks, Is.GreaterThan(newGuideChunks), "the test needs the new version to be shorter");
        Assert.Multiple(() =>
        {
            Assert.That(result.FilesIngested, Is.EqualTo(1));
            Assert.That(result.FilesUnchanged, Is.EqualTo(2));
            Assert.That(result.ChunksWritten, Is.EqualTo(newGuideChunks));
            Assert.That(result.ChunksDeleted, Is.EqualTo(oldGuideChunks - newGuideChunks));
            Assert.That(guide.Select(r => r.ChunkIndex), Is.EqualTo(Enumerable.Range(0, newGuideChunks)), "no stale chunk of the old version is left");
            Assert.That(string.Concat(guide.Select(r => r.Text)), Does.Contain("closed for repairs"));
            Assert.That(guide.Select(r => r.ContentHash).Distinct().Single(), Is.Not.EqualTo(before.First(r => r.Source == "guide.md").ContentHash));
            Assert.That(Snapshot(after.Where(r => r.Source != "guide.md")), Is.EqualTo(Snapshot(before.Where(r => r.Source != "guide.md"))), "other files' chunks are untouched");
        });
    }

    [Test]
    public async Task Reingest_DeletedFile_RemovesItsChunks_UnlessTurnedOff()
    {
        var collection = NewCollection();
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        await new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks }).IngestFolderAsync(_folder);
        int recipeChunks = (await AllAsync(collection)).Count(r => r.Source == "recipe.md");
        File.Delete(Path.Combine(_folder, "recipe.md"));

        var keeping = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks, RemoveMissingFiles = false });
        IngestionResult kept = await keeping.IngestFolderAsync(_folder);
        Assert.That((await AllAsync(collection)).Count(r => r.Source == "recipe.md"), Is.EqualTo(recipeChunks));

        IngestionResult removed = await new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks }).IngestFolderAsync(_folder);
        var after = await AllAsync(collection);
        Assert.Multiple(() =>
        {
            Assert.That(kept.FilesRemoved, Is.Zero);
            Assert.That(removed.FilesRemoved, Is.EqualTo(1));
            Assert.That(removed.ChunksDeleted, Is.EqualTo(recipeChunks));
            Assert.That(after.Any(r => r.Source == "recipe.md"), Is.False);
            Assert.That(after.Select(r => r.Source).Distinct(), Is.EquivalentTo(new[] { "guide.md", "sub/concert.txt" }));
        });
    }

    [Test]
    public async Task Ingest_Canceled_Throws_AndTheInterruptedFileIsIngestedNextTime()
    {
        var collection = NewCollection();
        using var cancellation = new CancellationTokenSource();
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var ingestor = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks, EmbeddingBatchSize = 1000 });

        // Files go in ordinal order of their relative path: guide.md, recipe.md, sub/concert.txt. Cancel while embedding the second.
        generator.OnGenerate = call =>
        {
            if (call == 2)
            {
                cancellation.Cancel();
            }
        };
        Assert.That(async () => await ingestor.IngestFolderAsync(_folder, cancellationToken: cancellation.Token), Throws.InstanceOf<OperationCanceledException>());

        var partial = await AllAsync(collection);
        Assert.That(partial.Select(r => r.Source).Distinct(), Is.EqualTo(new[] { "guide.md" }), "only the file finished before the cancellation is stored");

        generator.OnGenerate = null;
        IngestionResult resumed = await ingestor.IngestFolderAsync(_folder);
        Assert.Multiple(() =>
        {
            Assert.That(resumed.FilesUnchanged, Is.EqualTo(1));
            Assert.That(resumed.FilesIngested, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Ingest_ReportsProgressBeforeAndAfterEachFile_WithTheEmbeddingRate()
    {
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(250));
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        var reports = new ListProgress();
        var ingestor = new DocumentIngestor(NewCollection(), generator, new DocumentIngestionOptions { Chunker = SmallChunks, EmbeddingBatchSize = 2, TimeProvider = clock });

        IngestionResult result = await ingestor.IngestFolderAsync(_folder, reports);

        // Every batch is timed by two clock readings 250 ms apart.
        double rate = result.EmbeddingsGenerated / (generator.Calls * 0.25);
        Assert.Multiple(() =>
        {
            Assert.That(reports.Items.Select(r => r.CurrentFile), Is.EqualTo(new string?[] { null, "guide.md", "recipe.md", "sub/concert.txt" }));
            Assert.That(reports.Items.Select(r => r.FilesDone), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(reports.Items.All(r => r.FilesTotal == 3), Is.True);
            Assert.That(reports.Items[0].EmbeddingsPerSecond, Is.Zero);
            Assert.That(reports.Items[^1].ChunksWritten, Is.EqualTo(result.ChunksWritten));
            Assert.That(reports.Items[^1].EmbeddingsGenerated, Is.EqualTo(result.EmbeddingsGenerated));
            Assert.That(reports.Items[^1].EmbeddingsPerSecond, Is.EqualTo(rate).Within(1e-9));
            Assert.That(generator.BatchSizes.All(size => size is >= 1 and <= 2), Is.True, "batches hold at most EmbeddingBatchSize texts");
            Assert.That(reports.Items.Zip(reports.Items.Skip(1)).All(p => p.Second.ChunksWritten >= p.First.ChunksWritten), Is.True);
        });
    }

    [Test]
    public async Task Options_PatternsAndRecursion_ChooseTheFiles()
    {
        var collection = NewCollection();
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        await new DocumentIngestor(collection, generator, new DocumentIngestionOptions { Chunker = SmallChunks, Recursive = false, SearchPatterns = ["*.MD", "*.txt"] })
            .IngestFolderAsync(_folder);
        var topLevel = (await AllAsync(collection)).Select(r => r.Source).Distinct();

        var jsonOnly = NewCollection();
        await new DocumentIngestor(jsonOnly, generator, new DocumentIngestionOptions { Chunker = SmallChunks, SearchPatterns = ["*.json"] }).IngestFolderAsync(_folder);
        Assert.Multiple(async () =>
        {
            Assert.That(topLevel, Is.EquivalentTo(new[] { "guide.md", "recipe.md" }));
            Assert.That((await AllAsync(jsonOnly)).Select(r => r.Source).Distinct(), Is.EqualTo(new[] { "notes.json" }));
        });
    }

    [Test]
    public async Task Ingest_MissingFolder_Throws_AndCreatesNothing()
    {
        var collection = NewCollection();
        var ingestor = new DocumentIngestor(collection, new HashedWordEmbeddingGenerator(Dimensions), new DocumentIngestionOptions { Chunker = SmallChunks });
        string missing = Path.Combine(_folder, "nope");

        var e = Assert.ThrowsAsync<DirectoryNotFoundException>(() => ingestor.IngestFolderAsync(missing));
        Assert.Multiple(async () =>
        {
            Assert.That(e!.Message, Does.Contain("nope"));
            Assert.That(await collection.CollectionExistsAsync(), Is.False);
            Assert.That(Assert.ThrowsAsync<ArgumentException>(() => ingestor.IngestFolderAsync(" "))!.ParamName, Is.EqualTo("folder"));
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => ingestor.IngestFolderAsync(null!))!.ParamName, Is.EqualTo("folder"));
        });
    }

    [Test]
    public void Constructor_BadArguments_ThrowNamingThem()
    {
        var collection = NewCollection();
        var generator = new HashedWordEmbeddingGenerator(Dimensions);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new DocumentIngestor(null!, generator))!.ParamName, Is.EqualTo("collection"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new DocumentIngestor(collection, null!))!.ParamName, Is.EqualTo("embeddingGenerator"));
            foreach (int size in new[] { 0, -1, DocumentIngestionOptions.MaxEmbeddingBatchSize + 1 })
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { EmbeddingBatchSize = size }));
                Assert.That(e!.ParamName, Is.EqualTo("options"));
                Assert.That(e.Message, Does.Contain("EmbeddingBatchSize"));
            }

            foreach (string[] patterns in new[] { Array.Empty<string>(), [string.Empty], ["*.md", null!] })
            {
                var e = Assert.Throws<ArgumentException>(() => _ = new DocumentIngestor(collection, generator, new DocumentIngestionOptions { SearchPatterns = patterns }));
                Assert.That(e!.ParamName, Is.EqualTo("options"));
                Assert.That(e.Message, Does.Contain("SearchPatterns"));
            }
        });
    }

    [Test]
    public void Options_Defaults_AreAsDocumented()
    {
        var options = new DocumentIngestionOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.SearchPatterns, Is.EqualTo(new[] { "*.md", "*.txt" }));
            Assert.That(options.Recursive, Is.True);
            Assert.That(options.EmbeddingBatchSize, Is.EqualTo(DocumentIngestionOptions.DefaultEmbeddingBatchSize).And.EqualTo(32));
            Assert.That(options.RemoveMissingFiles, Is.True);
            Assert.That(options.Chunker, Is.Null);
            Assert.That(options.TimeProvider, Is.Null);
        });
    }

    private static VectorStoreCollection<string, DocumentChunkRecord> NewCollection() =>
        new IndexVectorStore().GetCollection<string, DocumentChunkRecord>("chunks", DocumentChunkRecord.CreateDefinition(Dimensions));

    private static async Task<List<DocumentChunkRecord>> AllAsync(VectorStoreCollection<string, DocumentChunkRecord> collection) =>
        await IndexVectorStoreCollectionTests.ToListAsync(collection.GetAsync(r => true, 10_000));

    private static List<string> Snapshot(IEnumerable<DocumentChunkRecord> records) =>
        [.. records.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}|{r.ContentHash}|{r.Start}|{r.Length}|{r.Text}")];

    private void Write(string relativePath, string text) => File.WriteAllText(Path.Combine(_folder, relativePath), text);

    private sealed class ListProgress : IProgress<IngestionProgress>
    {
        public List<IngestionProgress> Items { get; } = [];

        public void Report(IngestionProgress value) => Items.Add(value);
    }

    /// <summary>A clock that moves forward by a fixed step at every reading.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            _ticks += step.Ticks;
            return _ticks;
        }
    }
}
