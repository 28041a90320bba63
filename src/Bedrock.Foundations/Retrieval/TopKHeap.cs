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
    private int _size;

    internal TopKHeap(int capacity, string[] ids)
    {
        _scores = new float[capacity];
        _rows = new int[capacity];
        _ids = ids;
        _size = 0;
    }

    internal void Offer(float score, int row)
    {
        if (_size < _scores.Length)
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
