using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Retrieval;

/// <summary>Options of an <see cref="IndexVectorStoreCollection{TKey, TRecord}"/>.</summary>
public sealed class IndexVectorStoreCollectionOptions : VectorStoreCollectionOptions
{
    /// <summary>Creates options with the defaults.</summary>
    public IndexVectorStoreCollectionOptions()
    {
    }

    /// <summary>Creates options that copy <paramref name="source"/>.</summary>
    /// <param name="source">The options to copy; not null.</param>
    public IndexVectorStoreCollectionOptions(IndexVectorStoreCollectionOptions source)
        : base(source)
    {
        ArgumentNullException.ThrowIfNull(source);
        IndexFactory = source.IndexFactory;
    }

    /// <summary>
    /// Gets or sets the factory that creates the vector index of each vector property, given the property's dimensions
    /// and the metric its distance function maps to.
    /// </summary>
    /// <value>
    /// Null (the default) creates a <see cref="FlatVectorIndex"/> (exact search). Any <see cref="IVectorIndex"/> whose
    /// <see cref="IVectorIndex.Dimensions"/> and <see cref="IVectorIndex.Metric"/> equal the arguments may be returned,
    /// one new index per call.
    /// </value>
    public Func<int, VectorMetric, IVectorIndex>? IndexFactory { get; set; }
}
