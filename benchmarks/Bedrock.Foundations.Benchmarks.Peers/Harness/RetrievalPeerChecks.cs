using System.Globalization;
using System.Text;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>Cross-checks of our retrieval against FAISS on the benchmark data, run before anything is timed.</summary>
public static class RetrievalPeerChecks
{
    /// <summary>Largest |our score − FAISS's| accepted (float32 inner products of unit vectors, different summation order).</summary>
    public const float ScoreTolerance = 1e-5f;

    /// <summary>
    /// Both exact indexes return the same top-k for each query: the same scores within <see cref="ScoreTolerance"/>,
    /// and the same ids except where two scores tie within that tolerance.
    /// </summary>
    public static CheckResult CheckSameTopK(IVectorIndex ours, FaissIndex faiss, ReadOnlySpan<float> queries, int k)
    {
        int d = ours.Dimensions;
        int count = queries.Length / d;
        var scores = new float[count * k];
        var labels = new long[count * k];
        faiss.Search(queries, k, scores, labels);
        var report = new StringBuilder();
        bool passed = true;
        for (int q = 0; q < count; q++)
        {
            IReadOnlyList<VectorMatch> mine = ours.Search(queries.Slice(q * d, d), k);
            for (int r = 0; r < k; r++)
            {
                float theirs = scores[(q * k) + r];
                bool sameId = mine[r].Id == RetrievalPeerData.Id(labels[(q * k) + r]);
                bool tie = r + 1 < k && Math.Abs(theirs - scores[(q * k) + r + 1]) <= ScoreTolerance
                    || r > 0 && Math.Abs(theirs - scores[(q * k) + r - 1]) <= ScoreTolerance;
                if (Math.Abs(mine[r].Score - theirs) > ScoreTolerance || (!sameId && !tie))
                {
                    passed = false;
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"query {q} rank {r}: ours {mine[r].Id} {mine[r].Score:R}, FAISS {labels[(q * k) + r]} {theirs:R}");
                }
            }
        }

        report.Insert(0, string.Create(CultureInfo.InvariantCulture,
            $"Exact top-{k} of {count} queries over {ours.Count} vectors, ours vs FAISS IndexFlatIP: {(passed ? "same" : "DIFFERENT")}{Environment.NewLine}"));
        return new CheckResult(passed, report.ToString());
    }

    /// <summary>Mean recall@k of approximate results (row i: query i's FAISS labels) against exact ones.</summary>
    public static double Recall(ReadOnlySpan<long> approximate, ReadOnlySpan<long> exact, int k)
    {
        int queries = exact.Length / k;
        long hits = 0;
        for (int q = 0; q < queries; q++)
        {
            ReadOnlySpan<long> truth = exact.Slice(q * k, k);
            foreach (long label in approximate.Slice(q * k, k))
            {
                if (label >= 0 && truth.Contains(label))
                {
                    hits++;
                }
            }
        }

        return (double)hits / ((long)queries * k);
    }
}
