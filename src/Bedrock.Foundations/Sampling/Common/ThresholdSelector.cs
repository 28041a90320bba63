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
/// samples from the current window, estimates W at each, and picks two pivots a &lt; b a few sample ranks either side
/// of the estimated crossing. One vectorized pass then measures W exactly at both pivots and compacts the elements of
/// [a, b) and of [b, ∞) into two buffers (AVX-512 <c>vcompressps</c> where available), so the next window is one of
/// them whichever side of b the crossing turns out to be. Only a crossing below a costs a second pass over the
/// window, so a sits further below the estimate than b sits above it.
/// </para>
/// <para>
/// Mass weights are heavy-tailed (a few large values carry most of the mass), so a sample's estimate of the mass above
/// a pivot is noisy. When the window's own weight M is known (the caller passes the total; later rounds carry it
/// over exactly), W(v) is estimated as M minus the sampled weight below v instead: those samples are bounded by v,
/// which keeps the estimate steady. Measured on Gaussian logits (σ 1–4, p 0.5–0.99, V = 128 256) this cut the
/// elements visited from up to 11·V to 1.05–1.3·V. Each round also uses an exact lower bound: if the window holds n
/// values of total mass M and the crossing needs r more, the values below (M − r)/n weigh less than M − r together,
/// so t* ≥ (M − r)/n, and a is raised to it when higher. A window of ≤ 64 elements is sorted and walked. A window
/// that will not shrink (huge runs of equal values) falls back to sorting it: O(n log n), never wrong.
/// </para>
/// <para>Deterministic: the pivots come from fixed positions and every sum is a <see cref="LaneSum"/>.</para>
/// </remarks>
internal static class ThresholdSelector
{
    /// <summary>Extra floats a scratch buffer needs past the largest window (vector stores overrun by up to 15).</summary>
    internal const int ScratchPadding = 16;

    private const int SampleCount = 128;
    private const int SmallWindow = 64;

    /// <summary>
    /// Returns t*. Requires 0 &lt; <paramref name="target"/> ≤ W(min values) and three scratch buffers, each at least
    /// <c>values.Length + ScratchPadding</c> long, that overlap neither <paramref name="values"/> nor each other.
    /// </summary>
    /// <param name="values">The values; not modified.</param>
    /// <param name="target">The weight W(t*) must reach.</param>
    /// <param name="total">W over all values (Σ xᵢ for mass weights) when the caller knows it, else NaN.</param>
    /// <param name="scratchA">Scratch.</param>
    /// <param name="scratchB">Scratch.</param>
    /// <param name="scratchC">Scratch.</param>
    internal static float Select<TWeight>(
        ReadOnlySpan<float> values, double target, double total, Span<float> scratchA, Span<float> scratchB, Span<float> scratchC)
        where TWeight : struct => SelectWithWeight<TWeight>(values, target, total, scratchA, scratchB, scratchC).Threshold;

    /// <summary>
    /// As <see cref="Select{TWeight}"/>, also returning W(t*) (every element ≥ t*, ties included) and how many elements
    /// are ≥ t*, so a caller need not sum them again.
    /// </summary>
    /// <param name="values">The values; not modified.</param>
    /// <param name="target">The weight W(t*) must reach.</param>
    /// <param name="total">W over all values (Σ xᵢ for mass weights) when the caller knows it, else NaN.</param>
    /// <param name="scratchA">Scratch.</param>
    /// <param name="scratchB">Scratch.</param>
    /// <param name="scratchC">Scratch.</param>
    internal static Selection SelectWithWeight<TWeight>(
        ReadOnlySpan<float> values, double target, double total, Span<float> scratchA, Span<float> scratchB, Span<float> scratchC)
        where TWeight : struct
    {
        ReadOnlySpan<float> window = values;
        int windowBuffer = -1; // which scratch buffer holds the window (−1: values)
        double windowWeight = total; // W of the window's own elements, NaN if unknown
        double above = 0d; // W of the elements above the window (all ≥ its upper bound): always < target
        long aboveCount = 0; // how many elements are above the window
        Span<float> samples = stackalloc float[SampleCount];

        while (window.Length > SmallWindow)
        {
            int n = window.Length;
            for (int j = 0; j < SampleCount; j++)
            {
                samples[j] = window[(int)((((long)j * 2) + 1) * n / (2 * SampleCount))];
            }

            samples.Sort();
            (float pivotA, float pivotB) = ChoosePivots<TWeight>(samples, (double)n / SampleCount, above, target, windowWeight);
            float floor = float.NegativeInfinity;
            if (typeof(TWeight) == typeof(MassWeight) && double.IsFinite(windowWeight))
            {
                // t* ≥ (M − r)/n (see remarks); shaved by 10⁻⁹ so rounding in M cannot lift it past t*.
                floor = (float)((windowWeight - (target - above)) / n * (1 - 1e-9));
                if (floor > pivotA)
                {
                    pivotA = floor;
                    if (pivotB <= pivotA)
                    {
                        pivotB = float.PositiveInfinity;
                    }
                }
            }

            // The two outputs go to buffers other than the window's.
            int middleBuffer = windowBuffer == 0 ? 1 : 0;
            int highBuffer = windowBuffer is -1 or 2 ? 1 : 2;

            Span<float> middle = Buffer(middleBuffer, scratchA, scratchB, scratchC);
            Span<float> high = Buffer(highBuffer, scratchA, scratchB, scratchC);
            PartitionResult r = Partition<TWeight>(window, pivotA, pivotB, middle, high);
            int count;
            if (above + r.WeightB >= target)
            {
                count = r.HighCount;
                windowBuffer = highBuffer;
                windowWeight = r.WeightB;
            }
            else if (above + r.WeightA >= target)
            {
                count = r.MiddleCount;
                windowBuffer = middleBuffer;
                windowWeight = r.WeightA - r.WeightB;
                above += r.WeightB;
                aboveCount += r.CountB;
            }
            else
            {
                // The crossing is below a: one more pass over the window, for [floor, a).
                PartitionResult low = Partition<TWeight>(window, floor, pivotA, middle, []);
                count = low.MiddleCount;
                windowBuffer = middleBuffer;
                windowWeight = low.WeightA - low.WeightB;
                above += r.WeightA;
                aboveCount += r.CountA;
            }

            Span<float> next = Buffer(windowBuffer, scratchA, scratchB, scratchC)[..count];
            if (count == n)
            {
                return SortAndWalk<TWeight>(next, above, aboveCount, target);
            }

            window = next;
        }

        Span<float> small = stackalloc float[SmallWindow];
        window.CopyTo(small);
        return Walk<TWeight>(small[..window.Length], above, aboveCount, target);
    }

    private static Span<float> Buffer(int index, Span<float> a, Span<float> b, Span<float> c) =>
        index switch { 0 => a, 1 => b, _ => c };

    private static (float A, float B) ChoosePivots<TWeight>(ReadOnlySpan<float> sorted, double scale, double above, double target, double windowWeight)
        where TWeight : struct
    {
        int crossing = -1;
        if (double.IsFinite(windowWeight))
        {
            // With the window's weight M known, estimate W(s_r) = above + M − (weight below s_r) from the samples below
            // the crossing: they are bounded by it, so their estimate is far steadier than one from the heavy top.
            double budget = above + windowWeight - target;
            double below = 0d;
            for (int r = 0; r < sorted.Length && below <= budget; r++)
            {
                crossing = r;
                below += scale * Weight<TWeight>(sorted[r]);
            }
        }
        else
        {
            double estimate = above;
            for (int r = sorted.Length - 1; r >= 0; r--)
            {
                estimate += scale * Weight<TWeight>(sorted[r]);
                if (estimate >= target)
                {
                    crossing = r;
                    break;
                }
            }
        }

        // A crossing above b costs nothing extra (that side is compacted too); one below a costs a pass.
        // A clamped a (the smallest sample) still shrinks the window; −∞ only when the estimate never reached the target.
        int rankA = crossing < 0 ? -1 : Math.Max(0, crossing - (typeof(TWeight) == typeof(MassWeight) ? 8 : 4));
        int rankB = crossing + (typeof(TWeight) == typeof(MassWeight) ? 2 : 4);
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
    /// One pass: W over {x ≥ a} and {x ≥ b}; the elements of [a, b) compacted, in order, into
    /// <paramref name="middle"/>, and those of [b, ∞) into <paramref name="high"/> unless it is empty (each may be
    /// written up to 15 elements past its count).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static PartitionResult Partition<TWeight>(ReadOnlySpan<float> window, float a, float b, Span<float> middle, Span<float> high)
        where TWeight : struct
    {
        ref float src = ref MemoryMarshal.GetReference(window);
        ref float dst = ref MemoryMarshal.GetReference(middle);
        ref float top = ref MemoryMarshal.GetReference(high);
        bool keepHigh = !high.IsEmpty;
        int highPosition = 0;
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
            if (keepHigh)
            {
                highPosition = CompactPair(x0, x1, geB0, geB1, bitsB, ref src, i, ref top, highPosition);
            }
        }

        BlockBuffer tailABuffer = default;
        Span<float> tailA = tailABuffer;
        BlockBuffer tailBBuffer = default;
        Span<float> tailB = tailBBuffer;
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
            else if (inB && keepHigh)
            {
                Unsafe.Add(ref top, highPosition++) = x;
            }
        }

        bool mass = typeof(TWeight) == typeof(MassWeight);
        return new PartitionResult(
            mass ? LaneSum.Total(massA, tailA[..t]) : countA,
            mass ? LaneSum.Total(massB, tailB[..t]) : countB,
            position,
            highPosition,
            countA,
            countB);
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

    /// <summary>t* of a window that would not shrink: every element equal, or sort it (in place) and walk.</summary>
    private static Selection SortAndWalk<TWeight>(Span<float> window, double above, long aboveCount, double target)
        where TWeight : struct
    {
        float min = TensorPrimitives.Min(window);
        if (min == TensorPrimitives.Max(window))
        {
            // Every element is equal, and t* is in the window: all of it is kept.
            return new Selection(min, above + (window.Length * Weight<TWeight>(min)), (int)(aboveCount + window.Length));
        }

        return Walk<TWeight>(window, above, aboveCount, target);
    }

    /// <summary>
    /// Sorts <paramref name="window"/> in place and walks down from the largest until W reaches the target; the
    /// elements tied with the one reached are kept too.
    /// </summary>
    private static Selection Walk<TWeight>(Span<float> window, double above, long aboveCount, double target)
        where TWeight : struct
    {
        window.Sort();
        double accumulated = above;
        for (int r = window.Length - 1; r >= 0; r--)
        {
            accumulated += Weight<TWeight>(window[r]);
            if (accumulated >= target)
            {
                float threshold = window[r];
                int first = r;
                while (first > 0 && window[first - 1] == threshold)
                {
                    first--;
                    accumulated += Weight<TWeight>(threshold);
                }

                return new Selection(threshold, accumulated, (int)(aboveCount + window.Length - first));
            }
        }

        return window.IsEmpty
            ? new Selection(float.NegativeInfinity, accumulated, (int)aboveCount)
            : new Selection(window[0], accumulated, (int)(aboveCount + window.Length));
    }
}

/// <summary>A threshold t*, the weight W(t*) of the elements ≥ t* and how many they are.</summary>
internal readonly record struct Selection(float Threshold, double Weight, int Count);

/// <summary>What <see cref="ThresholdSelector.Partition{TWeight}"/> measured.</summary>
internal readonly record struct PartitionResult(double WeightA, double WeightB, int MiddleCount, int HighCount, long CountA, long CountB);
