using System.Buffers;
using System.Globalization;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// A keyword index ranked by Okapi BM25 — the lexical half of hybrid search: dense retrieval alone misses exact terms
/// (names, codes, numbers), which BM25 finds. Fuse both rankings with <see cref="ReciprocalRankFusion"/>.
/// </summary>
/// <remarks>
/// <para>
/// Score (Robertson et al., Okapi at TREC-3): for a query with terms q₁…qₙ and a document D,
/// <c>score(D, Q) = Σᵢ IDF(qᵢ) · f(qᵢ, D) · (k1 + 1) / (f(qᵢ, D) + k1 · (1 − b + b · |D| / avgdl))</c>, where f is the
/// term's frequency in D, |D| the number of terms of D and avgdl the mean over the index. The IDF is Lucene's
/// (<c>BM25Similarity</c>), which stays positive for terms in more than half the documents:
/// <c>IDF(q) = ln(1 + (N − n(q) + 0.5) / (n(q) + 0.5))</c>, with N the number of documents and n(q) the number that
/// contain q. A term repeated in the query counts once per occurrence; a query term absent from the index adds nothing.
/// Statistics (N, n(q), avgdl) are exact at every moment, including after replacements and removals. Scores are summed in
/// double precision, query term by query term, and returned as <see cref="float"/>.
/// </para>
/// <para>
/// Analysis (documents and queries alike): full-width ASCII folded to ASCII, lower-casing with the invariant culture
/// (Unicode simple case mapping, the same with or without ICU), a split at every character that is not a letter, a digit or a combining mark (so "don't" is "don" and "t", "3.14" is "3" and
/// "14"), each CJK ideograph or kana a term of its own, and optionally no English stop words
/// (<see cref="KeywordIndexOptions.RemoveEnglishStopWords"/>). No stemming, and no Unicode normalization (it depends
/// on ICU, which hosts with invariant globalization lack, so terms would differ between hosts): a precomposed "é" and
/// "e" with a combining acute are different terms — normalize the text first (<see cref="string.Normalize()"/>) if
/// your sources mix the two forms.
/// </para>
/// <para>
/// Results hold only documents that contain at least one query term, best first, ties by id (ordinal, ascending).
/// </para>
/// <para>
/// Thread safety: reads (<see cref="Count"/>, <see cref="Contains"/>, the searches) may run concurrently with each
/// other; a write (<see cref="Upsert"/>, <see cref="Remove"/>) must not overlap any other call — the caller synchronizes,
/// for example with a <see cref="ReaderWriterLockSlim"/> (concurrent searches, one writer at a time).
/// </para>
/// </remarks>
public sealed class KeywordIndex
{
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _termOf = new(StringComparer.Ordinal);
    private readonly bool _removeStopWords;

    // Per slot (a document, or a removed one until compaction).
    private string?[] _ids = [];
    private int[] _lengths = [];
    private int[][] _docTerms = [];
    private int[][] _docFrequencies = [];
    private int _slots;
    private int _deadSlots;

    // Per term: document frequency and postings (slot, frequency), dead slots included until compaction.
    private int[] _documentFrequency = [];
    private int[][] _postingSlots = [];
    private int[][] _postingFrequencies = [];
    private int[] _postingCount = [];

    private long _totalLength;

    /// <summary>Creates an empty index with k1 = 1.2, b = 0.75 and no stop words.</summary>
    public KeywordIndex()
        : this(new KeywordIndexOptions())
    {
    }

    /// <summary>Creates an empty index.</summary>
    /// <param name="options">The BM25 parameters and analyzer setting; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">k1 is negative or not finite, or b is outside [0, 1].</exception>
    public KeywordIndex(KeywordIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        K1 = options.K1;
        B = options.B;
        _removeStopWords = options.RemoveEnglishStopWords;
    }

    /// <summary>Gets the term-frequency saturation k1.</summary>
    public double K1 { get; }

    /// <summary>Gets the length normalization b.</summary>
    public double B { get; }

    /// <summary>Gets the number of documents in the index.</summary>
    public int Count => _slotOf.Count;

    /// <summary>Whether a document is stored under <paramref name="id"/>.</summary>
    /// <param name="id">The id; not null.</param>
    /// <returns><see langword="true"/> when the index holds the id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _slotOf.ContainsKey(id);
    }

    /// <summary>The terms the index's analyzer makes of <paramref name="text"/>, in order, repeats kept.</summary>
    /// <param name="text">Any text; not null.</param>
    /// <returns>The terms; empty when the text has no letters or digits (or only stop words, when they are removed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        KeywordAnalyzer.Analyze(text, _removeStopWords, terms);
        return terms;
    }

    /// <summary>Adds a document under <paramref name="id"/>, or replaces the document already stored under it.</summary>
    /// <param name="id">The id (compared ordinally); not null or empty.</param>
    /// <param name="text">The document's text; not null. A text without terms is stored (it counts in N and avgdl) but never matches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public void Upsert(string id, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        KeywordAnalyzer.Analyze(text, _removeStopWords, terms);

        // Term frequencies, by term id in first-occurrence order.
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string term in terms)
        {
            frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
        }

        if (_slotOf.TryGetValue(id, out int old))
        {
            Kill(old);
        }

        int slot = NewSlot();
        int[] docTerms = new int[frequencies.Count];
        int[] docFrequencies = new int[frequencies.Count];
        int i = 0;
        foreach ((string term, int frequency) in frequencies)
        {
            int termId = TermId(term);
            docTerms[i] = termId;
            docFrequencies[i] = frequency;
            AddPosting(termId, slot, frequency);
            _documentFrequency[termId]++;
            i++;
        }

        _ids[slot] = id;
        _lengths[slot] = terms.Count;
        _docTerms[slot] = docTerms;
        _docFrequencies[slot] = docFrequencies;
        _slotOf[id] = slot;
        _totalLength += terms.Count;
        CompactIfSparse();
    }

    /// <summary>Removes the document stored under <paramref name="id"/>.</summary>
    /// <param name="id">The id; not null.</param>
    /// <returns><see langword="true"/> when a document was removed; <see langword="false"/> when the id was not in the index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_slotOf.Remove(id, out int slot))
        {
            return false;
        }

        Kill(slot);
        CompactIfSparse();
        return true;
    }

    /// <summary>Finds the <paramref name="k"/> documents with the highest BM25 score for <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query text; it must hold at least one term under the index's analyzer.</param>
    /// <param name="k">How many matches to return at most; positive.</param>
    /// <returns>At most <paramref name="k"/> documents that contain a query term, sorted by descending score (ties by id).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> has no terms (it is empty, only punctuation or whitespace, or only stop words when they are removed).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<VectorMatch> Search(string query, int k)
    {
        List<string> terms = QueryTerms(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return SearchCore(terms, k, null);
    }

    /// <summary>
    /// Finds the <paramref name="k"/> best documents for <paramref name="query"/> among those whose id
    /// <paramref name="filter"/> accepts. The filter is applied during the search, so up to k accepted documents are
    /// returned however many better ones it rejects.
    /// </summary>
    /// <param name="query">The query text; it must hold at least one term under the index's analyzer.</param>
    /// <param name="k">How many matches to return at most; positive.</param>
    /// <param name="filter">Returns <see langword="true"/> for the ids that may be returned; called on the searching thread, once per matching document. It must not modify the index.</param>
    /// <returns>At most <paramref name="k"/> accepted documents that contain a query term, sorted by descending score.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="filter"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> has no terms.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<VectorMatch> Search(string query, int k, Func<string, bool> filter)
    {
        List<string> terms = QueryTerms(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentNullException.ThrowIfNull(filter);
        return SearchCore(terms, k, filter);
    }

    private List<string> QueryTerms(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = new List<string>();
        KeywordAnalyzer.Analyze(query, _removeStopWords, terms);
        if (terms.Count == 0)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The query has no terms: '{(query.Length > 80 ? query[..80] + "…" : query)}' holds no letters or digits{(_removeStopWords ? " other than stop words" : "")}. Search with at least one word."),
                nameof(query));
        }

        return terms;
    }

    private VectorMatch[] SearchCore(List<string> terms, int k, Func<string, bool>? filter)
    {
        int documents = _slotOf.Count;
        if (documents == 0)
        {
            return [];
        }

        double averageLength = (double)_totalLength / documents;
        double k1 = K1;
        double b = B;
        double[] scores = ArrayPool<double>.Shared.Rent(_slots);
        int[] touched = ArrayPool<int>.Shared.Rent(_slots);
        try
        {
            scores.AsSpan(0, _slots).Clear();
            int touchedCount = 0;
            foreach (string term in terms)
            {
                if (!_termOf.TryGetValue(term, out int termId) || _documentFrequency[termId] == 0)
                {
                    continue;
                }

                double n = _documentFrequency[termId];
                double idf = Math.Log(1d + ((documents - n + 0.5) / (n + 0.5)));
                int[] slots = _postingSlots[termId];
                int[] frequencies = _postingFrequencies[termId];
                int count = _postingCount[termId];
                for (int p = 0; p < count; p++)
                {
                    int slot = slots[p];
                    if (_ids[slot] is null)
                    {
                        continue;
                    }

                    // Every contribution is positive (IDF > 0, f ≥ 1), so a zero score marks a slot not seen yet.
                    double f = frequencies[p];
                    double norm = k1 * (1d - b + (b * _lengths[slot] / averageLength));
                    if (scores[slot] == 0d)
                    {
                        touched[touchedCount++] = slot;
                    }

                    scores[slot] += idf * f * (k1 + 1d) / (f + norm);
                }
            }

            if (touchedCount == 0)
            {
                return [];
            }

            var heap = new TopKHeap(Math.Min(k, touchedCount), _ids!);
            for (int t = 0; t < touchedCount; t++)
            {
                int slot = touched[t];
                if (filter is null || filter(_ids[slot]!))
                {
                    heap.Offer((float)scores[slot], slot);
                }
            }

            return heap.ToSortedMatches();
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(touched);
        }
    }

    /// <summary>Marks a slot removed: its terms leave the document frequencies, its length the total. Postings stay until compaction.</summary>
    private void Kill(int slot)
    {
        foreach (int termId in _docTerms[slot])
        {
            _documentFrequency[termId]--;
        }

        _totalLength -= _lengths[slot];
        _ids[slot] = null;
        _docTerms[slot] = [];
        _docFrequencies[slot] = [];
        _deadSlots++;
    }

    private int NewSlot()
    {
        if (_slots == _ids.Length)
        {
            int capacity = Math.Max(16, _ids.Length * 2);
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _lengths, capacity);
            Array.Resize(ref _docTerms, capacity);
            Array.Resize(ref _docFrequencies, capacity);
        }

        return _slots++;
    }

    private int TermId(string term)
    {
        if (_termOf.TryGetValue(term, out int termId))
        {
            return termId;
        }

        termId = _termOf.Count;
        if (termId == _documentFrequency.Length)
        {
            int capacity = Math.Max(64, termId * 2);
            Array.Resize(ref _documentFrequency, capacity);
            Array.Resize(ref _postingSlots, capacity);
            Array.Resize(ref _postingFrequencies, capacity);
            Array.Resize(ref _postingCount, capacity);
        }

        _termOf.Add(term, termId);
        _postingSlots[termId] = [];
        _postingFrequencies[termId] = [];
        return termId;
    }

    private void AddPosting(int termId, int slot, int frequency)
    {
        int count = _postingCount[termId];
        if (count == _postingSlots[termId].Length)
        {
            int capacity = Math.Max(4, count * 2);
            Array.Resize(ref _postingSlots[termId], capacity);
            Array.Resize(ref _postingFrequencies[termId], capacity);
        }

        _postingSlots[termId][count] = slot;
        _postingFrequencies[termId][count] = frequency;
        _postingCount[termId] = count + 1;
    }

    /// <summary>
    /// Rebuilds the slots and postings without removed documents once they are more than half the slots, so a search never
    /// walks more than twice the live postings (amortized O(1) per write). Terms no document holds any more are dropped.
    /// </summary>
    private void CompactIfSparse()
    {
        if (_deadSlots <= 32 || _deadSlots * 2 <= _slots)
        {
            return;
        }

        string?[] ids = _ids;
        int[] lengths = _lengths;
        int[][] docTerms = _docTerms;
        int[][] docFrequencies = _docFrequencies;
        int slots = _slots;
        string[] termNames = new string[_termOf.Count];
        foreach ((string term, int termId) in _termOf)
        {
            termNames[termId] = term;
        }

        _termOf.Clear();
        _slotOf.Clear();
        _ids = [];
        _lengths = [];
        _docTerms = [];
        _docFrequencies = [];
        _slots = 0;
        _deadSlots = 0;
        _documentFrequency = [];
        _postingSlots = [];
        _postingFrequencies = [];
        _postingCount = [];
        for (int old = 0; old < slots; old++)
        {
            if (ids[old] is not string id)
            {
                continue;
            }

            int slot = NewSlot();
            int[] terms = docTerms[old];
            for (int i = 0; i < terms.Length; i++)
            {
                int termId = TermId(termNames[terms[i]]);
                terms[i] = termId;
                AddPosting(termId, slot, docFrequencies[old][i]);
                _documentFrequency[termId]++;
            }

            _ids[slot] = id;
            _lengths[slot] = lengths[old];
            _docTerms[slot] = terms;
            _docFrequencies[slot] = docFrequencies[old];
            _slotOf.Add(id, slot);
        }
    }
}
