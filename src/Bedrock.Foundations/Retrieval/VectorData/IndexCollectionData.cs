using System.Diagnostics.CodeAnalysis;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// What one collection holds: a private copy of each record by index id, and one vector index per vector property.
/// </summary>
/// <remarks>
/// Thread safety: callers take <see cref="Gate"/> for reading (gets, searches) or writing (upserts, deletes); the
/// index contract (concurrent reads, exclusive writes) is thereby kept. No await happens while the lock is held.
/// </remarks>
/// <typeparam name="TRecord">The record type.</typeparam>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The data can be dropped (collection deleted) while a search still holds its lock, so the lock is not disposed; wait handles it may have created are reclaimed by their finalizers.")]
internal sealed class IndexCollectionData<TRecord>
    where TRecord : class
{
    internal IndexCollectionData(Dictionary<string, IVectorIndex> indexes)
    {
        Indexes = indexes;
    }

    /// <summary>Gets the lock: read for gets and searches, write for upserts and deletes.</summary>
    internal ReaderWriterLockSlim Gate { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Gets the stored records (private copies) by index id.</summary>
    internal Dictionary<string, TRecord> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the vector index of each vector property, by the property's model name.</summary>
    internal Dictionary<string, IVectorIndex> Indexes { get; }
}
