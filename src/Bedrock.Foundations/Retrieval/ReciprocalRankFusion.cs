using System.Globalization;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): merges several rankings of the same documents — for
/// example a dense vector search and a BM25 keyword search (hybrid search) — by rank alone, so scores on different scales
/// need no calibration.
/// </summary>
/// <remarks>
/// <para>
/// The fused score of a document d is <c>RRF(d) = Σᵢ wᵢ / (rrfK + rankᵢ(d))</c> over the rankings i that contain d, with
/// 1-based ranks (the first match of a ranking has rank 1) and weights wᵢ = 1 unless given. A ranking is taken in the
/// order it is given (best first, as every search here returns it); its scores are ignored. An id that appears more
/// than once in one ranking counts once, at its best (lowest) rank.
/// </para>
/// <para>
/// Results are ordered by descending fused score, ties by id (ordinal, ascending). A document's contributions are added
/// smallest first, so the fused scores — and the results — do not depend on the order of the rankings. Scores are
/// computed in double precision and returned rounded to <see cref="float"/>.
/// </para>
/// </remarks>
public static class ReciprocalRankFusion
{
    /// <summary>The default rank constant: 60, the value of the original paper.</summary>
    public const int DefaultRrfK = 60;

    /// <summary>Fuses <paramref name="rankings"/> into the <paramref name="k"/> documents with the highest reciprocal-rank score.</summary>
    /// <param name="rankings">The rankings to fuse, each best first; not null, no entry null. An empty list fuses to no results.</param>
    /// <param name="k">How many documents to return at most; positive.</param>
    /// <param name="rrfK">The rank constant; not negative. Larger values flatten the advantage of top ranks.</param>
    /// <returns>At most <paramref name="k"/> matches whose <see cref="VectorMatch.Score"/> is the fused score, best first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rankings"/> is null.</exception>
    /// <exception cref="ArgumentException">A ranking is null, or a match in it has a null id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive or <paramref name="rrfK"/> is negative.</exception>
    public static IReadOnlyList<VectorMatch> Fuse(IReadOnlyList<IReadOnlyList<VectorMatch>> rankings, int k, int rrfK = DefaultRrfK)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        return FuseCore(rankings, null, k, rrfK);
    }

    /// <summary>Fuses <paramref name="rankings"/>, each counted with its weight, into the <paramref name="k"/> best documents.</summary>
    /// <param name="rankings">The rankings to fuse, each best first; not null, no entry null.</param>
    /// <param name="weights">One weight per ranking, finite and not negative; a ranking of weight 0 contributes nothing.</param>
    /// <param name="k">How many documents to return at most; positive.</param>
    /// <param name="rrfK">The rank constant; not negative.</param>
    /// <returns>At most <paramref name="k"/> matches whose <see cref="VectorMatch.Score"/> is the weighted fused score, best first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rankings"/> or <paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">A ranking is null, a match in it has a null id, or the counts of weights and rankings differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite, <paramref name="k"/> is not positive, or <paramref name="rrfK"/> is negative.</exception>
    public static IReadOnlyList<VectorMatch> FuseWeighted(IReadOnlyList<IReadOnlyList<VectorMatch>> rankings, IReadOnlyList<double> weights, int k, int rrfK = DefaultRrfK)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != rankings.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"There are {weights.Count} weights for {rankings.Count} rankings; give one weight per ranking."),
                nameof(weights));
        }

        for (int i = 0; i < weights.Count; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(weights), weights[i], string.Create(CultureInfo.InvariantCulture, $"weights[{i}] is {weights[i]}; every weight must be finite and not negative."));
            }
        }

        return FuseCore(rankings, weights, k, rrfK);
    }

    private static VectorMatch[] FuseCore(IReadOnlyList<IReadOnlyList<VectorMatch>> rankings, IReadOnlyList<double>? weights, int k, int rrfK)
    {
        for (int i = 0; i < rankings.Count; i++)
        {
            IReadOnlyList<VectorMatch> ranking = rankings[i]
                ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rankings[{i}] is null; pass an empty list for a search that found nothing."), nameof(rankings));
            for (int r = 0; r < ranking.Count; r++)
            {
                if (ranking[r].Id is null)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rankings[{i}][{r}] has a null id."), nameof(rankings));
                }
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegative(rrfK);

        // Each document's contributions, one per ranking that holds it (at its best rank there).
        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var contributions = new List<List<double>>();
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rankings.Count; i++)
        {
            double weight = weights is null ? 1d : weights[i];
            if (weight == 0d)
            {
                continue;
            }

            IReadOnlyList<VectorMatch> ranking = rankings[i];
            seen.Clear();
            for (int r = 0; r < ranking.Count; r++)
            {
                string id = ranking[r].Id;
                if (!seen.Add(id))
                {
                    continue;
                }

                if (!slotOf.TryGetValue(id, out int slot))
                {
                    slot = ids.Count;
                    slotOf.Add(id, slot);
                    ids.Add(id);
                    contributions.Add([]);
                }

                contributions[slot].Add(weight / ((double)rrfK + r + 1));
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        string[] idArray = [.. ids];
        var heap = new TopKHeap(Math.Min(k, idArray.Length), idArray);
        for (int slot = 0; slot < idArray.Length; slot++)
        {
            List<double> parts = contributions[slot];
            parts.Sort();
            double score = 0d;
            foreach (double part in parts)
            {
                score += part;
            }

            heap.Offer((float)score, slot);
        }

        return heap.ToSortedMatches();
    }
}
