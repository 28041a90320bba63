using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// The storage and algorithms of a <see cref="HnswVectorIndex"/>: nodes in insertion order (slots), their vectors in one
/// contiguous row-major array, their neighbour lists (layer 0 in one array of fixed-size records, upper layers per node),
/// tombstones, the entry point and the level generator's state.
/// </summary>
/// <remarks>
/// One writer (the index serializes them) mutates a graph while any number of searches read it without locks. A node's
/// vector, id, level and neighbour lists are written before any other node links to it, and slots are never reused,
/// so every slot a search reads from a neighbour list is a complete node. A neighbour list that is rewritten in place
/// can be read half-old, half-new; every entry in it is still a complete node. Growing copies everything (the upper
/// lists too) into a new graph, which the index publishes; the old graph is never written again.
/// </remarks>
internal sealed class HnswGraph
{
    /// <summary>The highest level a node can get (a level-32 node has probability M⁻³² ≤ 2⁻³²).</summary>
    internal const int MaxLevel = 32;

    private const long EmptyEntry = -1;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private int _nodeCount;
    private long _entry = EmptyEntry;

    internal HnswGraph(int dimensions, VectorMetric metric, int m, int efConstruction, int capacity, ulong levelState)
        : this(
            dimensions,
            metric,
            m,
            efConstruction,
            new float[capacity * dimensions],
            new string[capacity],
            new byte[capacity],
            new bool[capacity],
            new int[capacity * (1 + (2 * m))],
            new int[capacity][],
            levelState)
    {
    }

    /// <summary>A graph over the given arrays (the loader's and <see cref="Snapshot"/>'s constructor).</summary>
    internal HnswGraph(
        int dimensions,
        VectorMetric metric,
        int m,
        int efConstruction,
        float[] vectors,
        string[] ids,
        byte[] levels,
        bool[] deleted,
        int[] layer0,
        int[]?[] upper,
        ulong levelState)
    {
        Dimensions = dimensions;
        Metric = metric;
        M = m;
        EfConstruction = efConstruction;
        Layer0Stride = 1 + (2 * m);
        UpperStride = 1 + m;
        Vectors = vectors;
        Ids = ids;
        Levels = levels;
        Deleted = deleted;
        Layer0 = layer0;
        Upper = upper;
        LevelState = levelState;
    }

    internal int Dimensions { get; }

    internal VectorMetric Metric { get; }

    internal int M { get; }

    internal int EfConstruction { get; }

    /// <summary>Ints per node on layer 0: a count, then up to 2M neighbours.</summary>
    internal int Layer0Stride { get; }

    /// <summary>Ints per node per upper layer: a count, then up to M neighbours.</summary>
    internal int UpperStride { get; }

    internal float[] Vectors { get; }

    internal string[] Ids { get; }

    internal byte[] Levels { get; }

    internal bool[] Deleted { get; }

    internal int[] Layer0 { get; }

    /// <summary>Per node, its lists on layers 1 … level (level × <see cref="UpperStride"/> ints), or null on level 0.</summary>
    internal int[]?[] Upper { get; }

    /// <summary>The SplitMix64 state of the level generator.</summary>
    internal ulong LevelState { get; set; }

    internal int Capacity => Ids.Length;

    /// <summary>Gets the number of slots written (live and tombstoned).</summary>
    internal int NodeCount => Volatile.Read(ref _nodeCount);

    /// <summary>Gets the entry point's slot and the graph's top level, or (−1, −1) when the graph is empty.</summary>
    internal (int Slot, int Level) Entry
    {
        get
        {
            long entry = Volatile.Read(ref _entry);
            return entry == EmptyEntry ? (-1, -1) : ((int)entry, (int)(entry >> 32));
        }
    }

    internal ReadOnlySpan<float> Vector(int slot) => Vectors.AsSpan(slot * Dimensions, Dimensions);

    /// <summary>A copy with room for <paramref name="capacity"/> nodes; the upper lists are copied too, so the copies share nothing.</summary>
    internal HnswGraph Grow(int capacity)
    {
        var grown = new HnswGraph(Dimensions, Metric, M, EfConstruction, capacity, LevelState);
        int count = _nodeCount;
        Vectors.AsSpan(0, count * Dimensions).CopyTo(grown.Vectors);
        Ids.AsSpan(0, count).CopyTo(grown.Ids);
        Levels.AsSpan(0, count).CopyTo(grown.Levels);
        Deleted.AsSpan(0, count).CopyTo(grown.Deleted);
        Layer0.AsSpan(0, count * Layer0Stride).CopyTo(grown.Layer0);
        for (int slot = 0; slot < count; slot++)
        {
            grown.Upper[slot] = (int[]?)Upper[slot]?.Clone();
        }

        grown._nodeCount = count;
        grown._entry = _entry;
        return grown;
    }

    /// <summary>
    /// A frozen copy for saving, taken under the write lock: the parts a writer changes in place (neighbour lists,
    /// tombstones, counters) are copied; vectors, ids and levels of written slots never change, so they are shared.
    /// </summary>
    internal HnswGraph Snapshot()
    {
        int count = _nodeCount;
        var upper = new int[]?[count];
        for (int slot = 0; slot < count; slot++)
        {
            upper[slot] = (int[]?)Upper[slot]?.Clone();
        }

        var snapshot = new HnswGraph(
            Dimensions, Metric, M, EfConstruction, Vectors, Ids, Levels, Deleted[..count], Layer0[..(count * Layer0Stride)], upper, LevelState);
        snapshot._nodeCount = count;
        snapshot._entry = _entry;
        return snapshot;
    }

    /// <summary>Restores the counters of a graph whose arrays were filled by the loader.</summary>
    internal void SetLoaded(int nodeCount, int entrySlot, int entryLevel)
    {
        _nodeCount = nodeCount;
        _entry = entrySlot < 0 ? EmptyEntry : Pack(entrySlot, entryLevel);
    }

    /// <summary>
    /// Draws a level: ⌊−ln(U)·mL⌋ with mL = 1/ln M, computed exactly as the largest L with U ≤ M⁻ᴸ (U uniform in (0, 1]
    /// from SplitMix64), so it is the same on every platform.
    /// </summary>
    internal int NextLevel()
    {
        ulong state = LevelState + 0x9E3779B97F4A7C15UL;
        LevelState = state;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double u = ((z >> 11) + 1) * (1.0 / (1UL << 53));
        int level = 0;
        double threshold = 1.0 / M;
        while (level < MaxLevel && u <= threshold)
        {
            level++;
            threshold /= M;
        }

        return level;
    }

    /// <summary>
    /// Inserts a (validated, already normalized under cosine) vector as slot <see cref="NodeCount"/> (Algorithm 1).
    /// The caller holds the write lock and has made room.
    /// </summary>
    internal int Insert(string id, ReadOnlySpan<float> vector)
    {
        int slot = _nodeCount;
        int level = NextLevel();
        vector.CopyTo(Vectors.AsSpan(slot * Dimensions, Dimensions));
        Ids[slot] = id;
        Levels[slot] = (byte)level;
        Upper[slot] = level > 0 ? new int[level * UpperStride] : null;
        Volatile.Write(ref _nodeCount, slot + 1);

        // Every store of the node above becomes visible before any neighbour list that names it (the plain stores of
        // Link's re-selection included), so a search that reads the slot from a list reads a complete node.
        Interlocked.MemoryBarrier();

        (int entry, int top) = Entry;
        if (entry < 0)
        {
            Volatile.Write(ref _entry, Pack(slot, level));
            return slot;
        }

        ReadOnlySpan<float> q = Vector(slot);
        float entryScore = Score(q, entry);
        for (int layer = top; layer > level; layer--)
        {
            (entry, entryScore) = Greedy(q, entry, entryScore, layer);
        }

        Scratch scratch = GetScratch();
        for (int layer = Math.Min(level, top); layer >= 0; layer--)
        {
            List<(float Score, int Slot)> found = SearchLayer(q, entry, entryScore, EfConstruction, layer, acceptAll: true, null, scratch);
            (float Score, int Slot)[] chosen = [.. SelectNeighbours(found, M, scratch.Selected)];
            Span<int> own = List(slot, layer);
            for (int i = 0; i < chosen.Length; i++)
            {
                own[1 + i] = chosen[i].Slot;
            }

            Volatile.Write(ref own[0], chosen.Length);
            for (int i = 0; i < chosen.Length; i++)
            {
                Link(chosen[i].Slot, slot, chosen[i].Score, layer, scratch);
            }

            (entryScore, entry) = found[0];
        }

        if (level > top)
        {
            Volatile.Write(ref _entry, Pack(slot, level));
        }

        return slot;
    }

    /// <summary>Marks a slot removed: searches skip it in results but still walk through it.</summary>
    internal void Tombstone(int slot) => Volatile.Write(ref Deleted[slot], true);

    /// <summary>
    /// The <paramref name="k"/> best accepted nodes for a (validated, normalized) query: greedy descent from the entry
    /// point through the upper layers, then a beam of width max(ef, k) on layer 0 that only counts accepted nodes
    /// (not tombstoned, allowed by <paramref name="filter"/>), so it keeps exploring until it has enough of them or runs
    /// out of candidates.
    /// </summary>
    internal VectorMatch[] Search(ReadOnlySpan<float> query, int k, int ef, Func<string, bool>? filter)
    {
        (int entry, int top) = Entry;
        if (entry < 0)
        {
            return [];
        }

        float entryScore = Score(query, entry);
        for (int layer = top; layer > 0; layer--)
        {
            (entry, entryScore) = Greedy(query, entry, entryScore, layer);
        }

        Scratch scratch = GetScratch();
        List<(float Score, int Slot)> found = SearchLayer(query, entry, entryScore, Math.Max(ef, k), 0, acceptAll: false, filter, scratch);
        var heap = new TopKHeap(Math.Max(1, Math.Min(k, found.Count)), Ids);
        foreach ((float score, int slot) in found)
        {
            if (!Volatile.Read(ref Deleted[slot]))
            {
                heap.Offer(score, slot);
            }
        }

        return heap.ToSortedMatches();
    }

    /// <summary>
    /// The similarity of a query to a stored node: a dot product (cosine, dot product) or the negated distance, computed
    /// by <see cref="FlatVectorIndex"/>'s kernel, so a returned score is bit-identical to the exact index's score.
    /// </summary>
    internal float Score(ReadOnlySpan<float> query, int slot)
    {
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float x = ref Vectors[slot * Dimensions];
        return Metric == VectorMetric.Euclidean
            ? FlatKernels.Score<FlatEuclidean>(ref q, ref x, Dimensions)
            : FlatKernels.Score<FlatDot>(ref q, ref x, Dimensions);
    }

    /// <summary>A node's neighbour list on a layer: element 0 is the count, then the neighbours.</summary>
    internal Span<int> List(int slot, int layer) =>
        layer == 0
            ? Layer0.AsSpan(slot * Layer0Stride, Layer0Stride)
            : Upper[slot].AsSpan((layer - 1) * UpperStride, UpperStride);

    private static long Pack(int slot, int level) => ((long)level << 32) | (uint)slot;

    private static Scratch GetScratch() => t_scratch ??= new Scratch();

    /// <summary>Walks to a better neighbour on one layer until none is better (the upper-layer search with ef = 1).</summary>
    private (int Slot, float Score) Greedy(ReadOnlySpan<float> query, int current, float currentScore, int layer)
    {
        bool moved = true;
        while (moved)
        {
            moved = false;
            Span<int> list = List(current, layer);
            int count = Math.Min(Volatile.Read(ref list[0]), list.Length - 1);
            for (int i = 1; i <= count; i++)
            {
                int neighbour = list[i];
                float score = Score(query, neighbour);
                if (score > currentScore)
                {
                    current = neighbour;
                    currentScore = score;
                    moved = true;
                }
            }
        }

        return (current, currentScore);
    }

    /// <summary>
    /// The beam search on one layer (Algorithm 2): returns up to <paramref name="ef"/> accepted nodes, best first (ties by
    /// slot). With <paramref name="acceptAll"/> every node counts (construction); otherwise tombstones and nodes the filter
    /// rejects are walked through but not returned, and do not fill the beam.
    /// </summary>
    private List<(float Score, int Slot)> SearchLayer(
        ReadOnlySpan<float> query, int entry, float entryScore, int ef, int layer, bool acceptAll, Func<string, bool>? filter, Scratch scratch)
    {
        int[] visited = scratch.Visit(Capacity);
        int stamp = scratch.Stamp;
        PriorityQueue<int, float> candidates = scratch.Candidates;
        PriorityQueue<int, float> results = scratch.Results;
        candidates.Clear();
        results.Clear();

        visited[entry] = stamp;
        candidates.Enqueue(entry, -entryScore);
        if (acceptAll || Accepts(entry, filter))
        {
            results.Enqueue(entry, entryScore);
        }

        while (candidates.TryDequeue(out int current, out float negated))
        {
            if (results.Count >= ef && results.TryPeek(out _, out float worst) && -negated < worst)
            {
                break;
            }

            Span<int> list = List(current, layer);
            int count = Math.Min(Volatile.Read(ref list[0]), list.Length - 1);
            for (int i = 1; i <= count; i++)
            {
                int neighbour = list[i];
                if (visited[neighbour] == stamp)
                {
                    continue;
                }

                visited[neighbour] = stamp;
                float score = Score(query, neighbour);
                if (results.Count < ef || (results.TryPeek(out _, out float bound) && score > bound))
                {
                    candidates.Enqueue(neighbour, -score);
                    if (acceptAll || Accepts(neighbour, filter))
                    {
                        results.Enqueue(neighbour, score);
                        if (results.Count > ef)
                        {
                            results.Dequeue();
                        }
                    }
                }
            }
        }

        List<(float Score, int Slot)> found = scratch.Found;
        found.Clear();
        while (results.TryDequeue(out int slot, out float score))
        {
            found.Add((score, slot));
        }

        found.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Slot.CompareTo(b.Slot));
        return found;
    }

    private bool Accepts(int slot, Func<string, bool>? filter) =>
        !Volatile.Read(ref Deleted[slot]) && (filter is null || filter(Ids[slot]));

    /// <summary>
    /// The neighbour-selection heuristic (Algorithm 4, without extending or keeping pruned candidates): walking the
    /// candidates best first, keep one when it is more similar to the base than to every one kept so far, up to
    /// <paramref name="m"/>. Returns <paramref name="selected"/>, refilled.
    /// </summary>
    private List<(float Score, int Slot)> SelectNeighbours(List<(float Score, int Slot)> candidates, int m, List<(float Score, int Slot)> selected)
    {
        selected.Clear();
        foreach ((float score, int slot) in candidates)
        {
            if (selected.Count >= m)
            {
                break;
            }

            bool keep = true;
            ReadOnlySpan<float> candidate = Vector(slot);
            foreach ((_, int kept) in selected)
            {
                if (Score(candidate, kept) > score)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                selected.Add((score, slot));
            }
        }

        return selected;
    }

    /// <summary>Adds <paramref name="slot"/> to <paramref name="target"/>'s list on a layer, re-selecting with the heuristic when it is full.</summary>
    private void Link(int target, int slot, float score, int layer, Scratch scratch)
    {
        Span<int> list = List(target, layer);
        int count = list[0];
        int max = list.Length - 1;
        if (count < max)
        {
            list[1 + count] = slot;
            Volatile.Write(ref list[0], count + 1);
            return;
        }

        List<(float Score, int Slot)> pool = scratch.Pool;
        pool.Clear();
        pool.Add((score, slot));
        ReadOnlySpan<float> vector = Vector(target);
        for (int i = 1; i <= count; i++)
        {
            pool.Add((Score(vector, list[i]), list[i]));
        }

        pool.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Slot.CompareTo(b.Slot));
        List<(float Score, int Slot)> kept = SelectNeighbours(pool, max, scratch.Selected);
        for (int i = 0; i < kept.Count; i++)
        {
            list[1 + i] = kept[i].Slot;
        }

        Volatile.Write(ref list[0], kept.Count);
    }

    /// <summary>Per-thread buffers of a search: visit stamps, the two heaps and result lists.</summary>
    private sealed class Scratch
    {
        private int[] _visited = [];

        internal int Stamp { get; private set; }

        internal PriorityQueue<int, float> Candidates { get; } = new();

        internal PriorityQueue<int, float> Results { get; } = new();

        internal List<(float Score, int Slot)> Found { get; } = [];

        internal List<(float Score, int Slot)> Selected { get; } = [];

        internal List<(float Score, int Slot)> Pool { get; } = [];

        /// <summary>Starts a new visit: returns stamps for <paramref name="capacity"/> slots, none equal to <see cref="Stamp"/>.</summary>
        internal int[] Visit(int capacity)
        {
            if (_visited.Length < capacity)
            {
                _visited = new int[capacity];
                Stamp = 0;
            }

            if (Stamp == int.MaxValue)
            {
                Array.Clear(_visited);
                Stamp = 0;
            }

            Stamp++;
            return _visited;
        }
    }
}
