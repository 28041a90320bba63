using System.Globalization;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Retrieval;

/// <summary>
/// One top-10 BM25 query (3 terms) over N documents of 40–80 words drawn from a Zipf-distributed vocabulary of 20 000
/// words: <see cref="KeywordIndex"/> (inverted index, postings of the query terms only, bounded heap) against the
/// straightforward implementation (the baseline, as in rank_bm25): a term-frequency dictionary per document, every document
/// scored from the same formula, all scores sorted. N = 20 000; <c>BENCHMARK_CI=1</c> runs N = 2 000 only.
/// </summary>
[MemoryDiagnoser]
public class KeywordBenchmarks
{
    private const int K = 10;
    private const int Vocabulary = 20_000;
    private const double K1 = 1.2;
    private const double B = 0.75;

    private KeywordIndex _index = null!;
    private Dictionary<string, int>[] _documents = [];
    private int[] _lengths = [];
    private Dictionary<string, int> _documentFrequency = [];
    private double _averageLength;
    private string _query = "";
    private string[] _queryTerms = [];

    /// <summary>The number of documents.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [2_000] : [20_000];

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);
        double[] cumulative = new double[Vocabulary];
        double total = 0;
        for (int rank = 0; rank < Vocabulary; rank++)
        {
            total += 1.0 / (rank + 1);
            cumulative[rank] = total;
        }

        string Word()
        {
            int i = Array.BinarySearch(cumulative, random.NextDouble() * total);
            int rank = Math.Min(Vocabulary - 1, i >= 0 ? i : ~i);
            return "w" + rank.ToString(CultureInfo.InvariantCulture);
        }

        _index = new KeywordIndex();
        _documents = new Dictionary<string, int>[N];
        _lengths = new int[N];
        _documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        long totalLength = 0;
        for (int d = 0; d < N; d++)
        {
            int length = random.Next(40, 81);
            string[] words = new string[length];
            var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int w = 0; w < length; w++)
            {
                words[w] = Word();
                frequencies[words[w]] = frequencies.GetValueOrDefault(words[w]) + 1;
            }

            foreach (string term in frequencies.Keys)
            {
                _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
            }

            _documents[d] = frequencies;
            _lengths[d] = length;
            totalLength += length;
            _index.Upsert(d.ToString("D6", CultureInfo.InvariantCulture), string.Join(' ', words));
        }

        _averageLength = (double)totalLength / N;
        _queryTerms = ["w12", "w150", "w900"];
        _query = string.Join(' ', _queryTerms);
    }

    [Benchmark(Baseline = true, Description = "naive: score every document + sort all")]
    public int NaiveScoreAllAndSort()
    {
        var scores = new double[N];
        var rows = new int[N];
        for (int d = 0; d < N; d++)
        {
            double score = 0;
            foreach (string term in _queryTerms)
            {
                if (_documents[d].TryGetValue(term, out int f))
                {
                    double n = _documentFrequency[term];
                    double idf = Math.Log(1 + ((N - n + 0.5) / (n + 0.5)));
                    score += idf * f * (K1 + 1) / (f + (K1 * (1 - B + (B * _lengths[d] / _averageLength))));
                }
            }

            scores[d] = -score; // ascending sort of −score = descending score
            rows[d] = d;
        }

        Array.Sort(scores, rows);
        int checksum = 0;
        for (int i = 0; i < K; i++)
        {
            checksum += rows[i];
        }

        return checksum;
    }

    [Benchmark(Description = "KeywordIndex.Search")]
    public int KeywordIndexSearch()
    {
        IReadOnlyList<VectorMatch> matches = _index.Search(_query, K);
        int checksum = 0;
        foreach (VectorMatch match in matches)
        {
            checksum += int.Parse(match.Id, CultureInfo.InvariantCulture);
        }

        return checksum;
    }
}
