namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// The collections of one <see cref="IndexVectorStore"/> (or of one stand-alone collection), by name: each value is
/// the <see cref="IndexCollectionData{TRecord}"/> that every collection object of that name reads and writes.
/// </summary>
/// <remarks>Thread-safe: one lock guards the name table (not the collections' contents).</remarks>
internal sealed class IndexCollectionRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, object> _collections = new(StringComparer.Ordinal);

    /// <summary>The data of the collection named <paramref name="name"/>, or null when it does not exist.</summary>
    internal object? Find(string name)
    {
        lock (_gate)
        {
            return _collections.GetValueOrDefault(name);
        }
    }

    /// <summary>The data of the collection named <paramref name="name"/>, created by <paramref name="create"/> when it does not exist.</summary>
    internal object GetOrAdd(string name, Func<object> create)
    {
        lock (_gate)
        {
            if (!_collections.TryGetValue(name, out object? data))
            {
                data = create();
                _collections.Add(name, data);
            }

            return data;
        }
    }

    /// <summary>Removes the collection named <paramref name="name"/>; false when it did not exist.</summary>
    internal bool Remove(string name)
    {
        lock (_gate)
        {
            return _collections.Remove(name);
        }
    }

    /// <summary>A snapshot of the collection names, sorted ordinally.</summary>
    internal string[] Names()
    {
        lock (_gate)
        {
            string[] names = [.. _collections.Keys];
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
    }
}
