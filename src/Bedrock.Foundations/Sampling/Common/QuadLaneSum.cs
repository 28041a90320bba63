using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// A reproducible sum in double precision, fed in blocks of 64 float terms and committed in chunks of four blocks.
/// For lane j (0..15), block b contributes q = (t_j + t_{j+16}) + (t_{j+32} + t_{j+48}) in single precision; the q of
/// the blocks of one chunk are added in single precision, in block order, to a float lane that starts at 0; at the end
/// of each chunk (and of the input) that float lane is widened into double lane j. The terms of a partial last block
/// (fewer than 64) form one more q per lane, missing terms counting as 0, added to double lane j directly. Finally the
/// 16 double lanes are combined by a fixed pairwise tree (8, 4, 2, 1). A block of products (<see cref="AddProducts"/>)
/// enters its chunk by four fused multiply-adds instead of q.
/// </summary>
/// <remarks>
/// <para>The order depends only on the length of the input, never on the hardware: blocks are added with
/// <see cref="Vector512{T}"/> arithmetic (per-element IEEE operations, also where AVX-512 is emulated), and the tail
/// with scalar code in the same order. Results are therefore bit-identical on every run and machine.</para>
/// <para>The single-precision steps cut the widening work (most of the cost of a double-precision sum) to one widen per
/// 256 terms, at the price of at most 16 float roundings in each of the chunk's 16 partial sums: a relative error of
/// about 10⁻⁶ per chunk at worst that does not grow with the length (the chunks are summed in double). Used where the
/// terms are same-signed and the sum feeds a float result (the softmax normalizer and the entropy moment);
/// <see cref="LaneSum"/> keeps every term in double where the sum itself is the answer (entropy of a given
/// distribution, cross-entropy, perplexity, top-p masses).</para>
/// </remarks>
internal struct QuadLaneSum
{
    /// <summary>Number of terms a full block holds.</summary>
    internal const int BlockLength = 64;

    /// <summary>Blocks per chunk: call <see cref="Commit"/> after every this many <see cref="Add"/> calls.</summary>
    internal const int BlocksPerChunk = 4;

    private const int Lanes = 16;

    private Vector512<float> _chunk;
    private Vector512<double> _a0;
    private Vector512<double> _a1;

    /// <summary>Adds terms 0..15, 16..31, 32..47 and 48..63 of a block to the current chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3) =>
        _chunk += (t0 + t1) + (t2 + t3);

    /// <summary>
    /// Adds the products aᵢ·bᵢ of a block to the current chunk with fused multiply-adds, in order:
    /// chunk = fma(a₃, b₃, fma(a₂, b₂, fma(a₁, b₁, fma(a₀, b₀, chunk)))) lane by lane (one rounding per product and sum).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddProducts(
        Vector512<float> a0, Vector512<float> b0, Vector512<float> a1, Vector512<float> b1,
        Vector512<float> a2, Vector512<float> b2, Vector512<float> a3, Vector512<float> b3)
    {
        Vector512<float> chunk = Vector512.FusedMultiplyAdd(a0, b0, _chunk);
        chunk = Vector512.FusedMultiplyAdd(a1, b1, chunk);
        chunk = Vector512.FusedMultiplyAdd(a2, b2, chunk);
        _chunk = Vector512.FusedMultiplyAdd(a3, b3, chunk);
    }

    /// <summary>Widens the current chunk into the double lanes and starts a new one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Commit()
    {
        _a0 += Vector512.WidenLower(_chunk);
        _a1 += Vector512.WidenUpper(_chunk);
        _chunk = Vector512<float>.Zero;
    }

    /// <summary>
    /// Commits the last (possibly partial) chunk, adds the terms of the partial last block (at most 63) and returns the
    /// reduced total.
    /// </summary>
    /// <remarks>Static and by value, so a caller's accumulator never has its address taken and stays in registers.</remarks>
    internal static double Total(QuadLaneSum sum, ReadOnlySpan<float> tail)
    {
        sum.Commit();
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
