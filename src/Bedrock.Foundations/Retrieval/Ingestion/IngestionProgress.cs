namespace Bedrock.Foundations.Retrieval;

/// <summary>Where an ingestion stands, reported by <see cref="DocumentIngestor.IngestFolderAsync"/> after each file.</summary>
/// <param name="CurrentFile">The relative path of the file just finished; null in the first report, before any file.</param>
/// <param name="FilesTotal">How many files the folder holds that match the patterns.</param>
/// <param name="FilesDone">How many of them are finished (ingested or skipped as unchanged).</param>
/// <param name="FilesSkipped">How many of the finished files were unchanged and skipped.</param>
/// <param name="ChunksWritten">How many chunks were upserted so far.</param>
/// <param name="EmbeddingsGenerated">How many embeddings were generated so far.</param>
/// <param name="EmbeddingsPerSecond">Embeddings generated per second of time spent in the embedding generator (0 before the first).</param>
public sealed record IngestionProgress(
    string? CurrentFile,
    int FilesTotal,
    int FilesDone,
    int FilesSkipped,
    int ChunksWritten,
    int EmbeddingsGenerated,
    double EmbeddingsPerSecond);
