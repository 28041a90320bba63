using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>Weighs every element as 1: thresholds by count (top-k).</summary>
internal readonly struct CountWeight;

/// <summary>Weighs every element by its value: thresholds by mass (top-p).</summary>
internal readonly struct MassWeight;

/// <summary>
/// Weighted selection without sorting: t* = max{ v ∈ values : W(v) ≥ target } with W(v) = Σ_{xᵢ ≥ v} w(xᵢ), where
/// w(x) = 1 (<see cref="CountWeight"/>: t* is the target-th largest value) or w(x) = x (<see cref="MassWeight"/>: the
/// smallest set of largest values whose mass reaches the target ends at t*).
/// </summary>
/// <remarks>
/// <para>
/// A bracketing search in the manner of sample sort / Floyd–Rivest selection: each round draws 128 evenly spaced
/// samples from the current window, estimates W at each, and picks two pivots a few sample ranks either side of the
/// estimated crossing. One vectorized pass then measures W exactly at both pivots and compacts the elements between
/// them (AVX-512 <c>vcompressps</c> where available). The window shrinks to about 1/16 per round, so the total work
/// is ≈ 1.07·n element visits; when the sample misleads, the other side is compacted instead (always a strict
/// shrink). A window of ≤ 64 elements is sorted and walked. Pathological inputs (a window that will not shrink, e.g.
/// huge runs of equal values) fall back to sorting the window: O(n log n), never wrong.
/// </para>
/// <para>Deterministic: the pivots come from fixed positions and every sum is a <see cref="LaneSum"/>.</para>
/// </remarks>
internal static class ThresholdSelector
{
    /// <summary>Extra floats a scratch buffer needs past the largest window (vector stores overrun by up to 15).</summary>
    internal const int ScratchPadding = 16;

    private const int SampleCount = 128;
    private const int PivotRankOffset = 4;
    private const int SmallWindow = 64;

    /// <summary>
    /// Returns t*. Requires 0 &lt; <paramref name="target"/> ≤ W(min values) and two scratch buffers each at least
    /// <c>values.Length + ScratchPadding</c> long that do not overlap <paramref name="values"/>.
    /// </summary>
    internal static float Select<TWeight>(ReadOnlySpan<float> values, double target, Span<float> scratchA, Span<float> scratchB)
        where TWeight : struct
    {
        ReadOnlySpan<float> window = values;
        double above = 0d; // W of the elements above the window (all ≥ its upper bound): always < target
        Span<float> samples = stackalloc float[SampleCount];
        bool windowIsA = false;

        while (window.Length > SmallWindow)
        {
            int n = window.Length;
            for (int j = 0; j < SampleCount; j++)
            {
                samples[j] = window[(int)((((long)j * 2) + 1) * n / (2 * SampleCount))];
            }

            samples.Sort();
            (float pivotA, float pivotB) = ChoosePivots<TWeight>(samples, (double)n / SampleCount, above, target);

            Span<float> next = windowIsA ? scratchB : scratchA;
            PartitionResult r = Partition<TWeight>(window, pivotA, pivotB, next);
            int count;
            if (above + r.WeightB >= target)
            {
                count = Partition<TWeight>(window, pivotB, float.PositiveInfinity, next).MiddleCount;
            }
            else if (above + r.WeightA >= target)
            {
                count = r.MiddleCount;
                above += r.WeightB;
            }
            else
            {
                count = Partition<TWeight>(window, float.NegativeInfinity, pivotA, next).MiddleCount;
                above += r.WeightA;
            }

            if (count == n)
            {
                return SortAndWalk<TWeight>(window, next, above, target);
            }

            window = next[..count];
            windowIsA = !windowIsA;
        }

        Span<float> small = stackalloc float[SmallWindow];
        window.CopyTo(small);
        return Walk<TWeight>(small[..window.Length], above, target);
    }

    private static (float A, float B) ChoosePivots<TWeight>(ReadOnlySpan<float> sorted, double scale, double above, double target)
        where TWeight : struct
    {
        double estimate = above;
        int crossing = -1;
        for (int r = sorted.Length - 1; r >= 0; r--)
        {
            estimate += scale * Weight<TWeight>(sorted[r]);
            if (estimate >= target)
            {
                crossing = r;
                break;
            }
        }

        int rankA = crossing - PivotRankOffset;
        int rankB = crossing + PivotRankOffset;
        float a = rankA < 0 ? float.NegativeInfinity : sorted[rankA];
        float b = rankB >= sorted.Length ? float.PositiveInfinity : sorted[rankB];
        if (b <= a)
        {
            // A run of equal samples: widen the upper pivot to the next larger sample so [a, b) holds the run.
            b = float.PositiveInfinity;
            for (int r = Math.Max(rankB, 0); r < sorted.Length; r++)
            {
                if (sorted[r] > a)
                {
                    b = sorted[r];
                    break;
                }
            }
        }

        return (a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Weight<TWeight>(float value)
        where TWeight : struct => typeof(TWeight) == typeof(MassWeight) ? value : 1d;

    /// <summary>
    /// One pass: W over {x ≥ a} and {x ≥ b}, and the elements of [a, b) compacted, in order, into
    /// <paramref name="middle"/> (which may be written up to 15 elements past the count).
    /// </summary>
    internal static PartitionResult Partition<TWeight>(ReadOnlySpan<float> window, float a, float b, Span<float> middle)
        where TWeight : struct
    {
        ref float src = ref MemoryMarshal.GetReference(window);
        ref float dst = ref MemoryMarshal.GetReference(middle);
        Vector512<float> va = Vector512.Create(a);
        Vector512<float> vb = Vector512.Create(b);
        LaneSum massA = default;
        LaneSum massB = default;
        long countA = 0;
        long countB = 0;
        int position = 0;
        int n = window.Length;
        int i = 0;
        for (; i <= n - LaneSum.BlockLength; i += LaneSum.BlockLength)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            Vector512<float> x1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
            Vector512<float> geA0 = Vector512.GreaterThanOrEqual(x0, va);
            Vector512<float> geA1 = Vector512.GreaterThanOrEqual(x1, va);
            Vector512<float> geB0 = Vector512.GreaterThanOrEqual(x0, vb);
            Vector512<float> geB1 = Vector512.GreaterThanOrEqual(x1, vb);
            if (typeof(TWeight) == typeof(MassWeight))
            {
                massA.Add(x0 & geA0, x1 & geA1);
                massB.Add(x0 & geB0, x1 & geB1);
            }

            ulong bitsA = geA0.ExtractMostSignificantBits() | (geA1.ExtractMostSignificantBits() << 16);
            ulong bitsB = geB0.ExtractMostSignificantBits() | (geB1.ExtractMostSignificantBits() << 16);
            countA += BitOperations.PopCount(bitsA);
            countB += BitOperations.PopCount(bitsB);
            position = CompactPair(x0, x1, Vector512.AndNot(geA0, geB0), Vector512.AndNot(geA1, geB1), bitsA & ~bitsB, ref src, i, ref dst, position);
        }

        Span<float> tailA = stackalloc float[LaneSum.BlockLength];
        Span<float> tailB = stackalloc float[LaneSum.BlockLength];
        int t = 0;
        for (; i < n; i++, t++)
        {
            float x = Unsafe.Add(ref src, i);
            bool inA = x >= a;
            bool inB = x >= b;
            tailA[t] = inA ? x : 0f;
            tailB[t] = inB ? x : 0f;
            countA += inA ? 1 : 0;
            countB += inB ? 1 : 0;
            if (inA && !inB)
            {
                Unsafe.Add(ref dst, position++) = x;
            }
        }

        bool mass = typeof(TWeight) == typeof(MassWeight);
        return new PartitionResult(
            mass ? massA.Total(tailA[..t]) : countA,
            mass ? massB.Total(tailB[..t]) : countB,
            position);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CompactPair(
        Vector512<float> x0, Vector512<float> x1, Vector512<float> keep0, Vector512<float> keep1, ulong bits,
        ref float src, int i, ref float dst, int position)
    {
        if (bits == 0)
        {
            return position;
        }

        if (Avx512F.IsSupported)
        {
            Avx512F.Compress(Vector512<float>.Zero, keep0, x0).StoreUnsafe(ref dst, (nuint)position);
            position += BitOperations.PopCount(bits & 0xFFFF);
            Avx512F.Compress(Vector512<float>.Zero, keep1, x1).StoreUnsafe(ref dst, (nuint)position);
            return position + BitOperations.PopCount(bits >> 16);
        }

        while (bits != 0)
        {
            Unsafe.Add(ref dst, position++) = Unsafe.Add(ref src, i + BitOperations.TrailingZeroCount(bits));
            bits &= bits - 1;
        }

        return position;
    }

    private static float SortAndWalk<TWeight>(ReadOnlySpan<float> window, Span<float> scratch, double above, double target)
        where TWeight : struct
    {
        float min = TensorPrimitives.Min(window);
        if (min == TensorPrimitives.Max(window))
        {
            return min; // every element is equal, and t* is in the window
        }

        Span<float> copy = scratch[..window.Length];
        window.CopyTo(copy);
        return Walk<TWeight>(copy, above, target);
    }

    /// <summary>Sorts <paramref name="window"/> in place and walks down from the largest until W reaches the target.</summary>
    private static float Walk<TWeight>(Span<float> window, double above, double target)
        where TWeight : struct
    {
        window.Sort();
        double accumulated = above;
        for (int r = window.Length - 1; r >= 0; r--)
        {
            accumulated += Weight<TWeight>(window[r]);
            if (accumulated >= target)
            {
                return window[r];
            }
        }

        return window.IsEmpty ? float.NegativeInfinity : window[0];
    }
}

/// <summary>What <see cref="ThresholdSelector.Partition{TWeight}"/> measured.</summary>
internal readonly record struct PartitionResult(double WeightA, double WeightB, int MiddleCount);
