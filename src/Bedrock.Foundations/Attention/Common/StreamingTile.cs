using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// The AVX-512 tile for a few query rows (at most <see cref="MaxRows"/>: a decode step, one new token for each head of a
/// group, or a handful of tokens): one pass over the key/value head that reads every key row and every value row front to
/// back, once, in address order. The same online softmax as the block tile (FlashAttention's algorithm), over chunks of
/// <see cref="Chunk"/> keys: S = scale·q·Kᵀ for the chunk's keys, the softmax step, then O += P·V over the chunk's values.
/// </summary>
/// <remarks>
/// <para><b>Why this shape.</b> A decode step does about one fused multiply-add per 16 bytes it reads, so it is bound by
/// reading K and V from memory, and reaches the memory's speed only if the hardware prefetcher can run ahead of the loads
/// while the arithmetic goes on. The prefetcher follows loads that walk memory in address order. On the development
/// machine (Zen 4), reading four key rows interleaved — the order of a kernel that scores four keys per pass — streamed
/// at 9–10 GB/s against 25 GB/s for a plain sum of the same bytes, and so did two passes over the column halves of a
/// value block; the same arithmetic reading each row front to back streamed at the plain sum's speed. So here each key
/// is scored completely (all the tile's rows, all of D) before the next key is touched, and each value row is read
/// completely by the first pass over it; later passes over a block (more rows than registers hold) find it in L1.</para>
/// <para><b>Scores.</b> For one key, one accumulator per query row sums k[x]·q[x] sixteen components at a time; the
/// accumulators of four rows are folded into one vector (128-bit group g: four partial sums of row g), and four keys'
/// folded vectors are transposed and added into one block of 16 scores, lane g·4 + (j mod 4) — a fixed tree, so a score
/// depends only on the data. Rows 4–7 form a second set with its own blocks.</para>
/// <para><b>Softmax.</b> Per set, the running maximum m and normalizer l live in one vector, each row's value repeated in
/// its 128-bit group, so the step runs on whole blocks: m_new = max(m, max over the chunk), P = e^(S − m_new) with the
/// table exponential (−∞ gives 0), l = l·e^(m − m_new) + ΣP. A row that has seen no key yet keeps a zero shift, so P = 0.
/// A NaN score takes a scalar path with plain exponentials, so it stays NaN.</para>
/// <para><b>Values.</b> A pass holds up to 16 accumulator vectors (rows × D/16: two rows at D = 128, one at D = 256,
/// four at D = 64; D &gt; 256 in equal column panels) and adds the 16 keys of a block in key order with fused
/// multiply-adds, each value vector loaded once for all the pass's rows; the first block's passes apply the chunk's
/// correction e^(m − m_new) as they load the output rows. If the output comes out NaN or ±∞ after a chunk, it goes
/// back to its copy from before the chunk and the chunk is redone adding only the terms whose weight is non-zero, so a
/// NaN or ±∞ value reaches only the rows that see its key, never a masked row through 0·NaN.</para>
/// <para><b>Every instruction counts.</b> The stream runs only as fast as the core issues its loads, so work between
/// them costs bandwidth directly. Measured on the development machine (same run, share of a plain sum's bandwidth):
/// the softmax's table exponential compiled with a class-initialization check in its loop spilled every register
/// (−15 %); register copies the JIT made for a value vector reused by two rows (−7 %); a call per pass (−4 %); a
/// memmove for the chunk’s backup (−2 %); the score buffer at a multiple of 4 KiB from the queries (−15 %). Hence the constant strides
/// (D as a compile-time count), one method for all of a chunk's passes, the vector copy, and the buffer layout.</para>
/// <para><b>Prefetching.</b> Prefetching every line (4–32 keys ahead) made it slower (57–62 % of a plain read's bandwidth
/// against 93 % without): the hardware prefetcher does better on a clean sequential stream. What it cannot do is cross
/// into the next 4 KiB page, so one line per 2 KiB is prefetched 8 KiB ahead (<see cref="PrefetchAhead"/>).</para>
/// </remarks>
internal static unsafe class StreamingTile
{
    /// <summary>The most query rows a streaming tile takes (two sets of four).</summary>
    internal const int MaxRows = 8;

    /// <summary>Keys scored before their values are added: K and V are each read in runs of Chunk·D floats.</summary>
    internal const int Chunk = 256;

    /// <summary>Keys whose values one pass adds: 16·D floats, kept in L1 for the next pass over the same block.</summary>
    private const int Block = 16;

    /// <summary>Accumulator vectors per pass.</summary>
    private const int PassVectors = 16;

    /// <summary>
    /// How far ahead of the loads (in floats: 8 KiB) one line per 2 KiB (<see cref="PrefetchSpacing"/>) of K and V is
    /// prefetched into L2. The hardware prefetcher does not follow a stream into the next 4 KiB page, so each page used
    /// to start with demand misses; touching a line two pages ahead starts its page walk and its stream early. On the
    /// development machine that took a one-thread decode step from 71 % to 76–84 % of a plain read's bandwidth. Denser
    /// prefetching (every line, 2–16 KiB ahead, into L1 or L2) made it slower (53–72 %).
    /// </summary>
    private const int PrefetchAhead = 2048;

    /// <summary>Floats between two prefetched lines: 2 KiB.</summary>
    private const int PrefetchSpacing = 512;

    /// <summary>Floats of one set's scores for a chunk: Chunk/4 blocks of 16.</summary>
    private const int SetFloats = Chunk * 4;

    /// <summary>Whether a tile of <paramref name="rows"/> query rows and head dimension <paramref name="d"/> streams.</summary>
    internal static bool Fits(int rows, int d) => rows <= MaxRows && d % 16 == 0;

    /// <summary>Floats in 4 KiB: loads and stores whose addresses agree in their low 12 bits can be taken for dependent.</summary>
    private const int Page = 1024;

    /// <summary>
    /// Working floats a tile needs: the scaled queries, the scores right after them, then (each starting on a 4 KiB
    /// boundary relative to the queries) the accumulators, their backup, and the corrections and normalizers.
    /// </summary>
    /// <remarks>
    /// The score stores of the key loop must not agree with the query loads in address bits 0–11 (4 KiB aliasing: the
    /// load then waits for the store); on the development machine that cost 15 % of a decode step. Queries then scores,
    /// contiguous, keep them apart whenever rows·D ≤ 512 (four rows at D = 128).
    /// </remarks>
    internal static int ScratchFloats(int rows, int d) => BackupOffset(rows, d) + (rows * d) + (2 * MaxRows);

    private static int AccumulatorOffset(int rows, int d) => RoundUpToPage((rows * d) + (2 * SetFloats));

    private static int BackupOffset(int rows, int d) => AccumulatorOffset(rows, d) + RoundUpToPage(rows * d);

    private static int RoundUpToPage(int floats) => (floats + Page - 1) & ~(Page - 1);

    /// <summary>
    /// Computes one tile into the job's output. The tile's shape — rows, D/16 when D ≤ 256, rows per value pass — is
    /// turned into compile-time counts once here, so the chunk loop calls each phase directly with constant strides and
    /// loop bounds (a call through a run-time dispatch per chunk cost a few percent of the stream).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(in AttentionJob job, in AttentionKernel.Tile t, float* buffer)
    {
        switch (t.Rows)
        {
            case 1: RunRows<One>(job, t, buffer); break;
            case 2: RunRows<Two>(job, t, buffer); break;
            case 3: RunRows<Three>(job, t, buffer); break;
            case 4: RunRows<Four>(job, t, buffer); break;
            case 5: RunRows<Five>(job, t, buffer); break;
            case 6: RunRows<Six>(job, t, buffer); break;
            case 7: RunRows<Seven>(job, t, buffer); break;
            default: RunRows<Eight>(job, t, buffer); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRows<TRows>(in AttentionJob job, in AttentionKernel.Tile t, float* buffer)
        where TRows : struct, ICount
    {
        switch (job.HeadDimension >> 4)
        {
            case 1: RunVectors<TRows, One>(job, t, buffer); break;
            case 2: RunVectors<TRows, Two>(job, t, buffer); break;
            case 3: RunVectors<TRows, Three>(job, t, buffer); break;
            case 4: RunVectors<TRows, Four>(job, t, buffer); break;
            case 5: RunVectors<TRows, Five>(job, t, buffer); break;
            case 6: RunVectors<TRows, Six>(job, t, buffer); break;
            case 7: RunVectors<TRows, Seven>(job, t, buffer); break;
            case 8: RunVectors<TRows, Eight>(job, t, buffer); break;
            case 9: RunVectors<TRows, Nine>(job, t, buffer); break;
            case 10: RunVectors<TRows, Ten>(job, t, buffer); break;
            case 11: RunVectors<TRows, Eleven>(job, t, buffer); break;
            case 12: RunVectors<TRows, Twelve>(job, t, buffer); break;
            case 13: RunVectors<TRows, Thirteen>(job, t, buffer); break;
            case 14: RunVectors<TRows, Fourteen>(job, t, buffer); break;
            case 15: RunVectors<TRows, Fifteen>(job, t, buffer); break;
            case 16: RunVectors<TRows, Sixteen>(job, t, buffer); break;
            default: Run<TRows, Any, One>(job, t, buffer); break; // D > 256: column panels, D from the job
        }
    }

    /// <summary>Rows per value pass: the largest divisor of TRows with (rows per pass)·TVectors ≤ 16, at most 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunVectors<TRows, TVectors>(in AttentionJob job, in AttentionKernel.Tile t, float* buffer)
        where TRows : struct, ICount
        where TVectors : struct, ICount
    {
        int perPass = Math.Min(TRows.Value, PassVectors / TVectors.Value);
        while (TRows.Value % perPass != 0)
        {
            perPass--;
        }

        switch (perPass)
        {
            case 1: Run<TRows, TVectors, One>(job, t, buffer); break;
            case 2: Run<TRows, TVectors, Two>(job, t, buffer); break;
            case 3: Run<TRows, TVectors, Three>(job, t, buffer); break;
            case 4: Run<TRows, TVectors, Four>(job, t, buffer); break;
            case 5: Run<TRows, TVectors, Five>(job, t, buffer); break;
            case 6: Run<TRows, TVectors, Six>(job, t, buffer); break;
            case 7: Run<TRows, TVectors, Seven>(job, t, buffer); break;
            default: Run<TRows, TVectors, Eight>(job, t, buffer); break;
        }
    }

    /// <summary>
    /// The tile for TRows query rows and D = 16·TVectors (or D &gt; 256 from the job when TVectors is <see cref="Any"/>),
    /// values added TPass rows at a time: per chunk, the scores, the mask, the softmax step per set of four rows, and the
    /// values, each phase called directly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TRows, TVectors, TPass>(in AttentionJob job, in AttentionKernel.Tile t, float* buffer)
        where TRows : struct, ICount
        where TVectors : struct, ICount
        where TPass : struct, ICount
    {
        int d = typeof(TVectors) == typeof(Any) ? job.HeadDimension : TVectors.Value * 16;
        int rows = TRows.Value;
        float* q = buffer;                   // [rows][d]: the tile's queries, scaled
        float* s = q + (rows * d);           // [2 sets][Chunk/4 blocks][4 rows][4 keys]: scores, then probabilities
        float* o = buffer + AccumulatorOffset(rows, d); // [rows][d]: output accumulators
        float* backup = buffer + BackupOffset(rows, d); // [rows][d]: the accumulators before a chunk
        float* correction = backup + (rows * d); // [8]: e^(m_old − m_new) of the chunk
        float* normalizer = correction + MaxRows; // [8]: l per row, at the end
        bool outputFinite = true;

        PackQueries(job, t, q, d);
        new Span<float>(o, rows * d).Clear();

        long kvOffset = (((long)t.Batch * job.KeyValueHeads) + t.KeyValueHead) * job.KeyValueHeadStride;
        float* keyHead = job.Key + kvOffset;
        float* valueHead = job.Value + kvOffset;
        int offset = job.KeyLength - job.QueryLength; // query i sees keys j ≤ i + offset when causal
        int keyEnd = job.IsCausal ? Math.Min(job.KeyLength, t.First + t.RowsPerHead + offset) : job.KeyLength;

        Vector512<float> m0 = Vector512.Create(float.NegativeInfinity), m1 = m0;
        Vector512<float> l0 = Vector512<float>.Zero, l1 = l0;
        for (int j0 = 0; j0 < keyEnd; j0 += Chunk)
        {
            int keys = Math.Min(Chunk, keyEnd - j0);
            ScoreChunk<TRows, TVectors>(keyHead + ((long)j0 * d), d, keys, q, s);
            if (job.Mask is not null)
            {
                AddMask(job, t, j0, keys, s);
            }

            if (job.IsCausal && j0 + keys - 1 > t.First + offset)
            {
                MaskCausal(t, j0, keys, offset, s);
            }

            bool rescale = Softmax(s, keys, ref m0, ref l0, correction);
            if (TRows.Value > 4)
            {
                rescale |= Softmax(s + SetFloats, keys, ref m1, ref l1, correction + 4);
            }

            float* values = valueHead + ((long)j0 * d);
            float* c = rescale ? correction : null;
            int floats = rows * d;
            if (outputFinite)
            {
                Copy(o, backup, floats);
                if (typeof(TVectors) == typeof(Any))
                {
                    AccumulatePanels(s, keys, values, d, o, rows, c);
                }
                else
                {
                    AccumulateBlocks<TVectors, TPass, On>(s, keys, values, d, o, rows, c);
                }

                if (IsFinite(o, floats))
                {
                    continue;
                }

                Copy(backup, o, floats); // NaN or ±∞ somewhere: redo the chunk term by term from the state before it
            }

            AccumulateVisible(s, rows, keys, values, d, o, c);
            outputFinite = IsFinite(o, floats);
        }

        StoreGroups(l0, normalizer);
        StoreGroups(l1, normalizer + 4);
        WriteOutput(job, t, o, d, normalizer);
    }

    /// <summary>q[r] = scale · query row r of the tile (rows head by head).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackQueries(in AttentionJob job, in AttentionKernel.Tile t, float* q, int d)
    {
        Vector512<float> scale = Vector512.Create(job.Scale);
        for (int g = 0; g < t.Heads; g++)
        {
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                float* source = job.Query + (((((long)t.Batch * job.QueryHeads) + t.FirstHead + g) * job.QueryLength) + t.First + ii) * d;
                float* destination = q + (((g * t.RowsPerHead) + ii) * d);
                for (int x = 0; x < d; x += 16)
                {
                    (Vector512.Load(source + x) * scale).Store(destination + x);
                }
            }
        }
    }

    /// <summary>Output row r = accumulator row r / l_r (zeros when l_r = 0: every key masked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteOutput(in AttentionJob job, in AttentionKernel.Tile t, float* o, int d, float* normalizer)
    {
        for (int g = 0; g < t.Heads; g++)
        {
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                int r = (g * t.RowsPerHead) + ii;
                float* output = job.Output + (((((long)t.Batch * job.QueryHeads) + t.FirstHead + g) * job.QueryLength) + t.First + ii) * d;
                float l = normalizer[r];
                if (l == 0f)
                {
                    new Span<float>(output, d).Clear(); // every key masked
                    continue;
                }

                Vector512<float> factor = Vector512.Create(1f / l);
                float* row = o + ((long)r * d);
                for (int x = 0; x < d; x += 16)
                {
                    (Vector512.Load(row + x) * factor).Store(output + x);
                }
            }
        }
    }

    /// <summary>Where the score of (row r, key j of the chunk) sits: set r/4, block j/4, group r mod 4, lane j mod 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int At(int r, int j) => ((r >> 2) * SetFloats) + ((j >> 2) << 4) + ((r & 3) << 2) + (j & 3);

    /// <summary>S(r, j) += mask[b][i_r][j0 + j] for the chunk's keys.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddMask(in AttentionJob job, in AttentionKernel.Tile t, int j0, int keys, float* s)
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
                    s[At(r, j)] += row[j];
                }
            }
        }
    }

    /// <summary>S(r, j) = −∞ where key j0 + j lies past row r's causal limit i_r + offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaskCausal(in AttentionKernel.Tile t, int j0, int keys, int offset, float* s)
    {
        for (int g = 0; g < t.Heads; g++)
        {
            for (int ii = 0; ii < t.RowsPerHead; ii++)
            {
                int r = (g * t.RowsPerHead) + ii;
                int visible = Math.Clamp(t.First + ii + offset - j0 + 1, 0, keys); // query First + ii sees j ≤ First + ii + offset
                for (int j = visible; j < keys; j++)
                {
                    s[At(r, j)] = float.NegativeInfinity;
                }
            }
        }
    }

    /// <summary>
    /// Scores of <paramref name="keys"/> key rows (d floats each, read in order) against TRows query rows, four keys per
    /// block; the lanes of keys past the end of a last, partial block are −∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreChunk<TRows, TVectors>(float* k, int d, int keys, float* q, float* s)
        where TRows : struct, ICount
        where TVectors : struct, ICount
    {
        if (typeof(TVectors) != typeof(Any))
        {
            d = TVectors.Value * 16;
        }

        int j = 0;
        for (; j + 4 <= keys; j += 4)
        {
            float* kj = k + ((long)j * d);
            Sse.Prefetch1(kj + PrefetchAhead); // see PrefetchAhead; never faults, so running past the keys is harmless
            ScoreKey<TRows>(kj, d, q, out Vector512<float> a0, out Vector512<float> b0);
            ScoreKey<TRows>(kj + d, d, q, out Vector512<float> a1, out Vector512<float> b1);
            ScoreKey<TRows>(kj + (2 * d), d, q, out Vector512<float> a2, out Vector512<float> b2);
            ScoreKey<TRows>(kj + (3 * d), d, q, out Vector512<float> a3, out Vector512<float> b3);
            Transpose4(a0, a1, a2, a3).Store(s + (j * 4));
            if (TRows.Value > 4)
            {
                Transpose4(b0, b1, b2, b3).Store(s + SetFloats + (j * 4));
            }
        }

        int left = keys - j;
        if (left > 0)
        {
            // Keys that do not exist are neither read nor seen: zero partial sums, then −∞.
            float* kj = k + ((long)j * d);
            Vector512<float> a1 = default, a2 = default, b1 = default, b2 = default;
            ScoreKey<TRows>(kj, d, q, out Vector512<float> a0, out Vector512<float> b0);
            if (left > 1)
            {
                ScoreKey<TRows>(kj + d, d, q, out a1, out b1);
            }

            if (left > 2)
            {
                ScoreKey<TRows>(kj + (2 * d), d, q, out a2, out b2);
            }

            Vector512<float> absent = Vector512.GreaterThanOrEqual(
                Vector512.Create(0f, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3), Vector512.Create((float)left));
            Vector512<float> negativeInfinity = Vector512.Create(float.NegativeInfinity);
            Vector512.ConditionalSelect(absent, negativeInfinity, Transpose4(a0, a1, a2, default)).Store(s + (j * 4));
            if (TRows.Value > 4)
            {
                Vector512.ConditionalSelect(absent, negativeInfinity, Transpose4(b0, b1, b2, default)).Store(s + SetFloats + (j * 4));
            }
        }
    }

    /// <summary>
    /// The partial dot products of one key row with TRows query rows, folded: in <paramref name="set0"/>, 128-bit group g holds
    /// four partial sums of row g (rows 0–3); <paramref name="set1"/> the same for rows 4–7. The key row is read once, in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScoreKey<TRows>(float* k, int d, float* q, out Vector512<float> set0, out Vector512<float> set1)
        where TRows : struct, ICount
    {
        Vector512<float> key = Vector512.Load(k);
        Vector512<float> a0 = key * Vector512.Load(q);
        Vector512<float> a1 = TRows.Value > 1 ? key * Vector512.Load(q + d) : default;
        Vector512<float> a2 = TRows.Value > 2 ? key * Vector512.Load(q + (2 * d)) : default;
        Vector512<float> a3 = TRows.Value > 3 ? key * Vector512.Load(q + (3 * d)) : default;
        Vector512<float> a4 = TRows.Value > 4 ? key * Vector512.Load(q + (4 * d)) : default;
        Vector512<float> a5 = TRows.Value > 5 ? key * Vector512.Load(q + (5 * d)) : default;
        Vector512<float> a6 = TRows.Value > 6 ? key * Vector512.Load(q + (6 * d)) : default;
        Vector512<float> a7 = TRows.Value > 7 ? key * Vector512.Load(q + (7 * d)) : default;
        for (int x = 16; x < d; x += 16)
        {
            key = Vector512.Load(k + x);
            a0 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + x), a0);
            if (TRows.Value > 1)
            {
                a1 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + d + x), a1);
            }

            if (TRows.Value > 2)
            {
                a2 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + (2 * d) + x), a2);
            }

            if (TRows.Value > 3)
            {
                a3 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + (3 * d) + x), a3);
            }

            if (TRows.Value > 4)
            {
                a4 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + (4 * d) + x), a4);
            }

            if (TRows.Value > 5)
            {
                a5 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + (5 * d) + x), a5);
            }

            if (TRows.Value > 6)
            {
                a6 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + (6 * d) + x), a6);
            }

            if (TRows.Value > 7)
            {
                a7 = Vector512.FusedMultiplyAdd(key, Vector512.Load(q + (7 * d) + x), a7);
            }
        }

        set0 = Fold4(a0, a1, a2, a3);
        set1 = TRows.Value > 4 ? Fold4(a4, a5, a6, a7) : default;
    }

    /// <summary>
    /// Four 16-lane sums to four partial sums each: group g of the result holds (a_g's four 128-bit groups added pairwise),
    /// by two rounds of 128-bit shuffles and adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fold4(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3)
    {
        // [a0.g0 + a0.g2, a0.g1 + a0.g3, a1.g0 + a1.g2, a1.g1 + a1.g3], the same for a2, a3
        Vector512<float> t0 = Avx512F.Shuffle4x128(a0, a1, 0b01_00_01_00) + Avx512F.Shuffle4x128(a0, a1, 0b11_10_11_10);
        Vector512<float> t1 = Avx512F.Shuffle4x128(a2, a3, 0b01_00_01_00) + Avx512F.Shuffle4x128(a2, a3, 0b11_10_11_10);
        return Avx512F.Shuffle4x128(t0, t1, 0b10_00_10_00) + Avx512F.Shuffle4x128(t0, t1, 0b11_01_11_01);
    }

    /// <summary>
    /// Four folded keys to one block of scores: lane g·4 + i = the sum of group g of <c>u_i</c> (row g, key i), by an in-lane
    /// 4 × 4 transpose and two adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Transpose4(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3)
    {
        Vector512<float> t0 = Avx512F.UnpackLow(u0, u1) + Avx512F.UnpackHigh(u0, u1); // per group: u0 02, u1 02, u0 13, u1 13
        Vector512<float> t1 = Avx512F.UnpackLow(u2, u3) + Avx512F.UnpackHigh(u2, u3);
        return Avx512F.UnpackLow(t0.AsDouble(), t1.AsDouble()).AsSingle() + Avx512F.UnpackHigh(t0.AsDouble(), t1.AsDouble()).AsSingle();
    }

    /// <summary>The maximum of each 128-bit group, in all four of its lanes (NaN propagates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GroupMax(Vector512<float> a)
    {
        a = Vector512.Max(a, Avx512F.Permute4x32(a, 0b10_11_00_01));
        return Vector512.Max(a, Avx512F.Permute4x32(a, 0b01_00_11_10));
    }

    /// <summary>The sum of each 128-bit group, in all four of its lanes (lanes 0+1 and 2+3, then the two pairs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GroupSum(Vector512<float> a)
    {
        a += Avx512F.Permute4x32(a, 0b10_11_00_01);
        return a + Avx512F.Permute4x32(a, 0b01_00_11_10);
    }

    /// <summary>Lanes 0, 4, 8, 12 (one per group) to <paramref name="destination"/>[0..4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGroups(Vector512<float> a, float* destination) =>
        Avx512F.PermuteVar16x32(a, Vector512.Create(0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12)).GetLower().GetLower().Store(destination);

    /// <summary>
    /// The online-softmax step of one set of four rows over the chunk: m_new = max(m, the chunk's maximum), P = e^(S − m_new)
    /// in place, l = l·e^(m − m_new) + ΣP; the four corrections e^(m − m_new) go to <paramref name="correction"/>. Returns
    /// whether any correction differs from 1 (the output rows must be rescaled).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Softmax(float* s, int keys, ref Vector512<float> m, ref Vector512<float> l, float* correction)
    {
        int end = ((keys + 3) >> 2) << 4;
        Vector512<float> blockMax = Vector512.Load(s);
        for (int b = 16; b < end; b += 16)
        {
            blockMax = Vector512.Max(blockMax, Vector512.Load(s + b)); // NaN propagates
        }

        Vector512<float> old = m;
        Vector512<float> next = Vector512.Max(old, GroupMax(blockMax));
        m = next;
        if (!Vector512.EqualsAll(next, next))
        {
            return SoftmaxWithNaN(s, end, old, next, ref l, correction);
        }

        Vector512<float> negativeInfinity = Vector512.Create(float.NegativeInfinity);
        Vector512<float> safe = Vector512.ConditionalSelect(Vector512.Equals(next, negativeInfinity), Vector512<float>.Zero, next);
        Vector512<float> sum = Vector512<float>.Zero;
        for (int b = 0; b < end; b += 16)
        {
            Vector512<float> p = VectorMath.ExpNonPositive(Vector512.Load(s + b) - safe); // ≤ 0; −∞ gives 0
            p.Store(s + b);
            sum += p;
        }

        Vector512<float> factor = VectorMath.ExpNonPositive(old - safe); // 0 when nothing was visible before
        l = Vector512.FusedMultiplyAdd(l, factor, GroupSum(sum));
        StoreGroups(factor, correction);
        return !Vector512.EqualsAll(factor, Vector512<float>.One);
    }

    /// <summary>The same step for a set where some row's maximum is NaN: plain exponentials per lane, so NaN stays NaN.</summary>
    private static bool SoftmaxWithNaN(float* s, int end, Vector512<float> old, Vector512<float> next, ref Vector512<float> l, float* correction)
    {
        Span<float> sums = stackalloc float[16];
        for (int g = 0; g < 4; g++)
        {
            float top = next[g * 4];
            float safe = float.IsNegativeInfinity(top) ? 0f : top;
            float sum = 0f;
            for (int b = 0; b < end; b += 16)
            {
                for (int i = 0; i < 4; i++)
                {
                    float* at = s + b + (g * 4) + i;
                    *at = MathF.Exp(*at - safe);
                    sum += *at;
                }
            }

            float factor = MathF.Exp(old[g * 4] - safe);
            correction[g] = factor;
            for (int i = 0; i < 4; i++)
            {
                sums[(g * 4) + i] = (l[g * 4] * factor) + sum;
            }
        }

        l = Vector512.Create((ReadOnlySpan<float>)sums);
        return true;
    }

    /// <summary>
    /// Copies <paramref name="count"/> floats (a multiple of 16) with vector loads and stores — not Span.CopyTo, whose
    /// memmove for a few KiB can be a microcoded string move that stalls the stream of K and V loads around it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* destination, int count)
    {
        for (int x = 0; x < count; x += 16)
        {
            Vector512.Load(source + x).Store(destination + x);
        }
    }

    /// <summary>Whether every one of <paramref name="count"/> floats (a multiple of 16) is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFinite(float* a, int count)
    {
        // a − a is 0 for a finite value and NaN for NaN or ±∞; two independent sums keep the adds off one chain.
        Vector512<float> p0 = Vector512<float>.Zero, p1 = Vector512<float>.Zero;
        int x = 0;
        for (; x + 32 <= count; x += 32)
        {
            Vector512<float> a0 = Vector512.Load(a + x);
            Vector512<float> a1 = Vector512.Load(a + x + 16);
            p0 += a0 - a0;
            p1 += a1 - a1;
        }

        if (x < count)
        {
            Vector512<float> a0 = Vector512.Load(a + x);
            p0 += a0 - a0;
        }

        return Vector512.EqualsAll(p0 + p1, Vector512<float>.Zero);
    }

    /// <summary>
    /// The values of a chunk when D &gt; 256: column panels of the largest divisor of D/16 up to 16 vectors, rows per pass
    /// the largest divisor of the row count that fits 16 accumulators (the shape picked per chunk: a rare case).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulatePanels(float* s, int keys, float* v, int d, float* o, int rows, float* correction)
    {
        int vectors = d >> 4;
        int width = PassVectors;
        while (vectors % width != 0)
        {
            width--;
        }

        switch (width)
        {
            case 1: AccumulatePanels<One>(s, keys, v, d, o, rows, correction); break;
            case 2: AccumulatePanels<Two>(s, keys, v, d, o, rows, correction); break;
            case 3: AccumulatePanels<Three>(s, keys, v, d, o, rows, correction); break;
            case 4: AccumulatePanels<Four>(s, keys, v, d, o, rows, correction); break;
            case 5: AccumulatePanels<Five>(s, keys, v, d, o, rows, correction); break;
            case 6: AccumulatePanels<Six>(s, keys, v, d, o, rows, correction); break;
            case 7: AccumulatePanels<Seven>(s, keys, v, d, o, rows, correction); break;
            case 8: AccumulatePanels<Eight>(s, keys, v, d, o, rows, correction); break;
            case 9: AccumulatePanels<Nine>(s, keys, v, d, o, rows, correction); break;
            case 10: AccumulatePanels<Ten>(s, keys, v, d, o, rows, correction); break;
            case 11: AccumulatePanels<Eleven>(s, keys, v, d, o, rows, correction); break;
            case 12: AccumulatePanels<Twelve>(s, keys, v, d, o, rows, correction); break;
            case 13: AccumulatePanels<Thirteen>(s, keys, v, d, o, rows, correction); break;
            case 14: AccumulatePanels<Fourteen>(s, keys, v, d, o, rows, correction); break;
            case 15: AccumulatePanels<Fifteen>(s, keys, v, d, o, rows, correction); break;
            default: AccumulatePanels<Sixteen>(s, keys, v, d, o, rows, correction); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulatePanels<TVectors>(float* s, int keys, float* v, int d, float* o, int rows, float* correction)
        where TVectors : struct, ICount
    {
        int perPass = Math.Min(rows, PassVectors / TVectors.Value);
        while (rows % perPass != 0)
        {
            perPass--;
        }

        switch (perPass)
        {
            case 1: AccumulateBlocks<TVectors, One, Off>(s, keys, v, d, o, rows, correction); break;
            case 2: AccumulateBlocks<TVectors, Two, Off>(s, keys, v, d, o, rows, correction); break;
            case 3: AccumulateBlocks<TVectors, Three, Off>(s, keys, v, d, o, rows, correction); break;
            case 4: AccumulateBlocks<TVectors, Four, Off>(s, keys, v, d, o, rows, correction); break;
            case 5: AccumulateBlocks<TVectors, Five, Off>(s, keys, v, d, o, rows, correction); break;
            case 6: AccumulateBlocks<TVectors, Six, Off>(s, keys, v, d, o, rows, correction); break;
            case 7: AccumulateBlocks<TVectors, Seven, Off>(s, keys, v, d, o, rows, correction); break;
            default: AccumulateBlocks<TVectors, Eight, Off>(s, keys, v, d, o, rows, correction); break;
        }
    }

    /// <summary>Row i mod TRows of a pass's accumulator i (accumulators go column by column, so the TRows multiply-adds
    /// that use one loaded value vector are consecutive and the vector is loaded once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowOf<TRows>(int i)
        where TRows : struct, ICount => i % TRows.Value;

    /// <summary>Offset of accumulator i's 16 columns in its row: (i / TRows)·16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ColumnOf<TRows>(int i)
        where TRows : struct, ICount => (i / TRows.Value) * 16;

    /// <summary>The value vector of accumulator i's columns (one of up to sixteen; the choice folds at compile time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ValueOf<TRows>(
        int i, Vector512<float> w0, Vector512<float> w1, Vector512<float> w2, Vector512<float> w3,
        Vector512<float> w4, Vector512<float> w5, Vector512<float> w6, Vector512<float> w7,
        Vector512<float> w8, Vector512<float> w9, Vector512<float> w10, Vector512<float> w11,
        Vector512<float> w12, Vector512<float> w13, Vector512<float> w14, Vector512<float> w15)
        where TRows : struct, ICount => (i / TRows.Value) switch
        {
            0 => w0,
            1 => w1,
            2 => w2,
            3 => w3,
            4 => w4,
            5 => w5,
            6 => w6,
            7 => w7,
            8 => w8,
            9 => w9,
            10 => w10,
            11 => w11,
            12 => w12,
            13 => w13,
            14 => w14,
            _ => w15,
        };

    /// <summary>The weight broadcast of accumulator i's row (one of up to eight; the choice folds at compile time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> WeightOf<TRows>(
        int i, Vector512<float> p0, Vector512<float> p1, Vector512<float> p2, Vector512<float> p3,
        Vector512<float> p4, Vector512<float> p5, Vector512<float> p6, Vector512<float> p7)
        where TRows : struct, ICount => RowOf<TRows>(i) switch
        {
            0 => p0,
            1 => p1,
            2 => p2,
            3 => p3,
            4 => p4,
            5 => p5,
            6 => p6,
            _ => p7,
        };

    /// <summary>
    /// Every pass of the chunk, in one method (no call per pass): for each block of keys, for each group of TRows rows,
    /// for each panel of 16·TVectors columns (one panel, and D a constant, when TWholeRow is On), the TRows·TVectors ≤ 16
    /// accumulators are loaded (times the row's correction in the first block), the block's keys added in order —
    /// o(r, ·) += P(r, j)·v_j with each value vector loaded once and the weights broadcast — and stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateBlocks<TVectors, TRows, TWholeRow>(float* s, int keys, float* v, int d, float* o, int rows, float* correction)
        where TVectors : struct, ICount
        where TRows : struct, ICount
        where TWholeRow : struct
    {
        if (typeof(TWholeRow) == typeof(On))
        {
            d = TVectors.Value * 16; // a constant from here on: strides and offsets compile to immediates
        }

        int n = TVectors.Value * TRows.Value;
        int panelFloats = TVectors.Value * 16;
        for (int j0 = 0; j0 < keys; j0 += Block)
        {
            int j1 = Math.Min(keys, j0 + Block);
            float* ahead = v + ((long)j0 * d) + PrefetchAhead; // see PrefetchAhead: one line per 2 KiB of the block, 8 KiB on
            for (int x = 0; x < Block * d; x += PrefetchSpacing)
            {
                Sse.Prefetch1(ahead + x);
            }

            for (int r = 0; r < rows; r += TRows.Value)
            {
                // Each row's weights: set r/4, group r mod 4 of every block; key j at block j/4, lane j mod 4.
                float* s0 = s + At(r, 0);
                float* s1 = TRows.Value > 1 ? s + At(r + 1, 0) : s0;
                float* s2 = TRows.Value > 2 ? s + At(r + 2, 0) : s0;
                float* s3 = TRows.Value > 3 ? s + At(r + 3, 0) : s0;
                float* s4 = TRows.Value > 4 ? s + At(r + 4, 0) : s0;
                float* s5 = TRows.Value > 5 ? s + At(r + 5, 0) : s0;
                float* s6 = TRows.Value > 6 ? s + At(r + 6, 0) : s0;
                float* s7 = TRows.Value > 7 ? s + At(r + 7, 0) : s0;
                bool rescale = j0 == 0 && correction is not null;
                for (int x = 0; x < d; x += panelFloats)
                {
                    float* or = o + ((long)r * d) + x;
                    float* vx = v + x;
                    Vector512<float> a0 = Vector512.Load(or + ColumnOf<TRows>(0));
                    Vector512<float> a1 = n > 1 ? Vector512.Load(or + ((long)RowOf<TRows>(1) * d) + ColumnOf<TRows>(1)) : default;
                    Vector512<float> a2 = n > 2 ? Vector512.Load(or + ((long)RowOf<TRows>(2) * d) + ColumnOf<TRows>(2)) : default;
                    Vector512<float> a3 = n > 3 ? Vector512.Load(or + ((long)RowOf<TRows>(3) * d) + ColumnOf<TRows>(3)) : default;
                    Vector512<float> a4 = n > 4 ? Vector512.Load(or + ((long)RowOf<TRows>(4) * d) + ColumnOf<TRows>(4)) : default;
                    Vector512<float> a5 = n > 5 ? Vector512.Load(or + ((long)RowOf<TRows>(5) * d) + ColumnOf<TRows>(5)) : default;
                    Vector512<float> a6 = n > 6 ? Vector512.Load(or + ((long)RowOf<TRows>(6) * d) + ColumnOf<TRows>(6)) : default;
                    Vector512<float> a7 = n > 7 ? Vector512.Load(or + ((long)RowOf<TRows>(7) * d) + ColumnOf<TRows>(7)) : default;
                    Vector512<float> a8 = n > 8 ? Vector512.Load(or + ((long)RowOf<TRows>(8) * d) + ColumnOf<TRows>(8)) : default;
                    Vector512<float> a9 = n > 9 ? Vector512.Load(or + ((long)RowOf<TRows>(9) * d) + ColumnOf<TRows>(9)) : default;
                    Vector512<float> a10 = n > 10 ? Vector512.Load(or + ((long)RowOf<TRows>(10) * d) + ColumnOf<TRows>(10)) : default;
                    Vector512<float> a11 = n > 11 ? Vector512.Load(or + ((long)RowOf<TRows>(11) * d) + ColumnOf<TRows>(11)) : default;
                    Vector512<float> a12 = n > 12 ? Vector512.Load(or + ((long)RowOf<TRows>(12) * d) + ColumnOf<TRows>(12)) : default;
                    Vector512<float> a13 = n > 13 ? Vector512.Load(or + ((long)RowOf<TRows>(13) * d) + ColumnOf<TRows>(13)) : default;
                    Vector512<float> a14 = n > 14 ? Vector512.Load(or + ((long)RowOf<TRows>(14) * d) + ColumnOf<TRows>(14)) : default;
                    Vector512<float> a15 = n > 15 ? Vector512.Load(or + ((long)RowOf<TRows>(15) * d) + ColumnOf<TRows>(15)) : default;

                    if (rescale)
                    {
                        a0 *= Vector512.Create(correction[r + RowOf<TRows>(0)]);

                        if (n > 1)
                        {
                            a1 *= Vector512.Create(correction[r + RowOf<TRows>(1)]);
                        }

                        if (n > 2)
                        {
                            a2 *= Vector512.Create(correction[r + RowOf<TRows>(2)]);
                        }

                        if (n > 3)
                        {
                            a3 *= Vector512.Create(correction[r + RowOf<TRows>(3)]);
                        }

                        if (n > 4)
                        {
                            a4 *= Vector512.Create(correction[r + RowOf<TRows>(4)]);
                        }

                        if (n > 5)
                        {
                            a5 *= Vector512.Create(correction[r + RowOf<TRows>(5)]);
                        }

                        if (n > 6)
                        {
                            a6 *= Vector512.Create(correction[r + RowOf<TRows>(6)]);
                        }

                        if (n > 7)
                        {
                            a7 *= Vector512.Create(correction[r + RowOf<TRows>(7)]);
                        }

                        if (n > 8)
                        {
                            a8 *= Vector512.Create(correction[r + RowOf<TRows>(8)]);
                        }

                        if (n > 9)
                        {
                            a9 *= Vector512.Create(correction[r + RowOf<TRows>(9)]);
                        }

                        if (n > 10)
                        {
                            a10 *= Vector512.Create(correction[r + RowOf<TRows>(10)]);
                        }

                        if (n > 11)
                        {
                            a11 *= Vector512.Create(correction[r + RowOf<TRows>(11)]);
                        }

                        if (n > 12)
                        {
                            a12 *= Vector512.Create(correction[r + RowOf<TRows>(12)]);
                        }

                        if (n > 13)
                        {
                            a13 *= Vector512.Create(correction[r + RowOf<TRows>(13)]);
                        }

                        if (n > 14)
                        {
                            a14 *= Vector512.Create(correction[r + RowOf<TRows>(14)]);
                        }

                        if (n > 15)
                        {
                            a15 *= Vector512.Create(correction[r + RowOf<TRows>(15)]);
                        }
                    }

                    for (int j = j0; j < j1; j++)
                    {
                        float* vj = vx + ((long)j * d);
                        int at = ((j >> 2) << 4) + (j & 3);
                        Vector512<float> p0 = Vector512.Create(s0[at]);
                        Vector512<float> p1 = TRows.Value > 1 ? Vector512.Create(s1[at]) : default;
                        Vector512<float> p2 = TRows.Value > 2 ? Vector512.Create(s2[at]) : default;
                        Vector512<float> p3 = TRows.Value > 3 ? Vector512.Create(s3[at]) : default;
                        Vector512<float> p4 = TRows.Value > 4 ? Vector512.Create(s4[at]) : default;
                        Vector512<float> p5 = TRows.Value > 5 ? Vector512.Create(s5[at]) : default;
                        Vector512<float> p6 = TRows.Value > 6 ? Vector512.Create(s6[at]) : default;
                        Vector512<float> p7 = TRows.Value > 7 ? Vector512.Create(s7[at]) : default;

                        // The block's value row, loaded once, in address order; each vector feeds TRows multiply-adds.
                        Vector512<float> w0 = Vector512.Load(vj);
                        Vector512<float> w1 = TVectors.Value > 1 ? Vector512.Load(vj + 16) : default;
                        Vector512<float> w2 = TVectors.Value > 2 ? Vector512.Load(vj + 32) : default;
                        Vector512<float> w3 = TVectors.Value > 3 ? Vector512.Load(vj + 48) : default;
                        Vector512<float> w4 = TVectors.Value > 4 ? Vector512.Load(vj + 64) : default;
                        Vector512<float> w5 = TVectors.Value > 5 ? Vector512.Load(vj + 80) : default;
                        Vector512<float> w6 = TVectors.Value > 6 ? Vector512.Load(vj + 96) : default;
                        Vector512<float> w7 = TVectors.Value > 7 ? Vector512.Load(vj + 112) : default;
                        Vector512<float> w8 = TVectors.Value > 8 ? Vector512.Load(vj + 128) : default;
                        Vector512<float> w9 = TVectors.Value > 9 ? Vector512.Load(vj + 144) : default;
                        Vector512<float> w10 = TVectors.Value > 10 ? Vector512.Load(vj + 160) : default;
                        Vector512<float> w11 = TVectors.Value > 11 ? Vector512.Load(vj + 176) : default;
                        Vector512<float> w12 = TVectors.Value > 12 ? Vector512.Load(vj + 192) : default;
                        Vector512<float> w13 = TVectors.Value > 13 ? Vector512.Load(vj + 208) : default;
                        Vector512<float> w14 = TVectors.Value > 14 ? Vector512.Load(vj + 224) : default;
                        Vector512<float> w15 = TVectors.Value > 15 ? Vector512.Load(vj + 240) : default;
                        a0 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(0, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(0, p0, p1, p2, p3, p4, p5, p6, p7), a0);

                        if (n > 1)
                        {
                            a1 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(1, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(1, p0, p1, p2, p3, p4, p5, p6, p7), a1);
                        }

                        if (n > 2)
                        {
                            a2 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(2, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(2, p0, p1, p2, p3, p4, p5, p6, p7), a2);
                        }

                        if (n > 3)
                        {
                            a3 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(3, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(3, p0, p1, p2, p3, p4, p5, p6, p7), a3);
                        }

                        if (n > 4)
                        {
                            a4 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(4, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(4, p0, p1, p2, p3, p4, p5, p6, p7), a4);
                        }

                        if (n > 5)
                        {
                            a5 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(5, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(5, p0, p1, p2, p3, p4, p5, p6, p7), a5);
                        }

                        if (n > 6)
                        {
                            a6 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(6, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(6, p0, p1, p2, p3, p4, p5, p6, p7), a6);
                        }

                        if (n > 7)
                        {
                            a7 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(7, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(7, p0, p1, p2, p3, p4, p5, p6, p7), a7);
                        }

                        if (n > 8)
                        {
                            a8 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(8, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(8, p0, p1, p2, p3, p4, p5, p6, p7), a8);
                        }

                        if (n > 9)
                        {
                            a9 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(9, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(9, p0, p1, p2, p3, p4, p5, p6, p7), a9);
                        }

                        if (n > 10)
                        {
                            a10 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(10, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(10, p0, p1, p2, p3, p4, p5, p6, p7), a10);
                        }

                        if (n > 11)
                        {
                            a11 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(11, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(11, p0, p1, p2, p3, p4, p5, p6, p7), a11);
                        }

                        if (n > 12)
                        {
                            a12 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(12, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(12, p0, p1, p2, p3, p4, p5, p6, p7), a12);
                        }

                        if (n > 13)
                        {
                            a13 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(13, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(13, p0, p1, p2, p3, p4, p5, p6, p7), a13);
                        }

                        if (n > 14)
                        {
                            a14 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(14, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(14, p0, p1, p2, p3, p4, p5, p6, p7), a14);
                        }

                        if (n > 15)
                        {
                            a15 = Vector512.FusedMultiplyAdd(ValueOf<TRows>(15, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15), WeightOf<TRows>(15, p0, p1, p2, p3, p4, p5, p6, p7), a15);
                        }
                    }

                    a0.Store(or + ((long)RowOf<TRows>(0) * d) + ColumnOf<TRows>(0));

                    if (n > 1)
                    {
                        a1.Store(or + ((long)RowOf<TRows>(1) * d) + ColumnOf<TRows>(1));
                    }

                    if (n > 2)
                    {
                        a2.Store(or + ((long)RowOf<TRows>(2) * d) + ColumnOf<TRows>(2));
                    }

                    if (n > 3)
                    {
                        a3.Store(or + ((long)RowOf<TRows>(3) * d) + ColumnOf<TRows>(3));
                    }

                    if (n > 4)
                    {
                        a4.Store(or + ((long)RowOf<TRows>(4) * d) + ColumnOf<TRows>(4));
                    }

                    if (n > 5)
                    {
                        a5.Store(or + ((long)RowOf<TRows>(5) * d) + ColumnOf<TRows>(5));
                    }

                    if (n > 6)
                    {
                        a6.Store(or + ((long)RowOf<TRows>(6) * d) + ColumnOf<TRows>(6));
                    }

                    if (n > 7)
                    {
                        a7.Store(or + ((long)RowOf<TRows>(7) * d) + ColumnOf<TRows>(7));
                    }

                    if (n > 8)
                    {
                        a8.Store(or + ((long)RowOf<TRows>(8) * d) + ColumnOf<TRows>(8));
                    }

                    if (n > 9)
                    {
                        a9.Store(or + ((long)RowOf<TRows>(9) * d) + ColumnOf<TRows>(9));
                    }

                    if (n > 10)
                    {
                        a10.Store(or + ((long)RowOf<TRows>(10) * d) + ColumnOf<TRows>(10));
                    }

                    if (n > 11)
                    {
                        a11.Store(or + ((long)RowOf<TRows>(11) * d) + ColumnOf<TRows>(11));
                    }

                    if (n > 12)
                    {
                        a12.Store(or + ((long)RowOf<TRows>(12) * d) + ColumnOf<TRows>(12));
                    }

                    if (n > 13)
                    {
                        a13.Store(or + ((long)RowOf<TRows>(13) * d) + ColumnOf<TRows>(13));
                    }

                    if (n > 14)
                    {
                        a14.Store(or + ((long)RowOf<TRows>(14) * d) + ColumnOf<TRows>(14));
                    }

                    if (n > 15)
                    {
                        a15.Store(or + ((long)RowOf<TRows>(15) * d) + ColumnOf<TRows>(15));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The slow twin of the passes, for a chunk whose sums came out NaN or ±∞: applies the corrections, then adds only the
    /// terms whose weight is non-zero, so a NaN or ±∞ value reaches only the rows that see its key.
    /// </summary>
    private static void AccumulateVisible(float* s, int rows, int keys, float* v, int d, float* o, float* correction)
    {
        for (int r = 0; r < rows; r++)
        {
            var output = new Span<float>(o + ((long)r * d), d);
            if (correction is not null)
            {
                TensorPrimitives.Multiply(output, correction[r], output);
            }

            for (int j = 0; j < keys; j++)
            {
                float weight = s[At(r, j)];
                if (weight != 0f)
                {
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(v + ((long)j * d), d), weight, output, output);
                }
            }
        }
    }
}
