using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Retrieval;

/// <summary>Options of an <see cref="IndexVectorStore"/>, applied to every collection it hands out.</summary>
public sealed class IndexVectorStoreOptions
{
    /// <summary>Gets or sets the embedding generator collections use when no definition or property names one.</summary>
    /// <value>Null (the default): searches take vectors only, and vector properties must hold vectors.</value>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }

    /// <summary>Gets or sets the factory that creates the vector index of each vector property.</summary>
    /// <value>Null (the default) creates a <see cref="FlatVectorIndex"/>; see <see cref="IndexVectorStoreCollectionOptions.IndexFactory"/>.</value>
    public Func<int, VectorMetric, IVectorIndex>? IndexFactory { get; set; }
}
