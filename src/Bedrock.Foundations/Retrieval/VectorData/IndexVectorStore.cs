using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

// MEVD9001: the ProviderServices model builder is marked experimental (see IndexCollectionModelBuilder).
#pragma warning disable MEVD9001

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// A Microsoft.Extensions.VectorData <see cref="VectorStore"/> held in process memory whose collections are
/// <see cref="IndexVectorStoreCollection{TKey, TRecord}"/>s, searched through this library's vector indexes.
/// </summary>
/// <remarks>
/// Collection objects of the same name from one store share their data; a collection exists from
/// <see cref="VectorStoreCollection{TKey, TRecord}.EnsureCollectionExistsAsync"/> until it is deleted. Thread-safe:
/// every member may be called concurrently. Nothing is persisted; the data lives as long as the store.
/// </remarks>
public sealed class IndexVectorStore : VectorStore
{
    private readonly IndexCollectionRegistry _registry = new();
    private readonly IndexVectorStoreOptions _options;
    private readonly VectorStoreMetadata _metadata = new() { VectorStoreSystemName = IndexVectorStoreCollection<string, object>.SystemName };

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">The embedding generator and index factory for its collections; null for the defaults (no generator, flat indexes).</param>
    public IndexVectorStore(IndexVectorStoreOptions? options = null)
    {
        _options = new IndexVectorStoreOptions
        {
            EmbeddingGenerator = options?.EmbeddingGenerator,
            IndexFactory = options?.IndexFactory,
        };
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty, or the record schema is invalid.</exception>
    /// <exception cref="NotSupportedException">The key type, a vector type or a distance function is not supported.</exception>
    [RequiresDynamicCode("Reads the record type by reflection; use GetDynamicCollection under NativeAOT.")]
    [RequiresUnreferencedCode("Reads the record type by reflection; use GetDynamicCollection when trimming.")]
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(
                "A collection of Dictionary<string, object?> records is a dynamic collection; create it with GetDynamicCollection.");
        }

        IndexVectorStoreCollectionOptions options = CollectionOptions(definition);
        CollectionModel model = new IndexCollectionModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, options.EmbeddingGenerator);
        return new IndexVectorStoreCollection<TKey, TRecord>(name, options, _registry, model);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty, or the definition is invalid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    /// <exception cref="NotSupportedException">The key type, a vector type or a distance function is not supported.</exception>
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(definition);
        IndexVectorStoreCollectionOptions options = CollectionOptions(definition);
        CollectionModel model = new IndexCollectionModelBuilder().BuildDynamic(definition, options.EmbeddingGenerator);
        return new IndexVectorStoreCollection<object, Dictionary<string, object?>>(name, options, _registry, model);
    }

    /// <inheritdoc />
    /// <remarks>The names are sorted ordinally.</remarks>
    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _registry.Names().ToAsyncEnumerable();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_registry.Find(name) is not null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();
        _registry.Remove(name);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private IndexVectorStoreCollectionOptions CollectionOptions(VectorStoreCollectionDefinition? definition) => new()
    {
        Definition = definition,
        EmbeddingGenerator = _options.EmbeddingGenerator,
        IndexFactory = _options.IndexFactory,
    };
}
