namespace Bedrock.Foundations.Retrieval;

/// <summary>What one <see cref="DocumentIngestor.IngestFolderAsync"/> did.</summary>
/// <param name="FilesIngested">Files that were new or changed, and were chunked, embedded and upserted.</param>
/// <param name="FilesUnchanged">Files whose content (and settings) matched what the collection held, left alone.</param>
/// <param name="FilesRemoved">Sources in the collection whose file is gone, whose chunks were deleted.</param>
/// <param name="ChunksWritten">Chunks upserted.</param>
/// <param name="ChunksDeleted">Chunks deleted (stale chunks of changed files and chunks of removed files).</param>
/// <param name="EmbeddingsGenerated">Embeddings generated.</param>
/// <param name="Elapsed">The ingestion's wall-clock time.</param>
public sealed record IngestionResult(
    int FilesIngested,
    int FilesUnchanged,
    int FilesRemoved,
    int ChunksWritten,
    int ChunksDeleted,
    int EmbeddingsGenerated,
    TimeSpan Elapsed);
