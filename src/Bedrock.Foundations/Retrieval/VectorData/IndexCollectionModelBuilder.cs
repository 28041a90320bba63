using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

// MEVD9001: the ProviderServices model builder is marked experimental; it is the abstraction's own way of reading a
// record definition (attributes or VectorStoreCollectionDefinition), so this adapter validates records exactly as the
// other providers do. The package version is pinned centrally.
#pragma warning disable MEVD9001

namespace Bedrock.Foundations.Retrieval;

/// <summary>Reads a record type or definition into a collection model, accepting what the index adapter stores.</summary>
internal sealed class IndexCollectionModelBuilder : CollectionModelBuilder
{
    /// <summary>The vector property types the adapter stores, for messages.</summary>
    internal const string SupportedVectorTypes = "ReadOnlyMemory<float>, ReadOnlyMemory<float>?, float[], Embedding<float>";

    internal IndexCollectionModelBuilder()
        : base(new CollectionModelBuildingOptions { SupportsMultipleVectors = true, RequiresAtLeastOneVector = false })
    {
    }

    /// <summary>Whether values of <paramref name="type"/> are vectors the index takes without embedding generation.</summary>
    internal static bool IsNativeVectorType(Type type) =>
        type == typeof(ReadOnlyMemory<float>) || type == typeof(ReadOnlyMemory<float>?) || type == typeof(float[]) || type == typeof(Embedding<float>);

    /// <inheritdoc />
    protected override bool IsDataPropertyTypeValid(Type type, out string supportedTypes)
    {
        // Records are kept in memory as CLR objects, so any data type can be stored and filtered on.
        supportedTypes = "any type";
        return true;
    }

    /// <inheritdoc />
    protected override bool IsVectorPropertyTypeValid(Type type, out string supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return IsNativeVectorType(type);
    }

    /// <inheritdoc />
    protected override bool SupportsKeyAutoGeneration(Type keyPropertyType) => keyPropertyType == typeof(Guid);

    /// <inheritdoc />
    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        base.ValidateKeyProperty(keyProperty);
        if (!RecordKeys.IsSupported(keyProperty.Type))
        {
            throw new NotSupportedException(
                $"The key property '{keyProperty.ModelName}' has type {keyProperty.Type}; the index vector store supports keys of type {RecordKeys.Supported}.");
        }
    }
}
