using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// The record a <see cref="DocumentIngestor"/> writes for one chunk of a document and a <see cref="Retriever"/> reads
/// back: the chunk's text, where it sits in its source file, its headings, and its embedding.
/// </summary>
/// <remarks>
/// The vector's dimension depends on the embedding model, so the schema is given at run time by
/// <see cref="CreateDefinition"/>: pass it when getting the collection from any vector store, e.g.
/// <c>store.GetCollection&lt;string, DocumentChunkRecord&gt;("docs", DocumentChunkRecord.CreateDefinition(384))</c>.
/// </remarks>
public sealed class DocumentChunkRecord
{
    /// <summary>Gets or sets the record key: the source path, '#', and the chunk index (see <see cref="CreateKey"/>).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the path of the source file relative to the ingested folder, with '/' separators.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Gets or sets the position of the chunk in its source, from 0.</summary>
    public int ChunkIndex { get; set; }

    /// <summary>Gets or sets how many chunks the source produced (the same on every chunk of one ingestion of the file).</summary>
    public int ChunkCount { get; set; }

    /// <summary>Gets or sets the chunk's text, exactly the characters <c>source.Substring(Start, Length)</c> of the decoded file.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets the offset (in UTF-16 characters) of the chunk's first character in the decoded source text.</summary>
    public int Start { get; set; }

    /// <summary>Gets or sets the chunk's length in UTF-16 characters.</summary>
    public int Length { get; set; }

    /// <summary>Gets or sets the markdown headings the chunk sits under, outermost first; empty when there are none.</summary>
    public string[] Headings { get; set; } = [];

    /// <summary>
    /// Gets or sets the fingerprint of the source file's content together with the chunking and embedding settings it was
    /// ingested with; a re-ingestion skips a file whose fingerprint is unchanged.
    /// </summary>
    public string ContentHash { get; set; } = string.Empty;

    /// <summary>Gets or sets the chunk's embedding.</summary>
    public ReadOnlyMemory<float> Vector { get; set; }

    /// <summary>The key of chunk <paramref name="chunkIndex"/> of <paramref name="source"/>: <c>source#chunkIndex</c>.</summary>
    /// <param name="source">The source path, as stored in <see cref="Source"/>; not null or empty.</param>
    /// <param name="chunkIndex">The chunk index; 0 or more.</param>
    /// <returns>The key.</returns>
    public static string CreateKey(string source, int chunkIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source}#{chunkIndex}");
    }

    /// <summary>
    /// The schema of a collection of chunk records whose vectors have <paramref name="dimensions"/> components:
    /// <see cref="Key"/> is the key; <see cref="Source"/>, <see cref="ChunkIndex"/> and <see cref="ContentHash"/> are
    /// indexed data (filterable in every store); the other fields are data; <see cref="Vector"/> is the vector.
    /// </summary>
    /// <param name="dimensions">The embedding's number of components; positive.</param>
    /// <param name="distanceFunction">The vector's distance function (a <see cref="DistanceFunction"/> name); null for cosine similarity.</param>
    /// <returns>A new definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive.</exception>
    public static VectorStoreCollectionDefinition CreateDefinition(int dimensions, string? distanceFunction = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        return new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(Key), typeof(string)),
                new VectorStoreDataProperty(nameof(Source), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(ChunkIndex), typeof(int)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(ChunkCount), typeof(int)),
                new VectorStoreDataProperty(nameof(Text), typeof(string)),
                new VectorStoreDataProperty(nameof(Start), typeof(int)),
                new VectorStoreDataProperty(nameof(Length), typeof(int)),
                new VectorStoreDataProperty(nameof(Headings), typeof(string[])),
                new VectorStoreDataProperty(nameof(ContentHash), typeof(string)) { IsIndexed = true },
                new VectorStoreVectorProperty(nameof(Vector), typeof(ReadOnlyMemory<float>), dimensions)
                {
                    DistanceFunction = distanceFunction ?? DistanceFunction.CosineSimilarity,
                },
            ],
        };
    }
}
