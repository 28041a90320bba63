using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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

internal readonly struct Seven : ICount
{
    public static int Value => 7;
}

internal readonly struct Eight : ICount
{
    public static int Value => 8;
}

internal readonly struct Nine : ICount
{
    public static int Value => 9;
}

internal readonly struct Ten : ICount
{
    public static int Value => 10;
}

internal readonly struct Eleven : ICount
{
    public static int Value => 11;
}

internal readonly struct Twelve : ICount
{
    public static int Value => 12;
}

internal readonly struct Thirteen : ICount
{
    public static int Value => 13;
}

internal readonly struct Fourteen : ICount
{
    public static int Value => 14;
}

internal readonly struct Fifteen : ICount
{
    public static int Value => 15;
}

internal readonly struct Sixteen : ICount
{
    public static int Value => 16;
}

/// <summary>A count known only at run time: kernels that take it read the size from their arguments.</summary>
internal readonly struct Any : ICount
{
    public static int Value => 0;
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
/// data, never on the thread. The kernels are marked for inlining and, where the JIT declines (they are large), for
/// full optimization on first use: a tier-0 copy, with its compile-time counts as real calls, ran 6× slower.</para>
/// </remarks>
internal static unsafe class MicroKernels
{
    /// <summary>Columns of a score block: 64 keys, four vectors.</summary>
    internal const int BlockColumns = 64;

    /// <summary>
    /// st[j][0..16·TColumns) = Σ_x k[j][x]·qt[x][0..16·TColumns) for j &lt; TRows key rows (<paramref name="keyStride"/>
    /// apart) against up to 64 query rows packed transposed (qt, [depth][64]); st rows 64 apart: the scores of a key
    /// block, transposed.
    /// </summary>
    /// <remarks>Written out in full (generated) so that every accumulator stays a register.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
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
    /// <paramref name="valueStride"/> apart, o rows <paramref name="outputStride"/> apart. When <paramref name="rescale"/>
    /// is not null, row r of o is first multiplied by rescale[r] (the online softmax's correction).
    /// </summary>
    /// <remarks>Written out in full (generated: rows × columns guarded by compile-time counts) so that every accumulator
    /// stays a register.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void Accumulate<TRows, TColumns>(float* p, int rowStride, int keyStride, int keys, float* v, int valueStride, float* o, int outputStride, float* rescale)
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

        if (rescale is not null)
        {
            // The online softmax's correction e^(m_old − m_new), applied to the accumulators as they are loaded.
            Vector512<float> c;
            c = Vector512.Create(rescale[0]);
            a00 *= c;
            if (TColumns.Value > 1)
            {
                a01 *= c;
            }

            if (TColumns.Value > 2)
            {
                a02 *= c;
            }

            if (TColumns.Value > 3)
            {
                a03 *= c;
            }

            if (TRows.Value > 1)
            {
                c = Vector512.Create(rescale[1]);
                a10 *= c;
                if (TColumns.Value > 1)
                {
                    a11 *= c;
                }

                if (TColumns.Value > 2)
                {
                    a12 *= c;
                }

                if (TColumns.Value > 3)
                {
                    a13 *= c;
                }

            }

            if (TRows.Value > 2)
            {
                c = Vector512.Create(rescale[2]);
                a20 *= c;
                if (TColumns.Value > 1)
                {
                    a21 *= c;
                }

                if (TColumns.Value > 2)
                {
                    a22 *= c;
                }

                if (TColumns.Value > 3)
                {
                    a23 *= c;
                }

            }

            if (TRows.Value > 3)
            {
                c = Vector512.Create(rescale[3]);
                a30 *= c;
                if (TColumns.Value > 1)
                {
                    a31 *= c;
                }

                if (TColumns.Value > 2)
                {
                    a32 *= c;
                }

                if (TColumns.Value > 3)
                {
                    a33 *= c;
                }

            }

            if (TRows.Value > 4)
            {
                c = Vector512.Create(rescale[4]);
                a40 *= c;
                if (TColumns.Value > 1)
                {
                    a41 *= c;
                }

                if (TColumns.Value > 2)
                {
                    a42 *= c;
                }

                if (TColumns.Value > 3)
                {
                    a43 *= c;
                }

            }

            if (TRows.Value > 5)
            {
                c = Vector512.Create(rescale[5]);
                a50 *= c;
                if (TColumns.Value > 1)
                {
                    a51 *= c;
                }

                if (TColumns.Value > 2)
                {
                    a52 *= c;
                }

                if (TColumns.Value > 3)
                {
                    a53 *= c;
                }

            }
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
}
