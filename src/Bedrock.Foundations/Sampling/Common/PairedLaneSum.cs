using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// A reproducible sum in double precision over blocks of 32 float terms: term j and term j + 16 of a block are first
/// added in single precision (one rounding), and that pair sum goes, widened, into double lane j (j = 0..15); each lane
/// is summed in block order, and the 16 lanes are then combined by a fixed pairwise tree (8, 4, 2, 1).
/// </summary>
/// <remarks>
/// <para>The order depends only on the length of the input, never on the hardware: blocks are added with
/// <see cref="Vector512{T}"/> arithmetic (per-element IEEE operations, also where AVX-512 is emulated), and the terms
/// of a partial last block go into the same lanes with scalar code, missing terms counting as 0. Results are
/// therefore bit-identical on every run and machine.</para>
/// <para>The single-precision pair step halves the widening work (it is most of the cost of a double-precision sum)
/// at the price of one float rounding per pair, a relative error of at most 2⁻²⁴ per pair that does not grow with
/// the length; the running sums stay in double. Used where the terms are same-signed and the sum feeds a float
/// result (the softmax normalizer and the entropy moment); <see cref="LaneSum"/> keeps every term in double where the
/// sum itself is the answer (entropy of a given distribution, cross-entropy, perplexity, top-p masses).</para>
/// </remarks>
internal struct PairedLaneSum
{
    /// <summary>Number of terms a full block holds.</summary>
    internal const int BlockLength = 32;

    private const int Lanes = 16;

    private Vector512<double> _a0;
    private Vector512<double> _a1;

    /// <summary>Adds terms 0..15 (<paramref name="low"/>) and 16..31 (<paramref name="high"/>) of a block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(Vector512<float> low, Vector512<float> high)
    {
        Vector512<float> pairs = low + high;
        _a0 += Vector512.WidenLower(pairs);
        _a1 += Vector512.WidenUpper(pairs);
    }

    /// <summary>Adds the terms of the partial last block (at most 31) and returns the reduced total.</summary>
    /// <remarks>Static and by value, so a caller's accumulator never has its address taken and stays in registers.</remarks>
    internal static double Total(PairedLaneSum sum, ReadOnlySpan<float> tail)
    {
        Span<double> lanes = stackalloc double[Lanes];
        sum._a0.CopyTo(lanes);
        sum._a1.CopyTo(lanes[8..]);
        for (int j = 0; j < Lanes && j < tail.Length; j++)
        {
            float pair = tail[j] + (j + Lanes < tail.Length ? tail[j + Lanes] : 0f);
            lanes[j] += pair;
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
}
