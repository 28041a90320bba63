using System.Linq.Expressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Answers a text query with the best-scoring chunks of any Microsoft.Extensions.VectorData collection: it embeds the
/// query with an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, searches the collection with the vector, and
/// maps each record to a <see cref="RetrievedChunk"/>. Qdrant, Postgres, Redis, Azure AI Search or the in-process
/// <see cref="IndexVectorStore"/> plug in unchanged.
/// </summary>
/// <remarks>
/// Thread-safe when the collection and the generator are (both are typically). For <see cref="DocumentChunkRecord"/>
/// collections, <see cref="Retriever.ForChunks"/> builds one with no mapping to write.
/// </remarks>
/// <typeparam name="TRecord">The collection's record type.</typeparam>
public sealed class Retriever<TRecord>
    where TRecord : class
{
    private readonly IVectorSearchable<TRecord> _collection;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddingGenerator;
    private readonly Func<TRecord, double, RetrievedChunk> _map;

    /// <summary>Creates a retriever over <paramref name="collection"/>.</summary>
    /// <param name="collection">The collection to search (any <see cref="VectorStoreCollection{TKey, TRecord}"/>); not null.</param>
    /// <param name="embeddingGenerator">Embeds queries; it must be the model the collection's vectors were made with. Not null.</param>
    /// <param name="map">Turns a found record and its score into a <see cref="RetrievedChunk"/>; not null.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Retriever(
        IVectorSearchable<TRecord> collection,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
        Func<TRecord, double, RetrievedChunk> map)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(embeddingGenerator);
        ArgumentNullException.ThrowIfNull(map);
        _collection = collection;
        _embeddingGenerator = embeddingGenerator;
        _map = map;
    }

    /// <summary>Finds the chunks that best match <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query text; not null, empty or white space.</param>
    /// <param name="top">How many chunks to return at most; positive.</param>
    /// <param name="filter">
    /// A condition on the records, passed to the store as <see cref="VectorSearchOptions{TRecord}.Filter"/> (so it is
    /// applied by the store, inside its search where the store supports that); null for none.
    /// </param>
    /// <param name="minimumScore">
    /// Drops chunks scoring below it (and chunks without a score); null keeps all. It assumes higher scores are better,
    /// as for similarity functions (cosine, dot product); do not use it with a distance function.
    /// </param>
    /// <param name="cancellationToken">Cancels the embedding and the search.</param>
    /// <returns>At most <paramref name="top"/> chunks, in the store's order (best first).</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is not positive, or <paramref name="minimumScore"/> is NaN.</exception>
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query,
        int top,
        Expression<Func<TRecord, bool>>? filter = null,
        double? minimumScore = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        if (minimumScore is double limit && double.IsNaN(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumScore), limit, "The minimum score is NaN; pass a number or null for no minimum.");
        }

        ReadOnlyMemory<float> vector = await _embeddingGenerator
            .GenerateVectorAsync(query, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var options = new VectorSearchOptions<TRecord> { Filter = filter };
        var chunks = new List<RetrievedChunk>(top);
        await foreach (VectorSearchResult<TRecord> result in _collection.SearchAsync(vector, top, options, cancellationToken).ConfigureAwait(false))
        {
            double score = result.Score ?? double.NaN;
            if (minimumScore is double minimum && !(score >= minimum))
            {
                continue;
            }

            chunks.Add(_map(result.Record, score));
        }

        return chunks;
    }
}
