using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// What the Microsoft.Extensions.VectorData adapter costs on top of the index it wraps: one top-10 cosine query over
/// N = 20 000 records of d = 384 through <see cref="IndexVectorStoreCollection{TKey, TRecord}.SearchAsync{TInput}"/>
/// against <see cref="FlatVectorIndex.Search(ReadOnlySpan{float}, int)"/> on the same vectors (the baseline), unfiltered
/// and with a filter on a record field that accepts one record in ten (applied inside the index search in both), once
/// with a filter expression kept and reused (compiled once) and once with a new lambda per call (compiled per call).
/// <c>BENCHMARK_CI=1</c> runs N = 2 000.
/// </summary>
[MemoryDiagnoser]
public class IndexVectorStoreBenchmarks : IDisposable
{
    private const int Dimensions = 384;
    private const int K = 10;

    private FlatVectorIndex _index = null!;
    private IndexVectorStoreCollection<string, Item> _collection = null!;
    private Dictionary<string, int> _groupOfId = [];
    private float[] _query = [];
    private readonly VectorSearchOptions<Item> _filtered = new() { Filter = item => item.Group == 3 };

    /// <summary>The number of stored records.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [2_000] : [20_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);
        _index = new FlatVectorIndex(Dimensions, VectorMetric.Cosine);
        _collection = new IndexVectorStoreCollection<string, Item>("items", new IndexVectorStoreCollectionOptions
        {
            Definition = new VectorStoreCollectionDefinition
            {
                Properties =
                [
                    new VectorStoreKeyProperty(nameof(Item.Id), typeof(string)),
                    new VectorStoreDataProperty(nameof(Item.Group), typeof(int)),
                    new VectorStoreVectorProperty(nameof(Item.Vector), typeof(ReadOnlyMemory<float>), Dimensions),
                ],
            },
        });
        _collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        _groupOfId = new Dictionary<string, int>(N, StringComparer.Ordinal);
        var items = new Item[N];
        for (int row = 0; row < N; row++)
        {
            var vector = new float[Dimensions];
            for (int i = 0; i < Dimensions; i++)
            {
                vector[i] = (float)((random.NextDouble() * 2) - 1);
            }

            string id = row.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            _groupOfId[id] = row % 10;
            _index.Upsert(id, vector);
            items[row] = new Item { Id = id, Group = row % 10, Vector = vector };
        }

        _collection.UpsertAsync(items).GetAwaiter().GetResult();
        _query = new float[Dimensions];
        for (int i = 0; i < Dimensions; i++)
        {
            _query[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _collection?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "FlatVectorIndex.Search")]
    public int IndexSearch() => _index.Search(_query, K).Count;

    [Benchmark(Description = "collection.SearchAsync")]
    public async Task<int> CollectionSearch()
    {
        int count = 0;
        await foreach (var result in _collection.SearchAsync(_query, K).ConfigureAwait(false))
        {
            count += result.Record.Group;
        }

        return count;
    }

    [Benchmark(Description = "FlatVectorIndex.Search, id filter 1/10")]
    public int IndexSearchFiltered() => _index.Search(_query, K, id => _groupOfId[id] == 3).Count;

    [Benchmark(Description = "collection.SearchAsync, Filter 1/10 (reused)")]
    public Task<int> CollectionSearchFiltered() => CountAsync(_filtered);

    [Benchmark(Description = "collection.SearchAsync, Filter 1/10 (new lambda)")]
    public Task<int> CollectionSearchFilteredNewLambda() =>
        CountAsync(new VectorSearchOptions<Item> { Filter = item => item.Group == 3 });

    private async Task<int> CountAsync(VectorSearchOptions<Item> options)
    {
        int count = 0;
        await foreach (var result in _collection.SearchAsync(_query, K, options).ConfigureAwait(false))
        {
            count += result.Record.Group;
        }

        return count;
    }

    /// <summary>A record with a key, one filterable field and a vector.</summary>
    public sealed class Item
    {
        /// <summary>Gets or sets the key.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>Gets or sets the group (row mod 10).</summary>
        public int Group { get; set; }

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
