using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bedrock.Foundations.Retrieval;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.LocalEmbeddings.Tests;

/// <summary>
/// HNSW recall on real embeddings: all-MiniLM-L6-v2 vectors of real English text — the <c>&lt;summary&gt;</c> sentences of
/// the .NET reference documentation that ships with every .NET SDK — searched with <see cref="HnswVectorIndex"/> at its
/// default efSearch and checked against exact search (<see cref="FlatVectorIndex"/>).
/// </summary>
[TestFixture]
public sealed partial class RealEmbeddingRecallTests
{
    private const int Corpus = 2_000;
    private const int Queries = 100;
    private const int K = 10;

    [Test]
    public async Task Hnsw_OnMiniLmEmbeddingsOfRealText_ReachesRecall095AtTheDefaultEfSearch()
    {
        IReadOnlyList<string> sentences = DocumentationSentences(Corpus + Queries);
        Assert.That(sentences, Has.Count.EqualTo(Corpus + Queries), "The SDK's reference documentation should hold enough sentences.");
        using var embedder = new MiniLmEmbeddingGenerator();
        GeneratedEmbeddings<Embedding<float>> vectors = await embedder.GenerateAsync(sentences);

        var exact = new FlatVectorIndex(MiniLmEmbeddingGenerator.Dimensions);
        var hnsw = new HnswVectorIndex(MiniLmEmbeddingGenerator.Dimensions);
        for (int i = 0; i < Corpus; i++)
        {
            string id = i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            exact.Upsert(id, vectors[i].Vector.Span);
            hnsw.Upsert(id, vectors[i].Vector.Span);
        }

        // Queries are sentences that are not in the index.
        var recallByEf = new SortedDictionary<int, double>();
        foreach (int ef in new[] { 16, HnswOptions.DefaultEfSearch })
        {
            int hits = 0;
            for (int q = Corpus; q < Corpus + Queries; q++)
            {
                ReadOnlySpan<float> query = vectors[q].Vector.Span;
                HashSet<string> truth = [.. exact.Search(query, K).Select(m => m.Id)];
                hits += hnsw.Search(query, K, ef).Count(m => truth.Contains(m.Id));
            }

            recallByEf[ef] = (double)hits / (Queries * K);
        }

        TestContext.Out.WriteLine($"HNSW recall@{K} on {Corpus} MiniLM embeddings of documentation sentences: " +
            string.Join(", ", recallByEf.Select(p => $"efSearch {p.Key}: {p.Value:F3}")));
        Assert.That(recallByEf[HnswOptions.DefaultEfSearch], Is.GreaterThanOrEqualTo(0.95));
        Assert.That(recallByEf[HnswOptions.DefaultEfSearch], Is.GreaterThanOrEqualTo(recallByEf[16]));
    }

    /// <summary>
    /// <paramref name="count"/> distinct one-sentence summaries (6 to 40 words) from the SDK's reference XML
    /// documentation, in a seeded shuffle so that they come from many namespaces.
    /// </summary>
    internal static IReadOnlyList<string> DocumentationSentences(int count)
    {
        string runtime = RuntimeEnvironment.GetRuntimeDirectory(); // <dotnet>/shared/Microsoft.NETCore.App/<version>/
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        string? reference = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Order(StringComparer.Ordinal)
                .Select(version => Path.Combine(version, "ref", "net" + Environment.Version.ToString(2)))
                .LastOrDefault(Directory.Exists)
            : null;
        Assert.That(reference, Is.Not.Null, $"No reference documentation under {packs}.");

        var sentences = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(reference!, "*.xml").Order(StringComparer.Ordinal))
        {
            foreach (XElement summary in XDocument.Load(file).Descendants("summary"))
            {
                string text = Whitespace().Replace(summary.Value, " ").Trim();
                int words = text.Split(' ').Length;
                if (words is >= 6 and <= 40)
                {
                    sentences.Add(text);
                }
            }
        }

        string[] all = [.. sentences.Order(StringComparer.Ordinal)];
        new Random(20261125).Shuffle(all);
        return all.Take(count).ToArray();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
