namespace Bedrock.Foundations.Retrieval;

/// <summary>Options of a <see cref="DocumentIngestor"/>.</summary>
public sealed class DocumentIngestionOptions
{
    /// <summary>The default number of chunks embedded per call to the embedding generator: 32.</summary>
    public const int DefaultEmbeddingBatchSize = 32;

    /// <summary>The largest <see cref="EmbeddingBatchSize"/>: 4096.</summary>
    public const int MaxEmbeddingBatchSize = 4096;

    /// <summary>Gets or sets the file name patterns to ingest (<c>*</c> and <c>?</c> wildcards, matched case-insensitively).</summary>
    /// <value>Default <c>*.md</c> and <c>*.txt</c>. At least one, none null or empty.</value>
    public IList<string> SearchPatterns { get; set; } = ["*.md", "*.txt"];

    /// <summary>Gets or sets a value indicating whether files in subfolders are ingested too.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Recursive { get; set; } = true;

    /// <summary>Gets or sets how many chunks go to the embedding generator in one call.</summary>
    /// <value>1 to <see cref="MaxEmbeddingBatchSize"/>; default <see cref="DefaultEmbeddingBatchSize"/>.</value>
    public int EmbeddingBatchSize { get; set; } = DefaultEmbeddingBatchSize;

    /// <summary>
    /// Gets or sets a value indicating whether an ingestion removes the chunks of files that are no longer in the folder.
    /// </summary>
    /// <value>
    /// Default <see langword="true"/>. Every source in the collection that is not a file of this ingestion counts as
    /// deleted, so a collection should hold one folder when this is on.
    /// </value>
    public bool RemoveMissingFiles { get; set; } = true;

    /// <summary>Gets or sets the chunker that cuts each file into chunks.</summary>
    /// <value>Default null: a <see cref="TextChunker"/> with its default options.</value>
    public TextChunker? Chunker { get; set; }

    /// <summary>Gets or sets the clock that measures the embedding rate reported in progress.</summary>
    /// <value>Default null: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }
}
