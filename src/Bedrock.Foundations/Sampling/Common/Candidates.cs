using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>Passes over the candidate tokens that survive a threshold.</summary>
internal static class Candidates
{
    /// <summary>
    /// Copies, in index order, every xᵢ ≥ <paramref name="threshold"/> to <paramref name="values"/> and its index i to
    /// <paramref name="indices"/>; returns how many. Both destinations may be written up to 15 elements past the count.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static int CompactAtLeast(ReadOnlySpan<float> x, float threshold, Span<float> values, Span<int> indices)
    {
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dstValues = ref MemoryMarshal.GetReference(values);
        ref int dstIndices = ref MemoryMarshal.GetReference(indices);
        Vector512<float> t = Vector512.Create(threshold);
        Vector512<int> lane = Vector512<int>.Indices;
        int position = 0;
        int n = x.Length;
        int i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref src, (nuint)i);
            Vector512<float> keep = Vector512.GreaterThanOrEqual(v, t);
            ulong bits = keep.ExtractMostSignificantBits();
            if (bits == 0)
            {
                continue;
            }

            if (Avx512F.IsSupported)
            {
                Avx512F.Compress(Vector512<float>.Zero, keep, v).StoreUnsafe(ref dstValues, (nuint)position);
                Avx512F.Compress(Vector512<int>.Zero, keep.AsInt32(), lane + Vector512.Create(i)).StoreUnsafe(ref dstIndices, (nuint)position);
                position += BitOperations.PopCount(bits);
            }
            else
            {
                while (bits != 0)
                {
                    int j = i + BitOperations.TrailingZeroCount(bits);
                    Unsafe.Add(ref dstValues, position) = Unsafe.Add(ref src, j);
                    Unsafe.Add(ref dstIndices, position++) = j;
                    bits &= bits - 1;
                }
            }
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref src, i);
            if (v >= threshold)
            {
                Unsafe.Add(ref dstValues, position) = v;
                Unsafe.Add(ref dstIndices, position++) = i;
            }
        }

        return position;
    }

    /// <summary>Σ eᵢ over eᵢ ≥ <paramref name="threshold"/> (a <see cref="LaneSum"/>) and how many there are.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static double SumAtLeast(ReadOnlySpan<float> e, float threshold, out int count)
    {
        ref float src = ref MemoryMarshal.GetReference(e);
        Vector512<float> t = Vector512.Create(threshold);
        LaneSum sum = default;
        long kept = 0;
        int n = e.Length;
        int i = 0;
        for (; i <= n - LaneSum.BlockLength; i += LaneSum.BlockLength)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            Vector512<float> x1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
            Vector512<float> k0 = Vector512.GreaterThanOrEqual(x0, t);
            Vector512<float> k1 = Vector512.GreaterThanOrEqual(x1, t);
            sum.Add(x0 & k0, x1 & k1);
            kept += BitOperations.PopCount(k0.ExtractMostSignificantBits() | (k1.ExtractMostSignificantBits() << 16));
        }

        BlockBuffer tailBuffer = default;
        Span<float> tail = tailBuffer;
        int j = 0;
        for (; i < n; i++, j++)
        {
            float x = Unsafe.Add(ref src, i);
            tail[j] = x >= threshold ? x : 0f;
            kept += x >= threshold ? 1 : 0;
        }

        count = (int)kept;
        return LaneSum.Total(sum, tail[..j]);
    }

    /// <summary>destinationᵢ = eᵢ·scale where eᵢ ≥ <paramref name="threshold"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static void WriteScaled(ReadOnlySpan<float> e, float threshold, float scale, Span<float> destination)
    {
        ref float src = ref MemoryMarshal.GetReference(e);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        Vector512<float> t = Vector512.Create(threshold);
        Vector512<float> s = Vector512.Create(scale);
        int n = e.Length;
        int i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> x = Vector512.LoadUnsafe(ref src, (nuint)i);
            ((x * s) & Vector512.GreaterThanOrEqual(x, t)).StoreUnsafe(ref dst, (nuint)i);
        }

        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref src, i);
            Unsafe.Add(ref dst, i) = x >= threshold ? x * scale : 0f;
        }
    }

    /// <summary>
    /// Inverse-CDF draw: the first position r (in index order) at which the running mass of the kept eⱼ
    /// (eⱼ ≥ <paramref name="threshold"/>) exceeds <paramref name="target"/>. Runs block by block (64 elements, each block's
    /// mass a fixed-order vector sum), scanning one block element by element only when the draw falls inside it. If
    /// rounding leaves the target unreached, the last kept position is returned. Requires <paramref name="threshold"/> &gt; 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static int Draw(ReadOnlySpan<float> e, float threshold, double target)
    {
        const int Block = 64;
        ref float src = ref MemoryMarshal.GetReference(e);
        Vector512<float> t = Vector512.Create(threshold);
        double cumulative = 0d;
        int lastKept = -1;
        int n = e.Length;
        int i = 0;
        for (; i <= n - Block; i += Block)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            Vector512<float> x1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
            Vector512<float> x2 = Vector512.LoadUnsafe(ref src, (nuint)(i + 32));
            Vector512<float> x3 = Vector512.LoadUnsafe(ref src, (nuint)(i + 48));
            Vector512<float> k0 = Vector512.GreaterThanOrEqual(x0, t);
            Vector512<float> k1 = Vector512.GreaterThanOrEqual(x1, t);
            Vector512<float> k2 = Vector512.GreaterThanOrEqual(x2, t);
            Vector512<float> k3 = Vector512.GreaterThanOrEqual(x3, t);
            ulong bits = k0.ExtractMostSignificantBits() | (k1.ExtractMostSignificantBits() << 16)
                | (k2.ExtractMostSignificantBits() << 32) | (k3.ExtractMostSignificantBits() << 48);
            if (bits == 0)
            {
                continue;
            }

            x0 &= k0;
            x1 &= k1;
            x2 &= k2;
            x3 &= k3;
            Vector512<double> d = Vector512.WidenLower(x0) + Vector512.WidenUpper(x0)
                + (Vector512.WidenLower(x1) + Vector512.WidenUpper(x1))
                + (Vector512.WidenLower(x2) + Vector512.WidenUpper(x2))
                + (Vector512.WidenLower(x3) + Vector512.WidenUpper(x3));
            Vector256<double> d4 = d.GetLower() + d.GetUpper();
            Vector128<double> d2 = d4.GetLower() + d4.GetUpper();
            double blockMass = d2.GetElement(0) + d2.GetElement(1);
            if (cumulative + blockMass > target)
            {
                int found = ScanBlock(ref src, i, Block, threshold, ref cumulative, target, ref lastKept);
                if (found >= 0)
                {
                    return found;
                }
            }
            else
            {
                cumulative += blockMass;
                lastKept = i + 63 - BitOperations.LeadingZeroCount(bits);
            }
        }

        int tailFound = ScanBlock(ref src, i, n - i, threshold, ref cumulative, target, ref lastKept);
        return tailFound >= 0 ? tailFound : lastKept;
    }

    private static int ScanBlock(ref float src, int start, int length, float threshold, ref double cumulative, double target, ref int lastKept)
    {
        for (int j = start; j < start + length; j++)
        {
            float x = Unsafe.Add(ref src, j);
            if (x >= threshold)
            {
                lastKept = j;
                cumulative += x;
                if (cumulative > target)
                {
                    return j;
                }
            }
        }

        return -1;
    }
}
