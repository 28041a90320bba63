using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// The tiled, online-softmax attention of one tile (FlashAttention's algorithm: Dao et al. 2022, "FlashAttention: Fast
/// and Memory-Efficient Exact Attention with IO-Awareness"; the online softmax of Milakov &amp; Gimelshein 2018).
/// </summary>
/// <remarks>
/// <para>A tile is one (batch, key/value head, block of query rows) and holds those rows for every query head of the
/// group, so that grouped-query heads read each key/value block once. For each block of <see cref="KeyBlock"/> keys:
/// S = scale·QKᵀ (+ mask, + causal −∞), then per row the running maximum m, the running normalizer l and the output
/// accumulator are rescaled by e^(m_old − m_new) and P = e^(S − m_new) is accumulated as O += P·V. At the end O/l is
/// written (zeros when l = 0: every key masked). Memory is O(tile): nothing of size Lq·Lk exists.</para>
/// <para>Key blocks entirely to the right of the tile's causal limit are skipped; only blocks that straddle it are masked
/// element by element.</para>
/// <para>Tiles of at most <see cref="StreamingTile.MaxRows"/> rows (a decode step) whose head dimension is a multiple of
/// 16 take <see cref="StreamingTile"/> instead: the same algorithm arranged so that K and V are read once, in address
/// order, which is what a memory-bound step needs.</para>
/// <para>Every method a tile runs is compiled fully optimized on first use (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// the first calls are as fast as the later ones, with no tier-0 phase.</para>
/// </remarks>
internal static unsafe class AttentionKernel
{
    /// <summary>Keys per block.</summary>
    internal const int KeyBlock = 64;

    /// <summary>Query rows per tile, summed over the heads of a group (at least one row per head).</summary>
    internal const int TileRows = 64;

    /// <summary>Fills in the tiling of a job and runs it.</summary>
    internal static void Run(ref AttentionJob job, int degreeOfParallelism)
    {
        job.HeadsPerTile = Math.Min(job.GroupSize, TileRows);
        job.HeadChunks = (job.GroupSize + job.HeadsPerTile - 1) / job.HeadsPerTile;
        job.RowsPerHead = Math.Clamp(TileRows / job.HeadsPerTile, 1, job.QueryLength);
        job.QueryTiles = (job.QueryLength + job.RowsPerHead - 1) / job.RowsPerHead;
        fixed (AttentionJob* state = &job)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                ParallelTiles.Run(job.TileCount, degreeOfParallelism, state, &RunTileVector512);
            }
            else
            {
                ParallelTiles.Run(job.TileCount, degreeOfParallelism, state, &RunTilePortable);
            }
        }
    }

    /// <summary>Which rows a tile covers.</summary>
    internal readonly struct Tile
    {
        public Tile(in AttentionJob job, int tile)
        {
            int queryTile = job.QueryTiles - 1 - (tile % job.QueryTiles); // the longest causal tiles first, for balance
            int rest = tile / job.QueryTiles;
            int chunk = rest % job.HeadChunks;
            rest /= job.HeadChunks;
            KeyValueHead = rest % job.KeyValueHeads;
            Batch = rest / job.KeyValueHeads;
            FirstHead = (KeyValueHead * job.GroupSize) + (chunk * job.HeadsPerTile);
            Heads = Math.Min(job.HeadsPerTile, job.GroupSize - (chunk * job.HeadsPerTile));
            First = queryTile * job.RowsPerHead;
            RowsPerHead = Math.Min(job.RowsPerHead, job.QueryLength - First);
        }

        public int Batch { get; }

        public int KeyValueHead { get; }

        public int FirstHead { get; }

        public int Heads { get; }

        public int First { get; }

        public int RowsPerHead { get; }

        public int Rows => Heads * RowsPerHead;
    }

    /// <summary>
    /// The first 64-byte boundary at or after <paramref name="raw"/> (at most 15 floats on): the tile's vectors are
    /// whole cache lines, not split across two (an array's data starts 16 bytes into the object).
    /// </summary>
    internal static float* AlignToCacheLine(float* raw) => (float*)(((nint)raw + 63) & ~(nint)63);

    /// <summary>The portable tile: the same algorithm with TensorPrimitives per row (no AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTilePortable(void* state, int tile)
    {
        ref readonly AttentionJob job = ref *(AttentionJob*)state;
        var t = new Tile(job, tile);
        int rowsPerHead = t.RowsPerHead;
        int rows = t.Rows;
        float[] scratch = ScratchPool.Rent((rows * KeyBlock) + (rows * job.HeadDimension) + (2 * rows));
        try
        {
            fixed (float* buffer = scratch)
            {
                RunTilePortable(job, t, buffer, rowsPerHead, rows);
            }
        }
        finally
        {
            ScratchPool.Return(scratch);
        }
    }

    private static void RunTilePortable(in AttentionJob job, in Tile t, float* buffer, int rowsPerHead, int rows)
    {
        int batch = t.Batch;
        int kvHead = t.KeyValueHead;
        int group = t.Heads;
        int d = job.HeadDimension;
        int first = t.First;
        int scoresSize = rows * KeyBlock;
        int accumulatorSize = rows * d;
        float* scores = buffer;
        float* accumulator = scores + scoresSize;
        float* maximum = accumulator + accumulatorSize;
        float* normalizer = maximum + rows;
        new Span<float>(accumulator, accumulatorSize).Clear();
        new Span<float>(maximum, rows).Fill(float.NegativeInfinity);
        new Span<float>(normalizer, rows).Clear();

        float* keyHead = job.Key + (((long)batch * job.KeyValueHeads) + kvHead) * job.KeyValueHeadStride;
        float* valueHead = job.Value + (((long)batch * job.KeyValueHeads) + kvHead) * job.KeyValueHeadStride;
        int offset = job.KeyLength - job.QueryLength; // query i sees keys j ≤ i + offset when causal
        int keyEnd = job.IsCausal ? Math.Min(job.KeyLength, first + rowsPerHead + offset) : job.KeyLength;
        int firstLimit = first + offset; // the smallest causal limit in the tile

        for (int j0 = 0; j0 < keyEnd; j0 += KeyBlock)
        {
            int keys = Math.Min(KeyBlock, keyEnd - j0);
            bool straddles = job.IsCausal && j0 + keys - 1 > firstLimit;
            for (int g = 0; g < group; g++)
            {
                int head = t.FirstHead + g;
                for (int ii = 0; ii < rowsPerHead; ii++)
                {
                    int r = (g * rowsPerHead) + ii;
                    int i = first + ii;
                    float* query = job.Query + (((((long)batch * job.QueryHeads) + head) * job.QueryLength) + i) * d;
                    float* s = scores + (r * KeyBlock);
                    Scores(query, keyHead + ((long)j0 * d), d, keys, job.Scale, s);
                    if (job.Mask is not null)
                    {
                        TensorPrimitives.Add(new ReadOnlySpan<float>(s, keys),
                            new ReadOnlySpan<float>(job.Mask + (batch * job.MaskBatchStride) + ((long)i * job.KeyLength) + j0, keys),
                            new Span<float>(s, keys));
                    }

                    if (straddles)
                    {
                        int visible = Math.Clamp(i + offset - j0 + 1, 0, keys);
                        new Span<float>(s + visible, keys - visible).Fill(float.NegativeInfinity);
                    }

                    Update(s, keys, maximum + r, normalizer + r, accumulator + ((long)r * d), valueHead + ((long)j0 * d), d);
                }
            }
        }

        WriteOutput(job, t, accumulator, d, normalizer);
    }

    /// <summary>
    /// destination[x] = factor · source[x]. Inline vector code rather than TensorPrimitives, so the tile never waits for
    /// another assembly's code to be re-jitted (tier-0 TensorPrimitives made the first few dozen calls several times slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(float* source, float factor, float* destination, int count)
    {
        int x = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> f = Vector512.Create(factor);
            for (; x + 16 <= count; x += 16)
            {
                (Vector512.Load(source + x) * f).Store(destination + x);
            }
        }

        for (; x < count; x++)
        {
            destination[x] = source[x] * factor;
        }
    }

    /// <summary>Output row r = accumulator row r / l_r (zeros when l_r = 0: every key masked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteOutput(in AttentionJob job, in Tile t, float* accumulator, int accumulatorStride, float* normalizer)
    {
        int d = job.HeadDimension;
        for (int g = 0; g < t.Heads; g++)
        {
            int head = t.FirstHead + g;
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                int r = (g * t.RowsPerHead) + ii;
                float* output = job.Output + (((((long)t.Batch * job.QueryHeads) + head) * job.QueryLength) + t.First + ii) * d;
                float l = normalizer[r];
                if (l == 0f)
                {
                    new Span<float>(output, d).Clear(); // every key masked
                }
                else
                {
                    Scale(accumulator + ((long)r * accumulatorStride), 1f / l, output, d);
                }
            }
        }
    }

    /// <summary>
    /// The AVX-512 tile: Qᵀ packed and scaled once; per key block, Sᵀ = K·Qᵀ by <see cref="MicroKernels.Scores{TRows, TColumns}"/>
    /// (keys read in place), the online softmax down the columns of Sᵀ with whole vectors, and O += P·V by
    /// <see cref="MicroKernels.Accumulate{TRows, TColumns}"/> (values read in place when D is a multiple of 16). A tile of
    /// few rows with D a multiple of 16 goes to <see cref="StreamingTile"/>. Working buffers start on a cache line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTileVector512(void* state, int tile)
    {
        ref readonly AttentionJob job = ref *(AttentionJob*)state;
        var t = new Tile(job, tile);
        int d = job.HeadDimension;
        int dp = (d + 15) & ~15;
        int rows = t.Rows;
        int columns = (rows + 15) >> 4;
        const int W = MicroKernels.BlockColumns;
        if (StreamingTile.Fits(rows, d))
        {
            // A few rows (decode) against 16-aligned heads: one pass over K and V in address order.
            float[] stream = ScratchPool.Rent(StreamingTile.ScratchFloats(rows, d) + 15);
            try
            {
                fixed (float* raw = stream)
                {
                    StreamingTile.Run(job, t, AlignToCacheLine(raw));
                }
            }
            finally
            {
                ScratchPool.Return(stream);
            }

            return;
        }

        // Tiles of few rows (D not a multiple of 16 here) check their few output rows after each block (and keep a copy to
        // go back to) instead of scanning the whole value block for NaN/±∞ before it: rows·dp floats against 64·dp.
        int backupFloats = rows <= StreamingTile.MaxRows ? rows * dp : 0;
        int needed = (d * W) + (W * W) + (rows * dp) + (d == dp ? 0 : W * dp) + (3 * W) + backupFloats; // D ≤ 2¹⁶: no overflow
        float[] scratch = ScratchPool.Rent(needed + 15);
        try
        {
            fixed (float* raw = scratch)
            {
                RunTileVector512(job, t, AlignToCacheLine(raw), d, dp, rows, columns, backupFloats != 0);
            }
        }
        finally
        {
            ScratchPool.Return(scratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTileVector512(in AttentionJob job, in Tile t, float* buffer, int d, int dp, int rows, int columns, bool checkOutput)
    {
        const int W = MicroKernels.BlockColumns;
        float* qt = buffer;                  // [d][64]: the tile's queries, scaled, transposed
        float* st = qt + (d * W);            // [64 keys][64 rows]: scores, then probabilities
        float* o = st + (W * W);             // [rows][dp]: output accumulators
        float* vp = o + (rows * dp);         // [64][dp]: a value block padded to dp (only when d % 16 != 0)
        float* m = vp + (d == dp ? 0 : W * dp); // running maxima
        float* l = m + W;                    // running normalizers
        float* correction = l + W;           // e^(m_old − m_new)
        float* backup = correction + W;      // [rows][dp]: the output before a block (only when checkOutput)
        bool outputFinite = true;

        PackQueries(job, t, qt);

        new Span<float>(o, rows * dp).Clear();
        new Span<float>(m, W).Fill(float.NegativeInfinity);
        new Span<float>(l, W).Clear();

        long kvOffset = (((long)t.Batch * job.KeyValueHeads) + t.KeyValueHead) * job.KeyValueHeadStride;
        float* keyHead = job.Key + kvOffset;
        float* valueHead = job.Value + kvOffset;
        int offset = job.KeyLength - job.QueryLength; // query i sees keys j ≤ i + offset when causal
        int keyEnd = job.IsCausal ? Math.Min(job.KeyLength, t.First + t.RowsPerHead + offset) : job.KeyLength;
        for (int j0 = 0; j0 < keyEnd; j0 += W)
        {
            int keys = Math.Min(W, keyEnd - j0);
            float* keyBlock = keyHead + ((long)j0 * d);
            switch (columns)
            {
                case 1: ScoreBlock<One>(keyBlock, d, keys, qt, st); break;
                case 2: ScoreBlock<Two>(keyBlock, d, keys, qt, st); break;
                case 3: ScoreBlock<Three>(keyBlock, d, keys, qt, st); break;
                default: ScoreBlock<Four>(keyBlock, d, keys, qt, st); break;
            }

            // Scores are transposed (Sᵀ): row j holds key j's scores for the tile's 64 query rows.
            if (job.Mask is not null)
            {
                AddMask(job, t, j0, keys, st);
            }

            if (job.IsCausal && j0 + keys - 1 > t.First + offset)
            {
                MaskCausal(t, j0, keys, offset, st);
            }

            Softmax(st, keys, columns, m, l, correction);

            // The correction is applied by the accumulation kernel as it loads the output rows; most blocks after
            // the first few change no maximum and skip it.
            float* rescale = null;
            for (int r = 0; r < rows; r++)
            {
                if (correction[r] != 1f)
                {
                    rescale = correction;
                    break;
                }
            }

            float* valueBlock = valueHead + ((long)j0 * d);
            int valueStride = d;
            if (d != dp)
            {
                for (int j = 0; j < keys; j++)
                {
                    new ReadOnlySpan<float>(valueBlock + ((long)j * d), d).CopyTo(new Span<float>(vp + (j * dp), d));
                    new Span<float>(vp + (j * dp) + d, dp - d).Clear();
                }

                valueBlock = vp;
                valueStride = dp;
            }

            if (checkOutput)
            {
                // A few rows: add the block, then look at the output rows; only if they turned non-finite, go back and take
                // the slow path below, so a NaN or ±∞ value costs nothing until it shows.
                if (outputFinite)
                {
                    new ReadOnlySpan<float>(o, rows * dp).CopyTo(new Span<float>(backup, rows * dp));
                    AccumulateBlock(st, keys, valueBlock, valueStride, o, dp, rows, rescale);
                    if (IsFinite(o, rows, dp, dp))
                    {
                        continue;
                    }

                    new ReadOnlySpan<float>(backup, rows * dp).CopyTo(new Span<float>(o, rows * dp));
                }
            }
            else if (IsFinite(valueBlock, keys, dp, valueStride))
            {
                AccumulateBlock(st, keys, valueBlock, valueStride, o, dp, rows, rescale);
                continue;
            }

            {
                // A NaN or ±∞ value: 0·NaN would leak it into rows that do not see the key (masked or causally
                // hidden), so this block adds only the terms whose weight is non-zero, as the portable path does.
                if (rescale is not null)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        Scale(o + ((long)r * dp), rescale[r], o + ((long)r * dp), dp); // the correction the kernel would apply
                    }
                }

                AccumulateVisible(st, keys, valueBlock, valueStride, o, dp, rows);
                outputFinite = !checkOutput || IsFinite(o, rows, dp, dp);
            }
        }

        WriteOutput(job, t, o, dp, l);
    }

    /// <summary>O += P·V for one block (with the pending rescale of O), 64 output columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateBlock(float* st, int keys, float* valueBlock, int valueStride, float* o, int dp, int rows, float* rescale)
    {
        const int W = MicroKernels.BlockColumns;
        for (int p0 = 0; p0 < dp; p0 += W)
        {
            float* vp0 = valueBlock + p0;
            float* op0 = o + p0;
            switch (Math.Min(W, dp - p0) >> 4)
            {
                case 1: AccumulateRows<One>(st, keys, vp0, valueStride, op0, dp, rows, rescale); break;
                case 2: AccumulateRows<Two>(st, keys, vp0, valueStride, op0, dp, rows, rescale); break;
                case 3: AccumulateRows<Three>(st, keys, vp0, valueStride, op0, dp, rows, rescale); break;
                default: AccumulateRows<Four>(st, keys, vp0, valueStride, op0, dp, rows, rescale); break;
            }
        }
    }

    /// <summary>Whether every value of a block (keys rows of <paramref name="width"/> floats, a multiple of 16) is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsFinite(float* v, int keys, int width, int stride)
    {
        // a − a is 0 for a finite value and NaN for NaN or ±∞; four independent sums keep the adds off one dependency chain.
        Vector512<float> p0 = Vector512<float>.Zero, p1 = Vector512<float>.Zero, p2 = Vector512<float>.Zero, p3 = Vector512<float>.Zero;
        for (int j = 0; j < keys; j++)
        {
            float* row = v + ((long)j * stride);
            int x = 0;
            for (; x + 64 <= width; x += 64)
            {
                Vector512<float> a0 = Vector512.Load(row + x);
                Vector512<float> a1 = Vector512.Load(row + x + 16);
                Vector512<float> a2 = Vector512.Load(row + x + 32);
                Vector512<float> a3 = Vector512.Load(row + x + 48);
                p0 += a0 - a0;
                p1 += a1 - a1;
                p2 += a2 - a2;
                p3 += a3 - a3;
            }

            for (; x < width; x += 16)
            {
                Vector512<float> a = Vector512.Load(row + x);
                p0 += a - a;
            }
        }

        return Vector512.EqualsAll((p0 + p1) + (p2 + p3), Vector512<float>.Zero);
    }

    /// <summary>O(r) += P(r, j)·v_j over the terms with P(r, j) ≠ 0 only (a block holding a non-finite value).</summary>
    private static void AccumulateVisible(float* st, int keys, float* v, int valueStride, float* o, int outputStride, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            var output = new Span<float>(o + ((long)r * outputStride), outputStride);
            for (int j = 0; j < keys; j++)
            {
                float weight = st[(j * MicroKernels.BlockColumns) + r];
                if (weight != 0f)
                {
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(v + ((long)j * valueStride), outputStride), weight, output, output);
                }
            }
        }
    }

    /// <summary>
    /// The tile's queries, scaled and transposed: qt[x][r] = scale · q_r[x] (columns past the rows, up to the next 16, zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackQueries(in AttentionJob job, in Tile t, float* qt)
    {
        const int W = MicroKernels.BlockColumns;
        int d = job.HeadDimension;
        int rows = t.Rows;
        int padded = (rows + 15) & ~15;
        for (int x = 0; x < d; x++)
        {
            new Span<float>(qt + (x * W) + rows, padded - rows).Clear();
        }

        for (int g = 0; g < t.Heads; g++)
        {
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                int r = (g * t.RowsPerHead) + ii;
                float* q = job.Query + (((((long)t.Batch * job.QueryHeads) + t.FirstHead + g) * job.QueryLength) + t.First + ii) * d;
                for (int x = 0; x < d; x++)
                {
                    qt[(x * W) + r] = job.Scale * q[x];
                }
            }
        }
    }

    /// <summary>Sᵀ for a block of keys: six keys at a time, then the remainder.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreBlock<TColumns>(float* keys, int d, int count, float* qt, float* st)
        where TColumns : struct, ICount
    {
        const int W = MicroKernels.BlockColumns;
        int j = 0;
        for (; j + 6 <= count; j += 6)
        {
            MicroKernels.Scores<Six, TColumns>(keys + ((long)j * d), d, qt, d, st + (j * W));
        }

        float* k = keys + ((long)j * d);
        float* s = st + (j * W);
        switch (count - j)
        {
            case 1: MicroKernels.Scores<One, TColumns>(k, d, qt, d, s); break;
            case 2: MicroKernels.Scores<Two, TColumns>(k, d, qt, d, s); break;
            case 3: MicroKernels.Scores<Three, TColumns>(k, d, qt, d, s); break;
            case 4: MicroKernels.Scores<Four, TColumns>(k, d, qt, d, s); break;
            case 5: MicroKernels.Scores<Five, TColumns>(k, d, qt, d, s); break;
            default: break;
        }
    }

    /// <summary>O += P·V for every row of the tile, six rows at a time, on a panel of 16·TColumns output columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateRows<TColumns>(float* st, int keys, float* v, int valueStride, float* o, int outputStride, int rows, float* rescale)
        where TColumns : struct, ICount
    {
        int r = 0;
        for (; r + 6 <= rows; r += 6)
        {
            MicroKernels.Accumulate<Six, TColumns>(st + r, 1, MicroKernels.BlockColumns, keys, v, valueStride, o + ((long)r * outputStride), outputStride, rescale is null ? null : rescale + r);
        }

        float* pr = st + r;
        float* a = o + ((long)r * outputStride);
        float* c = rescale is null ? null : rescale + r;
        switch (rows - r)
        {
            case 1: MicroKernels.Accumulate<One, TColumns>(pr, 1, MicroKernels.BlockColumns, keys, v, valueStride, a, outputStride, c); break;
            case 2: MicroKernels.Accumulate<Two, TColumns>(pr, 1, MicroKernels.BlockColumns, keys, v, valueStride, a, outputStride, c); break;
            case 3: MicroKernels.Accumulate<Three, TColumns>(pr, 1, MicroKernels.BlockColumns, keys, v, valueStride, a, outputStride, c); break;
            case 4: MicroKernels.Accumulate<Four, TColumns>(pr, 1, MicroKernels.BlockColumns, keys, v, valueStride, a, outputStride, c); break;
            case 5: MicroKernels.Accumulate<Five, TColumns>(pr, 1, MicroKernels.BlockColumns, keys, v, valueStride, a, outputStride, c); break;
            default: break;
        }
    }

    /// <summary>S(r, j) += mask[b][i_r][j0 + j], with Sᵀ row-major: S(r, j) at st[j·64 + r].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddMask(in AttentionJob job, in Tile t, int j0, int keys, float* st)
    {
        float* mask = job.Mask + (t.Batch * job.MaskBatchStride) + j0;
        for (int g = 0; g < t.Heads; g++)
        {
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                int r = (g * t.RowsPerHead) + ii;
                float* row = mask + ((long)(t.First + ii) * job.KeyLength);
                for (int j = 0; j < keys; j++)
                {
                    st[(j * MicroKernels.BlockColumns) + r] += row[j];
                }
            }
        }
    }

    /// <summary>S(r, j) = −∞ where key j0 + j lies past row r's causal limit i_r + offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaskCausal(in Tile t, int j0, int keys, int offset, float* st)
    {
        for (int g = 0; g < t.Heads; g++)
        {
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                // Query First + ii sees key j0 + j iff j ≤ First + ii + offset − j0.
                int visible = Math.Clamp(t.First + ii + offset - j0 + 1, 0, keys);
                int r = (g * t.RowsPerHead) + ii;
                for (int j = visible; j < keys; j++)
                {
                    st[(j * MicroKernels.BlockColumns) + r] = float.NegativeInfinity;
                }
            }
        }
    }

    /// <summary>
    /// The online-softmax step down the columns of Sᵀ (one column per query row): m_new = max(m, max_j s_j), P = e^(S − m_new)
    /// in place, l = l·e^(m − m_new) + Σ_j p_j, and the correction e^(m − m_new) for the output rows. Where nothing is
    /// visible yet (m_new = −∞) the shift is 0, so P = 0 and the correction 0 (the accumulators are still 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(float* st, int keys, int columns, float* m, float* l, float* correction)
    {
        const int W = MicroKernels.BlockColumns;
        Vector512<float> negativeInfinity = Vector512.Create(float.NegativeInfinity);
        for (int c = 0; c < columns * 16; c += 16)
        {
            Vector512<float> blockMax = negativeInfinity;
            for (int j = 0; j < keys; j++)
            {
                blockMax = Vector512.Max(blockMax, Vector512.Load(st + (j * W) + c)); // NaN propagates
            }

            Vector512<float> old = Vector512.Load(m + c);
            Vector512<float> next = Vector512.Max(old, blockMax);
            next.Store(m + c);
            if (!Vector512.EqualsAll(next, next))
            {
                SoftmaxWithNaN(st + c, keys, m + c, l + c, correction + c, old);
                continue;
            }

            Vector512<float> safe = Vector512.ConditionalSelect(Vector512.Equals(next, negativeInfinity), Vector512<float>.Zero, next);
            Vector512<float> sum = Vector512<float>.Zero;
            for (int j = 0; j < keys; j++)
            {
                float* s = st + (j * W) + c;
                Vector512<float> p = VectorMath.ExpNonPositive(Vector512.Load(s) - safe); // ≤ 0; −∞ gives 0
                p.Store(s);
                sum += p;
            }

            Vector512<float> factor = VectorMath.ExpNonPositive(old - safe); // 0 when nothing was visible before
            factor.Store(correction + c);
            Vector512.FusedMultiplyAdd(Vector512.Load(l + c), factor, sum).Store(l + c);
        }
    }

    /// <summary>The same step for 16 columns of which some are NaN (a NaN score): plain exponentials, so NaN stays NaN.</summary>
    private static void SoftmaxWithNaN(float* st, int keys, float* m, float* l, float* correction, Vector512<float> old)
    {
        const int W = MicroKernels.BlockColumns;
        for (int lane = 0; lane < 16; lane++)
        {
            float next = m[lane];
            float safe = float.IsNegativeInfinity(next) ? 0f : next;
            float sum = 0f;
            for (int j = 0; j < keys; j++)
            {
                float p = MathF.Exp(st[(j * W) + lane] - safe);
                st[(j * W) + lane] = p;
                sum += p;
            }

            float factor = MathF.Exp(old[lane] - safe);
            correction[lane] = factor;
            l[lane] = (l[lane] * factor) + sum;
        }
    }

    /// <summary>s[j] = scale · (q · k_j) for the block's keys.</summary>
    private static void Scores(float* query, float* keys, int d, int count, float scale, float* s)
    {
        var q = new ReadOnlySpan<float>(query, d);
        for (int j = 0; j < count; j++)
        {
            s[j] = scale * TensorPrimitives.Dot(q, new ReadOnlySpan<float>(keys + ((long)j * d), d));
        }
    }

    /// <summary>The online-softmax step of one row over one key block: rescale, exponentiate, accumulate P·V.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* s, int count, float* maximum, float* normalizer, float* accumulator, float* values, int d)
    {
        var scores = new Span<float>(s, count);
        float blockMax = TensorPrimitives.Max<float>(scores);
        float previous = *maximum;
        float next = Math.Max(previous, blockMax); // NaN when a score is NaN: it then poisons this row, as it should
        if (float.IsNegativeInfinity(next))
        {
            return; // nothing visible yet
        }

        var output = new Span<float>(accumulator, d);
        if (next != previous)
        {
            float correction = MathF.Exp(previous - next); // e^(−∞) = 0 on the first visible block
            *normalizer *= correction;
            TensorPrimitives.Multiply(output, correction, output);
            *maximum = next;
        }

        TensorPrimitives.Subtract(scores, next, scores);
        TensorPrimitives.Exp(scores, scores);
        *normalizer += TensorPrimitives.Sum<float>(scores);
        for (int j = 0; j < count; j++)
        {
            float p = s[j];
            if (p != 0f)
            {
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(values + ((long)j * d), d), p, output, output);
            }
        }
    }
}
