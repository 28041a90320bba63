namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// An in-process index of fixed-dimension vectors, each under a string id, searched for the k best matches of a query.
/// </summary>
/// <remarks>
/// Results are ordered best first (highest <see cref="VectorMatch.Score"/>). Invalid input (a vector of the wrong
/// dimension, a non-finite component, a zero vector under <see cref="VectorMetric.Cosine"/>, k ≤ 0, a null or empty id)
/// throws an <see cref="ArgumentException"/> and leaves the index unchanged.
/// </remarks>
public interface IVectorIndex
{
    /// <summary>Gets the number of components of every vector in the index.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of vectors in the index.</summary>
    public int Count { get; }

    /// <summary>Gets the metric that scores a stored vector against a query.</summary>
    public VectorMetric Metric { get; }

    /// <summary>Adds a vector under <paramref name="id"/>, or replaces the vector already stored under it.</summary>
    /// <param name="id">The id (compared ordinally); not null or empty.</param>
    /// <param name="vector">The vector: <see cref="Dimensions"/> finite components, not all zero under cosine. It is copied.</param>
    public void Upsert(string id, ReadOnlySpan<float> vector);

    /// <summary>Removes the vector stored under <paramref name="id"/>.</summary>
    /// <param name="id">The id; not null.</param>
    /// <returns><see langword="true"/> when a vector was removed; <see langword="false"/> when the id was not in the index.</returns>
    public bool Remove(string id);

    /// <summary>Finds the <paramref name="k"/> best matches of <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query: <see cref="Dimensions"/> finite components, not all zero under cosine.</param>
    /// <param name="k">How many matches to return at most; positive. Fewer are returned when the index holds fewer.</param>
    /// <returns>At most <paramref name="k"/> matches, sorted by descending score.</returns>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k);

    /// <summary>
    /// Finds the <paramref name="k"/> best matches of <paramref name="query"/> among the vectors whose id
    /// <paramref name="filter"/> accepts, best first. The filter is applied during the search, so up to k accepted
    /// matches are returned however many better ones it rejects.
    /// </summary>
    /// <param name="query">The query: <see cref="Dimensions"/> finite components, not all zero under cosine.</param>
    /// <param name="k">How many matches to return at most; positive.</param>
    /// <param name="filter">Returns <see langword="true"/> for the ids that may be returned. It is called on the searching thread.</param>
    /// <returns>At most <paramref name="k"/> accepted matches, sorted by descending score.</returns>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k, Func<string, bool> filter);

    /// <summary>Finds the <paramref name="k"/> best matches of each of several queries.</summary>
    /// <param name="queries">
    /// The queries, one after another (row-major): a non-empty multiple of <see cref="Dimensions"/> components.
    /// </param>
    /// <param name="k">How many matches to return at most per query; positive.</param>
    /// <returns>One result list per query, in query order, each equal to what <see cref="Search(ReadOnlySpan{float}, int)"/> returns.</returns>
    public IReadOnlyList<IReadOnlyList<VectorMatch>> SearchBatch(ReadOnlySpan<float> queries, int k);

    /// <summary>Writes the index to <paramref name="destination"/> in the index's binary format (with a checksum).</summary>
    /// <param name="destination">A writable stream; it is written from its current position and not closed.</param>
    public void Save(Stream destination);

    /// <summary>Writes the index to <paramref name="destination"/> in the index's binary format (with a checksum).</summary>
    /// <param name="destination">A writable stream; it is written from its current position and not closed.</param>
    /// <param name="cancellationToken">Cancels the write; the stream then holds an incomplete index.</param>
    /// <returns>A task that completes when the index is written.</returns>
    public Task SaveAsync(Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the index to the file at <paramref name="path"/>, crash-safely: the bytes go to a temporary file in the
    /// same folder, which is flushed to disk and then renamed over <paramref name="path"/>. If the save fails, a file
    /// already at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="cancellationToken">Cancels the save; the target file is then untouched.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public Task SaveToFileAsync(string path, CancellationToken cancellationToken = default);
}
