using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// The one pass of <see cref="Calibration.Evaluate"/> over (confidence, outcome) pairs: validity, the Brier sum, the
/// log-likelihood sum and, when asked, the equal-width bin sums.
/// </summary>
/// <remarks>
/// Branch-free per element (outcomes are as unpredictable as coin flips) and four lanes wide: element j of a 256-element
/// chunk belongs to lane j mod 4 in the vector path and in its scalar twin alike, so both give the same sums bit for bit.
/// The logarithms of the probability given to what happened are taken a chunk at a time with
/// <c>TensorPrimitives.Log</c>.
/// </remarks>
internal static class OutcomePass
{
    internal const int Lanes = 4;
    private const int Chunk = 256;

    /// <summary>Totals of one pass.</summary>
    internal readonly record struct Totals(bool Valid, double BrierSum, double LogLikelihood);

    /// <summary>Runs the pass; <paramref name="histogram"/> may be default (no bins wanted).</summary>
    internal static Totals Run(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, EqualWidthHistogram histogram)
    {
        ReadOnlySpan<byte> outcomes = MemoryMarshal.AsBytes(correct);
        Span<double> picked = stackalloc double[Chunk];
        Span<long> slots = stackalloc long[Chunk];
        Span<double> brierLanes = stackalloc double[Lanes];
        brierLanes.Clear();
        bool binned = histogram.Bins > 0;
        bool valid = true;
        double logLikelihood = 0d;
        for (int start = 0; start < confidences.Length; start += Chunk)
        {
            int length = Math.Min(Chunk, confidences.Length - start);
            ReadOnlySpan<double> c = confidences.Slice(start, length);
            ReadOnlySpan<byte> y = outcomes.Slice(start, length);
            valid &= Vector256.IsHardwareAccelerated
                ? VectorChunk(c, y, picked, slots, brierLanes, histogram.Bins)
                : ScalarChunk(c, y, picked, slots, brierLanes, histogram.Bins, 0);

            // ln of the probability given to what happened; ln 0 = −∞ makes the total −∞.
            Span<double> part = picked[..length];
            TensorPrimitives.Log(part, part);
            logLikelihood += TensorPrimitives.Sum(part);
            if (binned)
            {
                histogram.Add(slots[..length], c, y);
            }
        }

        double brier = (brierLanes[0] + brierLanes[1]) + (brierLanes[2] + brierLanes[3]);
        return new Totals(valid, brier, logLikelihood);
    }

    /// <summary>
    /// The equal-width bin of each confidence, as a slot in the histogram's copy for the element's lane: bin b is
    /// [b/B, (b+1)/B), the last closed at 1. c·B truncates to the right bin almost always; the rare value that rounding
    /// carried across an edge is moved back by comparing it with the edge b/B itself. Any value (NaN, out of range)
    /// lands in some bin; invalid input is rejected by the caller afterwards.
    /// </summary>
    internal static int Bin(double c, int bins)
    {
        long b = Math.Clamp((long)(c * bins), 0L, bins - 1L);
        if (b > 0 && c < (double)b / bins)
        {
            b--;
        }
        else if (b < bins - 1 && c >= (double)(b + 1) / bins)
        {
            b++;
        }

        return (int)b;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool VectorChunk(
        ReadOnlySpan<double> c, ReadOnlySpan<byte> y, Span<double> picked, Span<long> slots, Span<double> brierLanes, int bins)
    {
        Vector256<double> one = Vector256.Create(1d);
        Vector256<double> zero = Vector256<double>.Zero;
        Vector256<double> binsD = Vector256.Create((double)bins);
        Vector256<long> last = Vector256.Create(bins - 1L);
        Vector256<long> copyOffset = Vector256.Create(0L, bins, 2L * bins, 3L * bins);
        Vector256<long> zeroL = Vector256<long>.Zero;
        Vector256<double> validMask = Vector256<double>.AllBitsSet;
        Vector256<double> brier = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(brierLanes));
        ref double cRef = ref MemoryMarshal.GetReference(c);
        ref byte yRef = ref MemoryMarshal.GetReference(y);
        int full = c.Length & ~(Lanes - 1);
        for (int j = 0; j < full; j += Lanes)
        {
            Vector256<double> ci = Vector256.LoadUnsafe(ref cRef, (nuint)j);
            uint four = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref yRef, j));
            Vector128<uint> y32 = Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(four).AsByte()));
            Vector256<double> hit = Vector256.Equals(Vector256.Create(Vector128.WidenLower(y32), Vector128.WidenUpper(y32)), Vector256<ulong>.Zero).AsDouble();
            hit = ~hit; // all ones where correct
            Vector256<double> yi = one & hit;

            validMask &= Vector256.GreaterThanOrEqual(ci, zero) & Vector256.LessThanOrEqual(ci, one);
            Vector256<double> residual = ci - yi;
            brier += residual * residual;
            Vector256.ConditionalSelect(hit, ci, one - ci).StoreUnsafe(ref MemoryMarshal.GetReference(picked), (nuint)j);

            if (bins > 0)
            {
                Vector256<long> b = Vector256.Min(Vector256.Max(Vector256.ConvertToInt64(ci * binsD), zeroL), last);
                Vector256<double> lower = Vector256.ConvertToDouble(b) / binsD;
                Vector256<double> upper = Vector256.ConvertToDouble(b + Vector256<long>.One) / binsD;
                Vector256<long> down = (Vector256.GreaterThan(b, zeroL).AsDouble() & Vector256.LessThan(ci, lower)).AsInt64();
                Vector256<long> up = (Vector256.LessThan(b, last).AsDouble() & Vector256.GreaterThanOrEqual(ci, upper)).AsInt64();
                b = b + down - up; // masks are −1 where set
                (b + copyOffset).StoreUnsafe(ref MemoryMarshal.GetReference(slots), (nuint)j);
            }
        }

        brier.StoreUnsafe(ref MemoryMarshal.GetReference(brierLanes));
        bool valid = validMask == Vector256<double>.AllBitsSet;
        return ScalarChunk(c, y, picked, slots, brierLanes, bins, full) & valid;
    }

    /// <summary>The scalar twin of <see cref="VectorChunk"/>, from element <paramref name="from"/> on (the vector tail).</summary>
    private static bool ScalarChunk(
        ReadOnlySpan<double> c, ReadOnlySpan<byte> y, Span<double> picked, Span<long> slots, Span<double> brierLanes, int bins, int from)
    {
        bool valid = true;
        for (int j = from; j < c.Length; j++)
        {
            double ci = c[j];
            int hit = y[j] != 0 ? 1 : 0;
            valid &= (ci >= 0d) & (ci <= 1d);
            double residual = ci - hit;
            brierLanes[j & (Lanes - 1)] += residual * residual;
            picked[j] = hit != 0 ? ci : 1d - ci;
            if (bins > 0)
            {
                slots[j] = Bin(ci, bins) + ((long)(j & (Lanes - 1)) * bins);
            }
        }

        return valid;
    }
}
