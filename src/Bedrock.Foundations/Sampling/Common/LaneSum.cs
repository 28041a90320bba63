using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// A reproducible sum in double precision: Σ tᵢ accumulated in 32 interleaved lanes (lane = i mod 32, each lane
/// summed in index order), then the lanes combined by a fixed pairwise tree (16, 8, 4, 2, 1).
/// </summary>
/// <remarks>
/// The order depends only on the length of the input, never on the hardware: blocks of 32 terms are added with
/// <see cref="Vector512{T}"/> arithmetic (per-element IEEE additions, also where AVX-512 is emulated), and the
/// terms of a partial last block go into the same lanes with scalar code. Results are therefore bit-identical on
/// every run and machine.
/// </remarks>
internal struct LaneSum
{
    /// <summary>Number of terms a full block holds.</summary>
    internal const int BlockLength = 32;

    private Vector512<double> _a0;
    private Vector512<double> _a1;
    private Vector512<double> _a2;
    private Vector512<double> _a3;

    /// <summary>Adds terms 0..15 (<paramref name="low"/>) and 16..31 (<paramref name="high"/>) of a block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(Vector512<float> low, Vector512<float> high)
    {
        _a0 += Vector512.WidenLower(low);
        _a1 += Vector512.WidenUpper(low);
        _a2 += Vector512.WidenLower(high);
        _a3 += Vector512.WidenUpper(high);
    }

    /// <summary>Adds the terms of the partial last block (at most 31) and returns the reduced total.</summary>
    /// <remarks>Static and by value, so a caller's accumulator never has its address taken and stays in registers.</remarks>
    internal static double Total(LaneSum sum, ReadOnlySpan<float> tail)
    {
        Span<double> lanes = stackalloc double[BlockLength];
        sum._a0.CopyTo(lanes);
        sum._a1.CopyTo(lanes[8..]);
        sum._a2.CopyTo(lanes[16..]);
        sum._a3.CopyTo(lanes[24..]);
        for (int j = 0; j < tail.Length; j++)
        {
            lanes[j] += tail[j];
        }

        for (int width = BlockLength / 2; width >= 1; width /= 2)
        {
            for (int j = 0; j < width; j++)
            {
                lanes[j] += lanes[j + width];
            }
        }

        return lanes[0];
    }
}

/// <summary>Room for the terms of a partial last block, on the stack without <c>stackalloc</c> (which would keep the
/// kernel out of on-stack replacement and tiered compilation).</summary>
[InlineArray(LaneSum.BlockLength)]
internal struct BlockBuffer
{
    private float _element0;
}
