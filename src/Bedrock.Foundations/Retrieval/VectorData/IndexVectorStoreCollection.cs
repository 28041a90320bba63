using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

// MEVD9001: the ProviderServices collection model is marked experimental (see IndexCollectionModelBuilder).
// RS0026: the overloads with optional parameters are the overrides VectorStoreCollection<TKey, TRecord> declares.
#pragma warning disable MEVD9001, RS0026

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// A Microsoft.Extensions.VectorData collection held in process memory and searched through this library's
/// <see cref="IVectorIndex"/> (a <see cref="FlatVectorIndex"/> unless an index factory says otherwise), so Semantic
/// Kernel and other code written against <see cref="VectorStoreCollection{TKey, TRecord}"/> can use these indexes.
/// </summary>
/// <remarks>
/// <para>
/// The record schema comes from the <see cref="VectorStoreKeyAttribute"/>, <see cref="VectorStoreDataAttribute"/> and
/// <see cref="VectorStoreVectorAttribute"/> attributes on <typeparamref name="TRecord"/>, or from a
/// <see cref="VectorStoreCollectionDefinition"/>. Keys are <see cref="string"/> (not empty), <see cref="Guid"/>
/// (auto-generated when the key property says so and the value is <see cref="Guid.Empty"/>), <see cref="int"/> or
/// <see cref="long"/>. Vector properties are <see cref="ReadOnlyMemory{T}"/> of <see cref="float"/> (nullable too),
/// <see cref="float"/>[] or <see cref="Embedding{T}"/> of <see cref="float"/>, or any input type an embedding generator
/// configured for the property, the definition or the collection turns into such a vector on upsert. Each vector
/// property has its own index; a record whose vector is null is stored but not found by searches on that property.
/// </para>
/// <para>
/// Distance functions and scores (<see cref="VectorSearchResult{TRecord}.Score"/>): CosineSimilarity (the default) and
/// DotProductSimilarity report the similarity (higher is better); CosineDistance reports 1 − cosine similarity,
/// NegativeDotProductSimilarity −q·x, EuclideanDistance ‖q − x‖₂ and EuclideanSquaredDistance ‖q − x‖₂² (lower is
/// better). <see cref="VectorSearchOptions{TRecord}.ScoreThreshold"/> keeps scores at least the threshold for
/// similarities and at most it for distances. Other distance functions throw <see cref="NotSupportedException"/> when
/// the collection is created; hybrid (keyword) search is not offered.
/// </para>
/// <para>
/// Records are copied on the way in and on the way out, so a caller changing a record object after an upsert, or one
/// it got back, does not change what is stored. Vectors and arrays are copied; other reference-typed data values
/// (lists, objects) are shared, so treat them as immutable. A search's <see cref="VectorSearchOptions{TRecord}.Filter"/>
/// is compiled once per expression object (a filter kept and reused is compiled once) and evaluated inside the index search on the stored copy of each candidate, so up to
/// <c>top</c> accepted records are returned however many better ones it rejects. It runs under the collection's read
/// lock, so it must not call back into the collection.
/// </para>
/// <para>
/// Thread safety: every member may be called concurrently. Gets and searches of a collection run concurrently with
/// each other; upserts and deletes are exclusive (a batch is applied atomically, after every record in it was
/// validated). A batch with an invalid record throws and leaves the collection unchanged. Collection objects with the
/// same name from the same store share their data.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The key type: <see cref="string"/>, <see cref="Guid"/>, <see cref="int"/> or <see cref="long"/> (<see cref="object"/> for a dynamic collection).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A VectorStoreCollection; Microsoft.Extensions.VectorData providers name theirs <Store>Collection.")]
public sealed class IndexVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    /// <summary>The system name reported in metadata and exceptions.</summary>
    internal const string SystemName = "bedrock.foundations.index";

    /// <summary>Compiled filters by expression object, so a caller reusing a filter expression compiles it once.</summary>
    private static readonly ConditionalWeakTable<Expression<Func<TRecord, bool>>, Func<TRecord, bool>> CompiledFilters = new();

    private static readonly VectorSearchOptions<TRecord> DefaultSearchOptions = new();
    private static readonly FilteredRecordRetrievalOptions<TRecord> DefaultFilteredOptions = new();

    private readonly CollectionModel _model;
    private readonly IndexCollectionRegistry _registry;
    private readonly Func<int, VectorMetric, IVectorIndex> _indexFactory;
    private readonly VectorStoreCollectionMetadata _metadata;

    /// <summary>Creates a stand-alone collection (not part of an <see cref="IndexVectorStore"/>); it does not exist until <see cref="EnsureCollectionExistsAsync"/>.</summary>
    /// <param name="name">The collection's name; not null or empty.</param>
    /// <param name="options">The definition, embedding generator and index factory; null for the defaults (the schema from <typeparamref name="TRecord"/>'s attributes, flat indexes).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty, or the record schema is invalid.</exception>
    /// <exception cref="NotSupportedException">The key type, a vector type or a distance function is not supported.</exception>
    [RequiresDynamicCode("Reads the record type by reflection; use IndexVectorStore.GetDynamicCollection under NativeAOT.")]
    [RequiresUnreferencedCode("Reads the record type by reflection; use IndexVectorStore.GetDynamicCollection when trimming.")]
    public IndexVectorStoreCollection(string name, IndexVectorStoreCollectionOptions? options = null)
        : this(name, options, new IndexCollectionRegistry(), BuildModel(options))
    {
    }

    internal IndexVectorStoreCollection(string name, IndexVectorStoreCollectionOptions? options, IndexCollectionRegistry registry, CollectionModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _registry = registry;
        _model = model;
        _indexFactory = options?.IndexFactory ?? CreateFlatIndex;
        foreach (VectorPropertyModel vector in model.VectorProperties)
        {
            if (!DistanceFunctions.IsSupported(vector.DistanceFunction))
            {
                throw new NotSupportedException(
                    $"The vector property '{vector.ModelName}' uses the distance function '{vector.DistanceFunction}', which the index vector store does not support; use one of: {DistanceFunctions.Supported}.");
            }
        }

        _metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = SystemName, CollectionName = name };
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_registry.Find(Name) is not null);
    }

    /// <inheritdoc />
    /// <exception cref="VectorStoreException">The collection exists with another record type or schema, or the index factory returned an index of the wrong shape.</exception>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _registry.GetOrAdd(Name, CreateData);
        _ = Data("EnsureCollectionExists");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _registry.Remove(Name);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or an empty string.</exception>
    /// <exception cref="NotSupportedException">Vectors are requested but the collection generates its embeddings.</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        string id = RecordKeys.ToId(key, nameof(key));
        bool includeVectors = CheckIncludeVectors(options?.IncludeVectors ?? false);
        cancellationToken.ThrowIfCancellationRequested();
        IndexCollectionData<TRecord> data = Data("Get");
        data.Gate.EnterReadLock();
        try
        {
            return Task.FromResult(data.Records.TryGetValue(id, out TRecord? stored) ? Copy(stored, includeVectors) : null);
        }
        finally
        {
            data.Gate.ExitReadLock();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The records are those <paramref name="filter"/> accepts, ordered by <see cref="FilteredRecordRetrievalOptions{TRecord}.OrderBy"/>
    /// (values compared with <see cref="Comparer{T}.Default"/>) or, without it, in no particular order; then
    /// <see cref="FilteredRecordRetrievalOptions{TRecord}.Skip"/> are skipped and at most <paramref name="top"/> returned.
    /// The result is a snapshot taken when the method is called.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is not positive.</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        options ??= DefaultFilteredOptions;
        bool includeVectors = CheckIncludeVectors(options.IncludeVectors);
        cancellationToken.ThrowIfCancellationRequested();

        Func<TRecord, bool> accepts = Compile(filter);
        var sortKeys = new List<(Func<TRecord, object?> Selector, bool Ascending)>();
        if (options.OrderBy is { } orderBy)
        {
            foreach (var sort in orderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values)
            {
                sortKeys.Add((sort.PropertySelector.Compile(), sort.Ascending));
            }
        }

        IndexCollectionData<TRecord> data = Data("Get");
        var matches = new List<TRecord>();
        data.Gate.EnterReadLock();
        try
        {
            foreach (TRecord stored in data.Records.Values)
            {
                if (accepts(stored))
                {
                    matches.Add(stored);
                }
            }

            if (sortKeys.Count > 0)
            {
                matches.Sort((x, y) => CompareBy(sortKeys, x, y));
            }

            int end = (int)Math.Min(matches.Count, (long)options.Skip + top);
            var page = new List<TRecord>(Math.Max(0, end - options.Skip));
            for (int i = options.Skip; i < end; i++)
            {
                page.Add(Copy(matches[i], includeVectors));
            }

            return page.ToAsyncEnumerable();
        }
        finally
        {
            data.Gate.ExitReadLock();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or an empty string.</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) =>
        DeleteAsync([key], cancellationToken);

    /// <inheritdoc />
    /// <remarks>Keys that are not in the collection are ignored. The deletes are applied atomically.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    /// <exception cref="ArgumentException">A key is null or an empty string (nothing is deleted).</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = new List<string>();
        foreach (TKey key in keys)
        {
            ids.Add(RecordKeys.ToId(key, nameof(keys)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        IndexCollectionData<TRecord> data = Data("Delete");
        data.Gate.EnterWriteLock();
        try
        {
            foreach (string id in ids)
            {
                if (data.Records.Remove(id))
                {
                    foreach (IVectorIndex index in data.Indexes.Values)
                    {
                        index.Remove(id);
                    }
                }
            }
        }
        finally
        {
            data.Gate.ExitWriteLock();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentException">The record's key is null or empty, or a vector has the wrong dimension, a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertCoreAsync([record], nameof(record), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The batch is validated whole and then applied atomically; a later record with the key of an earlier one wins.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">A record is null, its key is null or empty, or a vector is invalid (nothing is stored).</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        TRecord[] batch = [.. records];
        foreach (TRecord record in batch)
        {
            if (record is null)
            {
                throw new ArgumentException("The batch contains a null record.", nameof(records));
            }
        }

        return UpsertCoreAsync(batch, nameof(records), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="searchValue"/> is a vector (<see cref="ReadOnlyMemory{T}"/> of <see cref="float"/>,
    /// <see cref="float"/>[] or <see cref="Embedding{T}"/> of <see cref="float"/>) or, when the searched vector property
    /// has an embedding generator for <typeparamref name="TInput"/>, a value that generator embeds (a string, say).
    /// Results are best first; <see cref="VectorSearchOptions{TRecord}.Skip"/> skips the best ones. See the type's
    /// remarks for scores, thresholds and filters.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="searchValue"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The query vector has the wrong dimension, a NaN or infinite component, or is zero under cosine.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TInput"/> is neither a vector type nor embeddable by a configured generator, or vectors are requested while the collection generates its embeddings.</exception>
    /// <exception cref="InvalidOperationException">The collection has no vector property, or several and the options name none.</exception>
    /// <exception cref="VectorStoreException">The collection does not exist.</exception>
    public override IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        options ??= DefaultSearchOptions;
        bool includeVectors = CheckIncludeVectors(options.IncludeVectors);
        VectorPropertyModel vectorProperty = _model.GetVectorPropertyOrSingle(options);

        // The arms are typed explicitly: a null arm would otherwise convert through float[] to an empty vector.
        ReadOnlyMemory<float>? vector = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => new ReadOnlyMemory<float>(array),
            Embedding<float> embedding => embedding.Vector,
            _ => (ReadOnlyMemory<float>?)null,
        };

        IEmbeddingGenerator<TInput, Embedding<float>>? generator = null;
        if (vector is { } given)
        {
            VectorChecks.Validate(given.Span, vectorProperty.Dimensions, DistanceFunctions.MetricOf(vectorProperty.DistanceFunction), nameof(searchValue));
        }
        else
        {
            generator = vectorProperty.EmbeddingGenerator as IEmbeddingGenerator<TInput, Embedding<float>>;
            if (generator is null)
            {
                throw new NotSupportedException(
                    $"A search value of type {typeof(TInput)} cannot be searched: the vector property '{vectorProperty.ModelName}' has no embedding generator for it. Pass a vector ({IndexCollectionModelBuilder.SupportedVectorTypes}) or configure an IEmbeddingGenerator<{typeof(TInput).Name}, Embedding<float>>.");
            }
        }

        Func<TRecord, bool>? filter = options.Filter is { } expression ? Compile(expression) : null;
        var request = new SearchRequest(vectorProperty, top, options.Skip, options.ScoreThreshold, includeVectors, filter);
        return SearchCoreAsync(searchValue, vector, generator, request, cancellationToken);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    [RequiresDynamicCode("Reads the record type by reflection.")]
    [RequiresUnreferencedCode("Reads the record type by reflection.")]
    private static CollectionModel BuildModel(IndexVectorStoreCollectionOptions? options)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(
                "A collection of Dictionary<string, object?> records is a dynamic collection; create it with IndexVectorStore.GetDynamicCollection.");
        }

        return new IndexCollectionModelBuilder().Build(typeof(TRecord), typeof(TKey), options?.Definition, options?.EmbeddingGenerator);
    }

    private static Func<TRecord, bool> Compile(Expression<Func<TRecord, bool>> filter) =>
        CompiledFilters.GetValue(filter, static expression => expression.Compile());

    private static FlatVectorIndex CreateFlatIndex(int dimensions, VectorMetric metric) => new FlatVectorIndex(dimensions, metric);

    private static int CompareBy(List<(Func<TRecord, object?> Selector, bool Ascending)> sortKeys, TRecord x, TRecord y)
    {
        foreach (var (selector, ascending) in sortKeys)
        {
            int order = Comparer<object?>.Default.Compare(selector(x), selector(y));
            if (order != 0)
            {
                return ascending ? order : -order;
            }
        }

        return 0;
    }

    private static object? CopyVector(object? value) => value switch
    {
        float[] array => array.Clone(),
        ReadOnlyMemory<float> memory => new ReadOnlyMemory<float>(memory.ToArray()),
        Embedding<float> embedding => new Embedding<float>(embedding.Vector.ToArray()) { CreatedAt = embedding.CreatedAt, ModelId = embedding.ModelId },
        _ => value,
    };

    private static ReadOnlyMemory<float>? AsVector(object? value) => value switch
    {
        null => (ReadOnlyMemory<float>?)null,
        ReadOnlyMemory<float> memory => memory,
        float[] array => new ReadOnlyMemory<float>(array),
        Embedding<float> embedding => embedding.Vector,
        _ => throw new InvalidOperationException($"A vector value of type {value.GetType()} cannot be indexed."),
    };

    private bool CheckIncludeVectors(bool includeVectors)
    {
        if (includeVectors && _model.EmbeddingGenerationRequired)
        {
            throw new NotSupportedException(
                "IncludeVectors is not supported for a collection that generates its embeddings: its vector properties hold the generator's input, not the vectors.");
        }

        return includeVectors;
    }

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchCoreAsync<TInput>(
        TInput searchValue,
        ReadOnlyMemory<float>? vector,
        IEmbeddingGenerator<TInput, Embedding<float>>? generator,
        SearchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float> query;
        if (vector is { } given)
        {
            query = given;
        }
        else
        {
            query = await generator!.GenerateVectorAsync(searchValue, cancellationToken: cancellationToken).ConfigureAwait(false);
            VectorChecks.Validate(query.Span, request.Property.Dimensions, DistanceFunctions.MetricOf(request.Property.DistanceFunction), nameof(searchValue));
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (VectorSearchResult<TRecord> result in Search(query.Span, request))
        {
            yield return result;
        }
    }

    private List<VectorSearchResult<TRecord>> Search(ReadOnlySpan<float> query, SearchRequest request)
    {
        IndexCollectionData<TRecord> data = Data("Search");
        string? distanceFunction = request.Property.DistanceFunction;
        int k = (int)Math.Min(int.MaxValue, (long)request.Top + request.Skip);
        var results = new List<VectorSearchResult<TRecord>>();
        data.Gate.EnterReadLock();
        try
        {
            IVectorIndex index = data.Indexes[request.Property.ModelName];
            Dictionary<string, TRecord> records = data.Records;
            IReadOnlyList<VectorMatch> matches = request.Filter is { } filter
                ? index.Search(query, k, id => filter(records[id]))
                : index.Search(query, k);
            for (int i = request.Skip; i < matches.Count; i++)
            {
                double score = DistanceFunctions.ToScore(distanceFunction, matches[i].Score);
                if (!DistanceFunctions.PassesThreshold(distanceFunction, score, request.ScoreThreshold))
                {
                    break;
                }

                results.Add(new VectorSearchResult<TRecord>(Copy(records[matches[i].Id], request.IncludeVectors), score));
            }
        }
        finally
        {
            data.Gate.ExitReadLock();
        }

        return results;
    }

    private async Task UpsertCoreAsync(TRecord[] batch, string paramName, CancellationToken cancellationToken)
    {
        IndexCollectionData<TRecord> data = Data("Upsert");

        // Embeddings are generated before any lock is taken, for every property whose values are generator input.
        var generated = new Dictionary<string, IReadOnlyList<Embedding>>(StringComparer.Ordinal);
        foreach (VectorPropertyModel property in _model.VectorProperties)
        {
            if (!IndexCollectionModelBuilder.IsNativeVectorType(property.Type) && batch.Length > 0)
            {
                var inputs = new object?[batch.Length];
                for (int i = 0; i < batch.Length; i++)
                {
                    inputs[i] = property.GetValueAsObject(batch[i]);
                }

                generated[property.ModelName] = await property.GenerateEmbeddingsAsync(inputs!, cancellationToken).ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Validate and copy the whole batch first, so an invalid record leaves the collection (and the caller's records) unchanged.
        var prepared = new (string Id, TRecord Copy, ReadOnlyMemory<float>?[] Vectors)[batch.Length];
        var generatedKeys = new List<(TRecord Record, Guid Key)>();
        KeyPropertyModel keyProperty = _model.KeyProperty;
        for (int r = 0; r < batch.Length; r++)
        {
            TRecord record = batch[r];
            object? key = keyProperty.GetValueAsObject(record);
            TRecord copy = Copy(record, includeVectors: true);
            if (keyProperty.IsAutoGenerated && key is Guid guid && guid == Guid.Empty)
            {
                Guid newKey = Guid.NewGuid();
                generatedKeys.Add((record, newKey));
                keyProperty.SetValueAsObject(copy, newKey);
                key = newKey;
            }

            var vectors = new ReadOnlyMemory<float>?[_model.VectorProperties.Count];
            for (int v = 0; v < vectors.Length; v++)
            {
                VectorPropertyModel property = _model.VectorProperties[v];
                ReadOnlyMemory<float>? vector = generated.TryGetValue(property.ModelName, out IReadOnlyList<Embedding>? embeddings)
                    ? AsVector(embeddings[r])
                    : AsVector(property.GetValueAsObject(record));
                if (vector is { } value)
                {
                    VectorChecks.Validate(value.Span, property.Dimensions, DistanceFunctions.MetricOf(property.DistanceFunction), paramName);
                }

                vectors[v] = vector;
            }

            prepared[r] = (RecordKeys.ToId(key, paramName), copy, vectors);
        }

        data.Gate.EnterWriteLock();
        try
        {
            foreach (var (id, copy, vectors) in prepared)
            {
                data.Records[id] = copy;
                for (int v = 0; v < vectors.Length; v++)
                {
                    IVectorIndex index = data.Indexes[_model.VectorProperties[v].ModelName];
                    if (vectors[v] is { } vector)
                    {
                        index.Upsert(id, vector.Span);
                    }
                    else
                    {
                        index.Remove(id);
                    }
                }
            }
        }
        finally
        {
            data.Gate.ExitWriteLock();
        }

        foreach (var (record, key) in generatedKeys)
        {
            keyProperty.SetValueAsObject(record, key);
        }
    }

    private TRecord Copy(TRecord source, bool includeVectors)
    {
        TRecord copy = _model.CreateRecord<TRecord>();
        _model.KeyProperty.SetValueAsObject(copy, _model.KeyProperty.GetValueAsObject(source));
        foreach (DataPropertyModel property in _model.DataProperties)
        {
            object? value = property.GetValueAsObject(source);
            property.SetValueAsObject(copy, value is Array array ? array.Clone() : value);
        }

        if (includeVectors)
        {
            foreach (VectorPropertyModel property in _model.VectorProperties)
            {
                property.SetValueAsObject(copy, CopyVector(property.GetValueAsObject(source)));
            }
        }

        return copy;
    }

    private IndexCollectionData<TRecord> CreateData()
    {
        var indexes = new Dictionary<string, IVectorIndex>(StringComparer.Ordinal);
        foreach (VectorPropertyModel property in _model.VectorProperties)
        {
            VectorMetric metric = DistanceFunctions.MetricOf(property.DistanceFunction);
            IVectorIndex index = _indexFactory(property.Dimensions, metric);
            if (index is null || index.Dimensions != property.Dimensions || index.Metric != metric || index.Count != 0)
            {
                throw Failure(
                    "EnsureCollectionExists",
                    $"The index factory must return a new, empty index with {property.Dimensions} dimensions and metric {metric} for the vector property '{property.ModelName}'; it returned {(index is null ? "null" : $"one with {index.Dimensions} dimensions, metric {index.Metric} and {index.Count} vectors")}.");
            }

            indexes.Add(property.ModelName, index);
        }

        return new IndexCollectionData<TRecord>(indexes);
    }

    /// <summary>The collection's data; throws when the collection does not exist or holds another record type or schema.</summary>
    private IndexCollectionData<TRecord> Data(string operation)
    {
        object? found = _registry.Find(Name);
        if (found is not IndexCollectionData<TRecord> data)
        {
            throw Failure(
                operation,
                found is null
                    ? $"The collection '{Name}' does not exist; call EnsureCollectionExistsAsync first."
                    : $"The collection '{Name}' holds records of another type; it cannot be opened with records of type {typeof(TRecord)}.");
        }

        foreach (VectorPropertyModel property in _model.VectorProperties)
        {
            if (!data.Indexes.TryGetValue(property.ModelName, out IVectorIndex? index)
                || index.Dimensions != property.Dimensions
                || index.Metric != DistanceFunctions.MetricOf(property.DistanceFunction))
            {
                throw Failure(
                    operation,
                    $"The collection '{Name}' exists with a different schema: its vector property '{property.ModelName}' is not a {property.Dimensions}-dimension vector under {property.DistanceFunction ?? DistanceFunction.CosineSimilarity}.");
            }
        }

        return data;
    }

    private VectorStoreException Failure(string operation, string message) => new(message)
    {
        VectorStoreSystemName = SystemName,
        CollectionName = Name,
        OperationName = operation,
    };

    /// <summary>A validated search: the property searched, the page wanted, and the compiled filter.</summary>
    private sealed record SearchRequest(
        VectorPropertyModel Property,
        int Top,
        int Skip,
        double? ScoreThreshold,
        bool IncludeVectors,
        Func<TRecord, bool>? Filter);
}
