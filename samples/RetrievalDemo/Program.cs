using System.Globalization;
using Bedrock.Foundations.LocalEmbeddings;
using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.VectorData;

// Retrieval, offline: a folder of Markdown and text files is chunked, embedded with all-MiniLM-L6-v2 on the CPU and kept
// in an HNSW index behind Microsoft.Extensions.VectorData; questions are answered by dense search, by BM25, and by both
// fused with reciprocal-rank fusion. Every hit cites its file and the character range it came from.
// Usage: dotnet run --project samples/RetrievalDemo -c Release [-- FOLDER]
string folder = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "corpus");

// <snippet:retrieval-ingest>
using var embedder = new MiniLmEmbeddingGenerator(); // all-MiniLM-L6-v2, 384 dimensions, shipped in a package
var store = new IndexVectorStore(new IndexVectorStoreOptions
{
    IndexFactory = (dimensions, metric) => new HnswVectorIndex(dimensions, metric), // or FlatVectorIndex (the default)
});
VectorStoreCollection<string, DocumentChunkRecord> chunks = store.GetCollection<string, DocumentChunkRecord>(
    "manuals", DocumentChunkRecord.CreateDefinition(MiniLmEmbeddingGenerator.Dimensions));
await chunks.EnsureCollectionExistsAsync();

var ingestor = new DocumentIngestor(chunks, embedder, new DocumentIngestionOptions
{
    Chunker = new TextChunker(new TextChunkerOptions { MaxTokensPerChunk = 96, OverlapTokens = 16 }),
});
IngestionResult ingested = await ingestor.IngestFolderAsync(folder);
// </snippet>
Console.WriteLine($"ingested {ingested.FilesIngested} files, {ingested.ChunksWritten} chunks");

// <snippet:retrieval-search>
Retriever<DocumentChunkRecord> retriever = Retriever.ForChunks(chunks, embedder);
IReadOnlyList<RetrievedChunk> hits = await retriever.RetrieveAsync("How long do I have to send an item back?", top: 2);
foreach (RetrievedChunk hit in hits)
{
    // hit.Source, hit.Start and hit.Length point back into the file: a citation.
    Console.WriteLine($"{hit.Score:F3}  {hit.Source} [{hit.Start}..{hit.Start + hit.Length})  {string.Join(" > ", hit.Headings)}");
}
// </snippet>
Console.WriteLine($"dense: {hits[0].Source}");

// <snippet:retrieval-hybrid>
var keywords = new KeywordIndex(); // BM25 over the same chunks
await foreach (DocumentChunkRecord record in chunks.GetAsync(_ => true, top: 10_000))
{
    keywords.Upsert(record.Key, record.Text);
}

const string Question = "What does error code E-4410 mean?";
IReadOnlyList<VectorMatch> dense = [.. (await retriever.RetrieveAsync(Question, top: 5))
    .Select(chunk => new VectorMatch(chunk.Key, (float)chunk.Score))];
IReadOnlyList<VectorMatch> sparse = keywords.Search(Question, k: 5);
IReadOnlyList<VectorMatch> fused = ReciprocalRankFusion.Fuse([dense, sparse], k: 3);
// </snippet>

Console.WriteLine();
Console.WriteLine(Question);
Console.WriteLine($"  dense:   {string.Join(", ", dense.Take(3).Select(m => m.Id))}");
Console.WriteLine($"  BM25:    {string.Join(", ", sparse.Take(3).Select(m => m.Id))}");
Console.WriteLine($"  fused:   {string.Join(", ", fused.Select(m => m.Id))}");
DocumentChunkRecord? best = await chunks.GetAsync(fused[0].Id);
string text = File.ReadAllText(Path.Combine(folder, best!.Source));
string cited = text.Substring(best.Start, best.Length);
Console.WriteLine($"hybrid: {best.Source}");
Console.WriteLine($"cited: \"{cited.Split('\n')[0].Trim()}\" ({best.Source}, characters {best.Start.ToString(CultureInfo.InvariantCulture)}–{(best.Start + best.Length).ToString(CultureInfo.InvariantCulture)})");
return cited == best.Text ? 0 : 1; // the offsets must point at exactly the chunk's text
