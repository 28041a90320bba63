using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bedrock.Foundations.Attention.Common;

/// <summary>A compile-time count: the JIT specializes a generic method per struct argument and folds the guards.</summary>
internal interface ICount
{
    public static abstract int Value { get; }
}

internal readonly struct One : ICount
{
    public static int Value => 1;
}

internal readonly struct Two : ICount
{
    public static int Value => 2;
}

internal readonly struct Three : ICount
{
    public static int Value => 3;
}

internal readonly struct Four : ICount
{
    public static int Value => 4;
}

internal readonly struct Five : ICount
{
    public static int Value => 5;
}

internal readonly struct Six : ICount
{
    public static int Value => 6;
}

/// <summary>
/// Register-blocked AVX-512 micro-kernels for the two products of attention, up to 6 rows × 64 columns (24 zmm
/// accumulators, 4 loads and a broadcast per step: 24 fused multiply-adds for 4 vector loads). No packing of K or V.
/// </summary>
/// <remarks>
/// <para><see cref="Scores{TRows, TColumns}"/>: Sᵀ = K·Qᵀ for 6 key rows (read in place) against the tile's 64 query rows packed
/// transposed once per tile (Qᵀ, [D][64]): step x broadcasts k[j][x] and multiplies the 64 queries' x-th components.
/// Scores come out transposed, one row of 64 queries per key, so the online softmax runs down the columns with whole
/// vectors. <see cref="Accumulate{TRows, TColumns}"/>: O += P·V for 6 query rows against the block's value rows,
/// 16·TColumns output columns at a time.</para>
/// <para>Each accumulator sums its terms in index order with fused multiply-adds, so the result depends only on the
/// data, never on the thread.</para>
/// </remarks>
internal static unsafe class MicroKernels
{
    /// <summary>Columns of a score block: 64 keys, four vectors.</summary>
    internal const int BlockColumns = 64;

    /// <summary>
    /// How far ahead (in keys) <see cref="DotScores{TRows}"/> asks for key and value rows to be brought into L2: decode
    /// tiles are a stream over K and V with little work per byte, and the hardware prefetcher alone leaves DRAM idle
    /// while they compute. 256 keys (≈ 256 KB of K and V at D = 128) measured best on the development machine (Zen 4:
    /// 64 → 10.3 ms, 128 → 9.7, 256 → 8.9, 1024 → 10.0 for a 128 MiB decode step, against 14.2 without).
    /// </summary>
    private const int PrefetchKeys = 256;

    /// <summary>The <c>prefetchValueOffset</c> that turns prefetching off.</summary>
    internal const long NoPrefetch = long.MinValue;

    /// <summary>
    /// st[j][0..16·TColumns) = Σ_x k[j][x]·qt[x][0..16·TColumns) for j &lt; TRows key rows (<paramref name="keyStride"/>
    /// apart) against up to 64 query rows packed transposed (qt, [depth][64]); st rows 64 apart: the scores of a key
    /// block, transposed.
    /// </summary>
    /// <remarks>Written out in full (generated) so that every accumulator stays a register.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Scores<TRows, TColumns>(float* k, int keyStride, float* qt, int depth, float* st)
        where TRows : struct, ICount
        where TColumns : struct, ICount
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a43 = default;
        Vector512<float> a50 = default, a51 = default, a52 = default, a53 = default;
        for (int x = 0; x < depth; x++)
        {
            float* q = qt + (x * BlockColumns);
            Vector512<float> q0 = Vector512.Load(q);
            Vector512<float> q1 = TColumns.Value > 1 ? Vector512.Load(q + 16) : default;
            Vector512<float> q2 = TColumns.Value > 2 ? Vector512.Load(q + 32) : default;
            Vector512<float> q3 = TColumns.Value > 3 ? Vector512.Load(q + 48) : default;
            Vector512<float> b;
            b = Vector512.Create(k[(0 * keyStride) + x]);
            a00 = Vector512.FusedMultiplyAdd(b, q0, a00);
            if (TColumns.Value > 1)
            {
                a01 = Vector512.FusedMultiplyAdd(b, q1, a01);
            }

            if (TColumns.Value > 2)
            {
                a02 = Vector512.FusedMultiplyAdd(b, q2, a02);
            }

            if (TColumns.Value > 3)
            {
                a03 = Vector512.FusedMultiplyAdd(b, q3, a03);
            }

            if (TRows.Value > 1)
            {
                b = Vector512.Create(k[(1 * keyStride) + x]);
                a10 = Vector512.FusedMultiplyAdd(b, q0, a10);
                if (TColumns.Value > 1)
                {
                    a11 = Vector512.FusedMultiplyAdd(b, q1, a11);
                }

                if (TColumns.Value > 2)
                {
                    a12 = Vector512.FusedMultiplyAdd(b, q2, a12);
                }

                if (TColumns.Value > 3)
                {
                    a13 = Vector512.FusedMultiplyAdd(b, q3, a13);
                }

            }

            if (TRows.Value > 2)
            {
                b = Vector512.Create(k[(2 * keyStride) + x]);
                a20 = Vector512.FusedMultiplyAdd(b, q0, a20);
                if (TColumns.Value > 1)
                {
                    a21 = Vector512.FusedMultiplyAdd(b, q1, a21);
                }

                if (TColumns.Value > 2)
                {
                    a22 = Vector512.FusedMultiplyAdd(b, q2, a22);
                }

                if (TColumns.Value > 3)
                {
                    a23 = Vector512.FusedMultiplyAdd(b, q3, a23);
                }

            }

            if (TRows.Value > 3)
            {
                b = Vector512.Create(k[(3 * keyStride) + x]);
                a30 = Vector512.FusedMultiplyAdd(b, q0, a30);
                if (TColumns.Value > 1)
                {
                    a31 = Vector512.FusedMultiplyAdd(b, q1, a31);
                }

                if (TColumns.Value > 2)
                {
                    a32 = Vector512.FusedMultiplyAdd(b, q2, a32);
                }

                if (TColumns.Value > 3)
                {
                    a33 = Vector512.FusedMultiplyAdd(b, q3, a33);
                }

            }

            if (TRows.Value > 4)
            {
                b = Vector512.Create(k[(4 * keyStride) + x]);
                a40 = Vector512.FusedMultiplyAdd(b, q0, a40);
                if (TColumns.Value > 1)
                {
                    a41 = Vector512.FusedMultiplyAdd(b, q1, a41);
                }

                if (TColumns.Value > 2)
                {
                    a42 = Vector512.FusedMultiplyAdd(b, q2, a42);
                }

                if (TColumns.Value > 3)
                {
                    a43 = Vector512.FusedMultiplyAdd(b, q3, a43);
                }

            }

            if (TRows.Value > 5)
            {
                b = Vector512.Create(k[(5 * keyStride) + x]);
                a50 = Vector512.FusedMultiplyAdd(b, q0, a50);
                if (TColumns.Value > 1)
                {
                    a51 = Vector512.FusedMultiplyAdd(b, q1, a51);
                }

                if (TColumns.Value > 2)
                {
                    a52 = Vector512.FusedMultiplyAdd(b, q2, a52);
                }

                if (TColumns.Value > 3)
                {
                    a53 = Vector512.FusedMultiplyAdd(b, q3, a53);
                }

            }

        }

        a00.Store(st + (0 * BlockColumns) + 0);

        if (TColumns.Value > 1)
        {
            a01.Store(st + (0 * BlockColumns) + 16);
        }

        if (TColumns.Value > 2)
        {
            a02.Store(st + (0 * BlockColumns) + 32);
        }

        if (TColumns.Value > 3)
        {
            a03.Store(st + (0 * BlockColumns) + 48);
        }

        if (TRows.Value > 1)
        {
            a10.Store(st + (1 * BlockColumns) + 0);
        }

        if (TRows.Value > 1 && TColumns.Value > 1)
        {
            a11.Store(st + (1 * BlockColumns) + 16);
        }

        if (TRows.Value > 1 && TColumns.Value > 2)
        {
            a12.Store(st + (1 * BlockColumns) + 32);
        }

        if (TRows.Value > 1 && TColumns.Value > 3)
        {
            a13.Store(st + (1 * BlockColumns) + 48);
        }

        if (TRows.Value > 2)
        {
            a20.Store(st + (2 * BlockColumns) + 0);
        }

        if (TRows.Value > 2 && TColumns.Value > 1)
        {
            a21.Store(st + (2 * BlockColumns) + 16);
        }

        if (TRows.Value > 2 && TColumns.Value > 2)
        {
            a22.Store(st + (2 * BlockColumns) + 32);
        }

        if (TRows.Value > 2 && TColumns.Value > 3)
        {
            a23.Store(st + (2 * BlockColumns) + 48);
        }

        if (TRows.Value > 3)
        {
            a30.Store(st + (3 * BlockColumns) + 0);
        }

        if (TRows.Value > 3 && TColumns.Value > 1)
        {
            a31.Store(st + (3 * BlockColumns) + 16);
        }

        if (TRows.Value > 3 && TColumns.Value > 2)
        {
            a32.Store(st + (3 * BlockColumns) + 32);
        }

        if (TRows.Value > 3 && TColumns.Value > 3)
        {
            a33.Store(st + (3 * BlockColumns) + 48);
        }

        if (TRows.Value > 4)
        {
            a40.Store(st + (4 * BlockColumns) + 0);
        }

        if (TRows.Value > 4 && TColumns.Value > 1)
        {
            a41.Store(st + (4 * BlockColumns) + 16);
        }

        if (TRows.Value > 4 && TColumns.Value > 2)
        {
            a42.Store(st + (4 * BlockColumns) + 32);
        }

        if (TRows.Value > 4 && TColumns.Value > 3)
        {
            a43.Store(st + (4 * BlockColumns) + 48);
        }

        if (TRows.Value > 5)
        {
            a50.Store(st + (5 * BlockColumns) + 0);
        }

        if (TRows.Value > 5 && TColumns.Value > 1)
        {
            a51.Store(st + (5 * BlockColumns) + 16);
        }

        if (TRows.Value > 5 && TColumns.Value > 2)
        {
            a52.Store(st + (5 * BlockColumns) + 32);
        }

        if (TRows.Value > 5 && TColumns.Value > 3)
        {
            a53.Store(st + (5 * BlockColumns) + 48);
        }

    }

    /// <summary>
    /// o[r][0..16·TColumns) += Σ_{j &lt; keys} P(r, j)·v[j][0..16·TColumns), r &lt; TRows, with P(r, j) at
    /// p[r·rowStride + j·keyStride] (transposed scores: 1 and 64; row-major: 64 and 1), v rows
    /// <paramref name="valueStride"/> apart, o rows <paramref name="outputStride"/> apart.
    /// </summary>
    /// <remarks>Written out in full (generated: rows × columns guarded by compile-time counts) so that every accumulator
    /// stays a register.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Accumulate<TRows, TColumns>(float* p, int rowStride, int keyStride, int keys, float* v, int valueStride, float* o, int outputStride)
        where TRows : struct, ICount
        where TColumns : struct, ICount
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a43 = default;
        Vector512<float> a50 = default, a51 = default, a52 = default, a53 = default;
        a00 = Vector512.Load(o + (0 * outputStride) + 0);

        if (TColumns.Value > 1)
        {
            a01 = Vector512.Load(o + (0 * outputStride) + 16);
        }

        if (TColumns.Value > 2)
        {
            a02 = Vector512.Load(o + (0 * outputStride) + 32);
        }

        if (TColumns.Value > 3)
        {
            a03 = Vector512.Load(o + (0 * outputStride) + 48);
        }

        if (TRows.Value > 1)
        {
            a10 = Vector512.Load(o + (1 * outputStride) + 0);
        }

        if (TRows.Value > 1 && TColumns.Value > 1)
        {
            a11 = Vector512.Load(o + (1 * outputStride) + 16);
        }

        if (TRows.Value > 1 && TColumns.Value > 2)
        {
            a12 = Vector512.Load(o + (1 * outputStride) + 32);
        }

        if (TRows.Value > 1 && TColumns.Value > 3)
        {
            a13 = Vector512.Load(o + (1 * outputStride) + 48);
        }

        if (TRows.Value > 2)
        {
            a20 = Vector512.Load(o + (2 * outputStride) + 0);
        }

        if (TRows.Value > 2 && TColumns.Value > 1)
        {
            a21 = Vector512.Load(o + (2 * outputStride) + 16);
        }

        if (TRows.Value > 2 && TColumns.Value > 2)
        {
            a22 = Vector512.Load(o + (2 * outputStride) + 32);
        }

        if (TRows.Value > 2 && TColumns.Value > 3)
        {
            a23 = Vector512.Load(o + (2 * outputStride) + 48);
        }

        if (TRows.Value > 3)
        {
            a30 = Vector512.Load(o + (3 * outputStride) + 0);
        }

        if (TRows.Value > 3 && TColumns.Value > 1)
        {
            a31 = Vector512.Load(o + (3 * outputStride) + 16);
        }

        if (TRows.Value > 3 && TColumns.Value > 2)
        {
            a32 = Vector512.Load(o + (3 * outputStride) + 32);
        }

        if (TRows.Value > 3 && TColumns.Value > 3)
        {
            a33 = Vector512.Load(o + (3 * outputStride) + 48);
        }

        if (TRows.Value > 4)
        {
            a40 = Vector512.Load(o + (4 * outputStride) + 0);
        }

        if (TRows.Value > 4 && TColumns.Value > 1)
        {
            a41 = Vector512.Load(o + (4 * outputStride) + 16);
        }

        if (TRows.Value > 4 && TColumns.Value > 2)
        {
            a42 = Vector512.Load(o + (4 * outputStride) + 32);
        }

        if (TRows.Value > 4 && TColumns.Value > 3)
        {
            a43 = Vector512.Load(o + (4 * outputStride) + 48);
        }

        if (TRows.Value > 5)
        {
            a50 = Vector512.Load(o + (5 * outputStride) + 0);
        }

        if (TRows.Value > 5 && TColumns.Value > 1)
        {
            a51 = Vector512.Load(o + (5 * outputStride) + 16);
        }

        if (TRows.Value > 5 && TColumns.Value > 2)
        {
            a52 = Vector512.Load(o + (5 * outputStride) + 32);
        }

        if (TRows.Value > 5 && TColumns.Value > 3)
        {
            a53 = Vector512.Load(o + (5 * outputStride) + 48);
        }

        for (int j = 0; j < keys; j++)
        {
            float* row = v + ((long)j * valueStride);
            Vector512<float> v0 = Vector512.Load(row);
            Vector512<float> v1 = TColumns.Value > 1 ? Vector512.Load(row + 16) : default;
            Vector512<float> v2 = TColumns.Value > 2 ? Vector512.Load(row + 32) : default;
            Vector512<float> v3 = TColumns.Value > 3 ? Vector512.Load(row + 48) : default;
            Vector512<float> b;
            b = Vector512.Create(p[(j * keyStride) + (0 * rowStride)]);
            a00 = Vector512.FusedMultiplyAdd(b, v0, a00);
            if (TColumns.Value > 1)
            {
                a01 = Vector512.FusedMultiplyAdd(b, v1, a01);
            }

            if (TColumns.Value > 2)
            {
                a02 = Vector512.FusedMultiplyAdd(b, v2, a02);
            }

            if (TColumns.Value > 3)
            {
                a03 = Vector512.FusedMultiplyAdd(b, v3, a03);
            }

            if (TRows.Value > 1)
            {
                b = Vector512.Create(p[(j * keyStride) + (1 * rowStride)]);
                a10 = Vector512.FusedMultiplyAdd(b, v0, a10);
                if (TColumns.Value > 1)
                {
                    a11 = Vector512.FusedMultiplyAdd(b, v1, a11);
                }

                if (TColumns.Value > 2)
                {
                    a12 = Vector512.FusedMultiplyAdd(b, v2, a12);
                }

                if (TColumns.Value > 3)
                {
                    a13 = Vector512.FusedMultiplyAdd(b, v3, a13);
                }

            }

            if (TRows.Value > 2)
            {
                b = Vector512.Create(p[(j * keyStride) + (2 * rowStride)]);
                a20 = Vector512.FusedMultiplyAdd(b, v0, a20);
                if (TColumns.Value > 1)
                {
                    a21 = Vector512.FusedMultiplyAdd(b, v1, a21);
                }

                if (TColumns.Value > 2)
                {
                    a22 = Vector512.FusedMultiplyAdd(b, v2, a22);
                }

                if (TColumns.Value > 3)
                {
                    a23 = Vector512.FusedMultiplyAdd(b, v3, a23);
                }

            }

            if (TRows.Value > 3)
            {
                b = Vector512.Create(p[(j * keyStride) + (3 * rowStride)]);
                a30 = Vector512.FusedMultiplyAdd(b, v0, a30);
                if (TColumns.Value > 1)
                {
                    a31 = Vector512.FusedMultiplyAdd(b, v1, a31);
                }

                if (TColumns.Value > 2)
                {
                    a32 = Vector512.FusedMultiplyAdd(b, v2, a32);
                }

                if (TColumns.Value > 3)
                {
                    a33 = Vector512.FusedMultiplyAdd(b, v3, a33);
                }

            }

            if (TRows.Value > 4)
            {
                b = Vector512.Create(p[(j * keyStride) + (4 * rowStride)]);
                a40 = Vector512.FusedMultiplyAdd(b, v0, a40);
                if (TColumns.Value > 1)
                {
                    a41 = Vector512.FusedMultiplyAdd(b, v1, a41);
                }

                if (TColumns.Value > 2)
                {
                    a42 = Vector512.FusedMultiplyAdd(b, v2, a42);
                }

                if (TColumns.Value > 3)
                {
                    a43 = Vector512.FusedMultiplyAdd(b, v3, a43);
                }

            }

            if (TRows.Value > 5)
            {
                b = Vector512.Create(p[(j * keyStride) + (5 * rowStride)]);
                a50 = Vector512.FusedMultiplyAdd(b, v0, a50);
                if (TColumns.Value > 1)
                {
                    a51 = Vector512.FusedMultiplyAdd(b, v1, a51);
                }

                if (TColumns.Value > 2)
                {
                    a52 = Vector512.FusedMultiplyAdd(b, v2, a52);
                }

                if (TColumns.Value > 3)
                {
                    a53 = Vector512.FusedMultiplyAdd(b, v3, a53);
                }

            }

        }

        a00.Store(o + (0 * outputStride) + 0);

        if (TColumns.Value > 1)
        {
            a01.Store(o + (0 * outputStride) + 16);
        }

        if (TColumns.Value > 2)
        {
            a02.Store(o + (0 * outputStride) + 32);
        }

        if (TColumns.Value > 3)
        {
            a03.Store(o + (0 * outputStride) + 48);
        }

        if (TRows.Value > 1)
        {
            a10.Store(o + (1 * outputStride) + 0);
        }

        if (TRows.Value > 1 && TColumns.Value > 1)
        {
            a11.Store(o + (1 * outputStride) + 16);
        }

        if (TRows.Value > 1 && TColumns.Value > 2)
        {
            a12.Store(o + (1 * outputStride) + 32);
        }

        if (TRows.Value > 1 && TColumns.Value > 3)
        {
            a13.Store(o + (1 * outputStride) + 48);
        }

        if (TRows.Value > 2)
        {
            a20.Store(o + (2 * outputStride) + 0);
        }

        if (TRows.Value > 2 && TColumns.Value > 1)
        {
            a21.Store(o + (2 * outputStride) + 16);
        }

        if (TRows.Value > 2 && TColumns.Value > 2)
        {
            a22.Store(o + (2 * outputStride) + 32);
        }

        if (TRows.Value > 2 && TColumns.Value > 3)
        {
            a23.Store(o + (2 * outputStride) + 48);
        }

        if (TRows.Value > 3)
        {
            a30.Store(o + (3 * outputStride) + 0);
        }

        if (TRows.Value > 3 && TColumns.Value > 1)
        {
            a31.Store(o + (3 * outputStride) + 16);
        }

        if (TRows.Value > 3 && TColumns.Value > 2)
        {
            a32.Store(o + (3 * outputStride) + 32);
        }

        if (TRows.Value > 3 && TColumns.Value > 3)
        {
            a33.Store(o + (3 * outputStride) + 48);
        }

        if (TRows.Value > 4)
        {
            a40.Store(o + (4 * outputStride) + 0);
        }

        if (TRows.Value > 4 && TColumns.Value > 1)
        {
            a41.Store(o + (4 * outputStride) + 16);
        }

        if (TRows.Value > 4 && TColumns.Value > 2)
        {
            a42.Store(o + (4 * outputStride) + 32);
        }

        if (TRows.Value > 4 && TColumns.Value > 3)
        {
            a43.Store(o + (4 * outputStride) + 48);
        }

        if (TRows.Value > 5)
        {
            a50.Store(o + (5 * outputStride) + 0);
        }

        if (TRows.Value > 5 && TColumns.Value > 1)
        {
            a51.Store(o + (5 * outputStride) + 16);
        }

        if (TRows.Value > 5 && TColumns.Value > 2)
        {
            a52.Store(o + (5 * outputStride) + 32);
        }

        if (TRows.Value > 5 && TColumns.Value > 3)
        {
            a53.Store(o + (5 * outputStride) + 48);
        }

    }

    /// <summary>
    /// For few query rows (decode): s[r][j] = Σ_x q[r][x]·k[j][x] as dot products, row-major (s rows 64 apart) — four
    /// keys × TRows (≤ 4) query rows per pass, so each key row is loaded once; 16 components per fused multiply-add;
    /// each accumulator reduced once, by a fixed tree. q holds TRows rows of <paramref name="depth"/> floats (a multiple
    /// of 16). Unless <paramref name="prefetchValueOffset"/> is <see cref="NoPrefetch"/>, the key rows
    /// <see cref="PrefetchKeys"/> ahead and the value rows that far ahead (values = keys + the offset) are prefetched.
    /// </summary>
    /// <remarks>Written out in full (generated) so that every accumulator stays a register.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DotScores<TRows>(float* k, int keyStride, int keys, float* q, int depth, float* s, long prefetchValueOffset)
        where TRows : struct, ICount
    {
        int j = 0;
        for (; j + 4 <= keys; j += 4)
        {
            float* k0 = k + ((long)j * keyStride);
            float* k1 = k0 + keyStride;
            float* k2 = k1 + keyStride;
            float* k3 = k2 + keyStride;
            Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
            if (prefetchValueOffset != NoPrefetch)
            {
                // Prefetches never fault, so running past the end of the cache or of the key span is harmless.
                float* pk = k0 + (PrefetchKeys * (long)keyStride);
                float* pv = pk + prefetchValueOffset;
                for (int x = 0; x < 4 * depth; x += 16)
                {
                    Sse.Prefetch1(pk + x);
                    Sse.Prefetch1(pv + x);
                }
            }

            for (int x = 0; x < depth; x += 16)
            {
                Vector512<float> v0 = Vector512.Load(k0 + x);
                Vector512<float> v1 = Vector512.Load(k1 + x);
                Vector512<float> v2 = Vector512.Load(k2 + x);
                Vector512<float> v3 = Vector512.Load(k3 + x);
                Vector512<float> b;
                b = Vector512.Load(q + (0 * depth) + x);
                a00 = Vector512.FusedMultiplyAdd(b, v0, a00);
                a01 = Vector512.FusedMultiplyAdd(b, v1, a01);
                a02 = Vector512.FusedMultiplyAdd(b, v2, a02);
                a03 = Vector512.FusedMultiplyAdd(b, v3, a03);

                if (TRows.Value > 1)
                {
                    b = Vector512.Load(q + (1 * depth) + x);
                    a10 = Vector512.FusedMultiplyAdd(b, v0, a10);
                    a11 = Vector512.FusedMultiplyAdd(b, v1, a11);
                    a12 = Vector512.FusedMultiplyAdd(b, v2, a12);
                    a13 = Vector512.FusedMultiplyAdd(b, v3, a13);
                }

                if (TRows.Value > 2)
                {
                    b = Vector512.Load(q + (2 * depth) + x);
                    a20 = Vector512.FusedMultiplyAdd(b, v0, a20);
                    a21 = Vector512.FusedMultiplyAdd(b, v1, a21);
                    a22 = Vector512.FusedMultiplyAdd(b, v2, a22);
                    a23 = Vector512.FusedMultiplyAdd(b, v3, a23);
                }

                if (TRows.Value > 3)
                {
                    b = Vector512.Load(q + (3 * depth) + x);
                    a30 = Vector512.FusedMultiplyAdd(b, v0, a30);
                    a31 = Vector512.FusedMultiplyAdd(b, v1, a31);
                    a32 = Vector512.FusedMultiplyAdd(b, v2, a32);
                    a33 = Vector512.FusedMultiplyAdd(b, v3, a33);
                }

            }

            Sum4(a00, a01, a02, a03).Store(s + (0 * BlockColumns) + j);

            if (TRows.Value > 1)
            {
                Sum4(a10, a11, a12, a13).Store(s + (1 * BlockColumns) + j);
            }

            if (TRows.Value > 2)
            {
                Sum4(a20, a21, a22, a23).Store(s + (2 * BlockColumns) + j);
            }

            if (TRows.Value > 3)
            {
                Sum4(a30, a31, a32, a33).Store(s + (3 * BlockColumns) + j);
            }

        }

        for (; j < keys; j++)
        {
            float* kj = k + ((long)j * keyStride);
            for (int r = 0; r < TRows.Value; r++)
            {
                Vector512<float> a = default;
                for (int x = 0; x < depth; x += 16)
                {
                    a = Vector512.FusedMultiplyAdd(Vector512.Load(q + (r * depth) + x), Vector512.Load(kj + x), a);
                }

                s[(r * BlockColumns) + j] = Sum(a);
            }
        }
    }

    /// <summary>Σ a by the same tree as <see cref="Sum4"/> (so a score does not depend on which path computed it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(Vector512<float> a) => Sum4(a, a, a, a).ToScalar();

    /// <summary>
    /// The four horizontal sums (Σ a0, Σ a1, Σ a2, Σ a3) in one vector, by a fixed tree: halves added, then two rounds of
    /// pairwise horizontal adds, then the two 128-bit lanes added — about a dozen instructions for all four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sum4(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3)
    {
        Vector256<float> h0 = a0.GetLower() + a0.GetUpper();
        Vector256<float> h1 = a1.GetLower() + a1.GetUpper();
        Vector256<float> h2 = a2.GetLower() + a2.GetUpper();
        Vector256<float> h3 = a3.GetLower() + a3.GetUpper();
        Vector256<float> h01 = Avx.HorizontalAdd(h0, h1); // per 128-bit lane: h0 pairs, h1 pairs
        Vector256<float> h23 = Avx.HorizontalAdd(h2, h3);
        Vector256<float> all = Avx.HorizontalAdd(h01, h23); // per lane: partial sums of h0, h1, h2, h3
        return all.GetLower() + all.GetUpper();
    }
}
