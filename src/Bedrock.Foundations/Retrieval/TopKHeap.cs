using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Keeps the k best (score, row) pairs seen so far in a binary min-heap whose root is the worst kept pair, so an offer
/// that does not beat the root costs one comparison. Order: higher score first; a NaN score below every number; equal
/// scores by id, ordinal ascending.
/// </summary>
internal struct TopKHeap
{
    private readonly float[] _scores;
    private readonly int[] _rows;
    private readonly string[] _ids;
    private readonly int _capacity;
    private int _size;

    internal TopKHeap(int capacity, string[] ids)
        : this(new float[capacity], new int[capacity], capacity, ids)
    {
    }

    /// <summary>A heap over caller-owned buffers (at least <paramref name="capacity"/> long), e.g. rented from a pool.</summary>
    internal TopKHeap(float[] scores, int[] rows, int capacity, string[] ids)
    {
        _scores = scores;
        _rows = rows;
        _capacity = capacity;
        _ids = ids;
        _size = 0;
    }

    /// <summary>The number of pairs kept.</summary>
    internal readonly int Count => _size;

    /// <summary>Whether the heap holds its capacity, so that an offer must beat <see cref="WorstScore"/> to enter.</summary>
    internal readonly bool IsFull => _size == _capacity;

    /// <summary>The score of the worst kept pair (the root); meaningful when <see cref="Count"/> &gt; 0.</summary>
    internal readonly float WorstScore => _scores[0];

    /// <summary>The buffers, so that a caller that rented them can return them.</summary>
    internal readonly (float[] Scores, int[] Rows) Buffers => (_scores, _rows);

    /// <summary>The score of the i-th kept pair, in heap order.</summary>
    internal readonly float ScoreAt(int i) => _scores[i];

    /// <summary>The row of the i-th kept pair, in heap order.</summary>
    internal readonly int RowAt(int i) => _rows[i];

    internal void Offer(float score, int row)
    {
        if (_size < _capacity)
        {
            int i = _size++;
            _scores[i] = score;
            _rows[i] = row;
            SiftUp(i);
            return;
        }

        if (!IsBetter(score, row, _scores[0], _rows[0]))
        {
            return;
        }

        _scores[0] = score;
        _rows[0] = row;
        SiftDown(0);
    }

    /// <summary>
    /// Offers rows <paramref name="firstRow"/>, <paramref name="firstRow"/> + 1, … with <paramref name="scores"/>: once the
    /// heap is full, a vectorized comparison against the worst kept score skips, 8 at a time, the rows that cannot enter.
    /// The result is that of offering each row in order.
    /// </summary>
    internal void OfferAll(ReadOnlySpan<float> scores, int firstRow)
    {
        int i = 0;
        for (; i < scores.Length && _size < _capacity; i++)
        {
            Offer(scores[i], firstRow + i);
        }

        if (_capacity == 0 || float.IsNaN(_scores[0]))
        {
            // A NaN root (every kept score is NaN) is beaten by any number, which no comparison below can see.
            for (; i < scores.Length; i++)
            {
                Offer(scores[i], firstRow + i);
            }

            return;
        }

        ref float first = ref MemoryMarshal.GetReference(scores);
        for (; i <= scores.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            // ≥, not >: an equal score can still win on its id. A NaN score compares false and never enters a full heap.
            uint candidates = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)i), Vector256.Create(_scores[0])).ExtractMostSignificantBits();
            while (candidates != 0)
            {
                int j = i + BitOperations.TrailingZeroCount(candidates);
                Offer(scores[j], firstRow + j);
                candidates &= candidates - 1;
            }
        }

        for (; i < scores.Length; i++)
        {
            if (scores[i] >= _scores[0])
            {
                Offer(scores[i], firstRow + i);
            }
        }
    }

    /// <summary>Empties the heap into an array sorted best first (a heap sort of the k kept pairs).</summary>
    internal readonly VectorMatch[] ToSortedMatches()
    {
        var matches = new VectorMatch[_size];
        var self = this;
        for (int end = _size - 1; end >= 0; end--)
        {
            matches[end] = new VectorMatch(_ids[self._rows[0]], self._scores[0]);
            self._size = end;
            if (end > 0)
            {
                self._scores[0] = self._scores[end];
                self._rows[0] = self._rows[end];
                self.SiftDown(0);
            }
        }

        return matches;
    }

    /// <summary>Whether (score a, row a) ranks before (score b, row b).</summary>
    private readonly bool IsBetter(float scoreA, int rowA, float scoreB, int rowB)
    {
        if (scoreA > scoreB)
        {
            return true;
        }

        if (scoreA < scoreB)
        {
            return false;
        }

        bool nanA = float.IsNaN(scoreA);
        bool nanB = float.IsNaN(scoreB);
        if (nanA != nanB)
        {
            return nanB;
        }

        return string.CompareOrdinal(_ids[rowA], _ids[rowB]) < 0;
    }

    private readonly void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!IsBetter(_scores[parent], _rows[parent], _scores[i], _rows[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private readonly void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= _size)
            {
                return;
            }

            int worst = left;
            int right = left + 1;
            if (right < _size && IsBetter(_scores[left], _rows[left], _scores[right], _rows[right]))
            {
                worst = right;
            }

            if (!IsBetter(_scores[i], _rows[i], _scores[worst], _rows[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private readonly void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
