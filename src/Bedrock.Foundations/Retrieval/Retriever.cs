using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Retrieval;

/// <summary>Creates <see cref="Retriever{TRecord}"/>s for the standard record type.</summary>
public static class Retriever
{
    /// <summary>A retriever over a collection of <see cref="DocumentChunkRecord"/>s, as a <see cref="DocumentIngestor"/> writes them.</summary>
    /// <param name="collection">The collection (from any vector store, created with <see cref="DocumentChunkRecord.CreateDefinition"/>); not null.</param>
    /// <param name="embeddingGenerator">Embeds queries; the model the chunks were ingested with. Not null.</param>
    /// <returns>A retriever whose chunks carry the records' key, text, source, offsets and headings.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Retriever<DocumentChunkRecord> ForChunks(
        IVectorSearchable<DocumentChunkRecord> collection,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator) =>
        new(collection, embeddingGenerator, ToChunk);

    private static RetrievedChunk ToChunk(DocumentChunkRecord record, double score) =>
        new(record.Key, record.Text, record.Source, record.Start, record.Length, record.Headings ?? [], score);
}
