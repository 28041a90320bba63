using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// A reproducible sum in double precision over blocks of 64 float terms: terms j, j + 16, j + 32 and j + 48 of a block
/// are first added in single precision as (t_j + t_{j+16}) + (t_{j+32} + t_{j+48}), and that quad sum goes, widened,
/// into double lane j (j = 0..15); each lane is summed in block order, and the 16 lanes are then combined by a fixed
/// pairwise tree (8, 4, 2, 1).
/// </summary>
/// <remarks>
/// <para>The order depends only on the length of the input, never on the hardware: blocks are added with
/// <see cref="Vector512{T}"/> arithmetic (per-element IEEE operations, also where AVX-512 is emulated), and the terms
/// of a partial last block go into the same lanes with scalar code, missing terms counting as 0. Results are
/// therefore bit-identical on every run and machine.</para>
/// <para>The single-precision step quarters the widening work (it is most of the cost of a double-precision sum) at
/// the price of two float roundings per four terms, a relative error of at most 2⁻²³ per quad that does not grow with
/// the length; the running sums stay in double. Used where the terms are same-signed and the sum feeds a float
/// result (the softmax normalizer and the entropy moment); <see cref="LaneSum"/> keeps every term in double where the
/// sum itself is the answer (entropy of a given distribution, cross-entropy, perplexity, top-p masses).</para>
/// </remarks>
internal struct QuadLaneSum
{
    /// <summary>Number of terms a full block holds.</summary>
    internal const int BlockLength = 64;

    private const int Lanes = 16;

    private Vector512<double> _a0;
    private Vector512<double> _a1;

    /// <summary>Adds terms 0..15, 16..31, 32..47 and 48..63 of a block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3)
    {
        Vector512<float> quads = (t0 + t1) + (t2 + t3);
        _a0 += Vector512.WidenLower(quads);
        _a1 += Vector512.WidenUpper(quads);
    }

    /// <summary>Adds the terms of the partial last block (at most 63) and returns the reduced total.</summary>
    /// <remarks>Static and by value, so a caller's accumulator never has its address taken and stays in registers.</remarks>
    internal static double Total(QuadLaneSum sum, ReadOnlySpan<float> tail)
    {
        Span<double> lanes = stackalloc double[Lanes];
        sum._a0.CopyTo(lanes);
        sum._a1.CopyTo(lanes[8..]);
        for (int j = 0; j < Lanes && j < tail.Length; j++)
        {
            float quad = (Term(tail, j) + Term(tail, j + Lanes)) + (Term(tail, j + (2 * Lanes)) + Term(tail, j + (3 * Lanes)));
            lanes[j] += quad;
        }

        for (int width = Lanes / 2; width >= 1; width /= 2)
        {
            for (int j = 0; j < width; j++)
            {
                lanes[j] += lanes[j + width];
            }
        }

        return lanes[0];
    }

    private static float Term(ReadOnlySpan<float> tail, int index) => index < tail.Length ? tail[index] : 0f;
}

/// <summary>Room for the terms of a partial last <see cref="QuadLaneSum"/> block, on the stack without <c>stackalloc</c>.</summary>
[InlineArray(QuadLaneSum.BlockLength)]
internal struct QuadBlockBuffer
{
    private float _element0;
}
