using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// eᵢ = exp(zᵢ) with zᵢ = (xᵢ − m)·τ⁻¹ for every i, optionally stored, and Z = Σ eᵢ as a reproducible
/// <see cref="QuadLaneSum"/>. Also the entropy pair (Z, Σ eᵢ·zᵢ) used by <see cref="Distribution.EntropyOfLogits"/>.
/// </summary>
/// <remarks>
/// Each entry point picks a specialized loop: without the multiply when τ⁻¹ = 1, and without the flush test when the
/// row's smallest logit shows that no zᵢ falls below <see cref="VectorMath.ExpFlushBelow"/> (the usual case; a masked
/// −∞ logit needs it). The results are bit-identical whichever loop runs.
/// </remarks>
internal static class ExpSum
{
    /// <summary>Writes eᵢ to <paramref name="destination"/> (when non-empty) and returns Z = Σ eᵢ.</summary>
    /// <param name="x">The logits.</param>
    /// <param name="max">m = max xᵢ.</param>
    /// <param name="inverseTemperature">τ⁻¹ &gt; 0.</param>
    /// <param name="destination">Receives eᵢ, or empty.</param>
    /// <param name="min">A lower bound on every xᵢ (−∞ when unknown).</param>
    internal static double Compute(
        ReadOnlySpan<float> x, float max, float inverseTemperature, Span<float> destination, float min = float.NegativeInfinity) =>
        (NeedsFlush(max, min, inverseTemperature), inverseTemperature == 1f) switch
        {
            (false, true) => Compute<Off, Off>(x, max, inverseTemperature, destination),
            (false, false) => Compute<Off, On>(x, max, inverseTemperature, destination),
            (true, true) => Compute<On, Off>(x, max, inverseTemperature, destination),
            (true, false) => Compute<On, On>(x, max, inverseTemperature, destination),
        };

    /// <summary>
    /// Returns Z = Σ eᵢ and S = Σ eᵢ·zᵢ; terms with eᵢ = 0 (masked or flushed) add 0 to S. Writes eᵢ to
    /// <paramref name="destination"/> when it is non-empty. S takes full blocks through
    /// <see cref="QuadLaneSum.AddProducts"/> and the partial last block as rounded products.
    /// </summary>
    /// <param name="x">The logits.</param>
    /// <param name="max">m = max xᵢ.</param>
    /// <param name="inverseTemperature">τ⁻¹ &gt; 0.</param>
    /// <param name="destination">Receives eᵢ, or empty.</param>
    /// <param name="min">A lower bound on every xᵢ (−∞ when unknown).</param>
    internal static (double Z, double S) ComputeWithMoment(
        ReadOnlySpan<float> x, float max, float inverseTemperature, Span<float> destination, float min = float.NegativeInfinity) =>
        (NeedsFlush(max, min, inverseTemperature), inverseTemperature == 1f) switch
        {
            (false, true) => ComputeWithMoment<Off, Off>(x, max, inverseTemperature, destination),
            (false, false) => ComputeWithMoment<Off, On>(x, max, inverseTemperature, destination),
            (true, true) => ComputeWithMoment<On, Off>(x, max, inverseTemperature, destination),
            (true, false) => ComputeWithMoment<On, On>(x, max, inverseTemperature, destination),
        };

    /// <summary>Whether some zᵢ may fall below the flush point: z_min is computed exactly as the kernels compute zᵢ, and
    /// rounding is monotonic, so z_min ≥ the flush point means every zᵢ is.</summary>
    private static bool NeedsFlush(float max, float min, float inverseTemperature) =>
        !((min - max) * inverseTemperature >= VectorMath.ExpFlushBelow);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Shifted<TScale>(ref float src, int i, Vector512<float> m, Vector512<float> s)
        where TScale : struct
    {
        Vector512<float> z = Vector512.LoadUnsafe(ref src, (nuint)i) - m;
        return typeof(TScale) == typeof(On) ? z * s : z;
    }

    /// <summary>zᵢ, or 0 where eᵢ was flushed (there zᵢ may be −∞, and eᵢ·zᵢ must be 0, not NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Finite<TFlush>(Vector512<float> z, Vector512<float> kept)
        where TFlush : struct => typeof(TFlush) == typeof(On) ? z & kept : z;

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    private static double Compute<TFlush, TScale>(ReadOnlySpan<float> x, float max, float inverseTemperature, Span<float> destination)
        where TFlush : struct
        where TScale : struct
    {
        bool store = !destination.IsEmpty;
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        Vector512<float> m = Vector512.Create(max);
        Vector512<float> s = Vector512.Create(inverseTemperature);
        QuadLaneSum sum = default;
        int n = x.Length;
        int i = 0;
        for (; i <= n - QuadLaneSum.BlockLength; i += QuadLaneSum.BlockLength)
        {
            Vector512<float> e0 = VectorMath.ExpNonPositive<TFlush>(Shifted<TScale>(ref src, i, m, s), out _);
            Vector512<float> e1 = VectorMath.ExpNonPositive<TFlush>(Shifted<TScale>(ref src, i + 16, m, s), out _);
            Vector512<float> e2 = VectorMath.ExpNonPositive<TFlush>(Shifted<TScale>(ref src, i + 32, m, s), out _);
            Vector512<float> e3 = VectorMath.ExpNonPositive<TFlush>(Shifted<TScale>(ref src, i + 48, m, s), out _);
            if (store)
            {
                e0.StoreUnsafe(ref dst, (nuint)i);
                e1.StoreUnsafe(ref dst, (nuint)(i + 16));
                e2.StoreUnsafe(ref dst, (nuint)(i + 32));
                e3.StoreUnsafe(ref dst, (nuint)(i + 48));
            }

            sum.Add(e0, e1, e2, e3);
            if (((i / QuadLaneSum.BlockLength) % QuadLaneSum.BlocksPerChunk) == QuadLaneSum.BlocksPerChunk - 1)
            {
                sum.Commit();
            }
        }

        QuadBlockBuffer tailBuffer = default;
        Span<float> tail = tailBuffer;
        int t = 0;
        for (; i < n; i++, t++)
        {
            float e = VectorMath.ExpNonPositive((Unsafe.Add(ref src, i) - max) * inverseTemperature);
            if (store)
            {
                Unsafe.Add(ref dst, i) = e;
            }

            tail[t] = e;
        }

        return QuadLaneSum.Total(sum, tail[..t]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    private static (double Z, double S) ComputeWithMoment<TFlush, TScale>(
        ReadOnlySpan<float> x, float max, float inverseTemperature, Span<float> destination)
        where TFlush : struct
        where TScale : struct
    {
        bool store = !destination.IsEmpty;
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        Vector512<float> m = Vector512.Create(max);
        Vector512<float> s = Vector512.Create(inverseTemperature);
        QuadLaneSum z = default;
        QuadLaneSum moment = default;
        int n = x.Length;
        int i = 0;
        for (; i <= n - QuadLaneSum.BlockLength; i += QuadLaneSum.BlockLength)
        {
            Vector512<float> z0 = Shifted<TScale>(ref src, i, m, s);
            Vector512<float> z1 = Shifted<TScale>(ref src, i + 16, m, s);
            Vector512<float> z2 = Shifted<TScale>(ref src, i + 32, m, s);
            Vector512<float> z3 = Shifted<TScale>(ref src, i + 48, m, s);

            // eᵢ = 0 exactly where zᵢ < ExpFlushBelow (including −∞); those terms are masked to 0 rather than
            // 0·(−∞) = NaN. Without flushing, every lane is kept and the mask is skipped.
            Vector512<float> e0 = VectorMath.ExpNonPositive<TFlush>(z0, out Vector512<float> kept0);
            Vector512<float> e1 = VectorMath.ExpNonPositive<TFlush>(z1, out Vector512<float> kept1);
            Vector512<float> e2 = VectorMath.ExpNonPositive<TFlush>(z2, out Vector512<float> kept2);
            Vector512<float> e3 = VectorMath.ExpNonPositive<TFlush>(z3, out Vector512<float> kept3);
            if (store)
            {
                e0.StoreUnsafe(ref dst, (nuint)i);
                e1.StoreUnsafe(ref dst, (nuint)(i + 16));
                e2.StoreUnsafe(ref dst, (nuint)(i + 32));
                e3.StoreUnsafe(ref dst, (nuint)(i + 48));
            }

            z.Add(e0, e1, e2, e3);
            moment.AddProducts(
                e0, Finite<TFlush>(z0, kept0), e1, Finite<TFlush>(z1, kept1), e2, Finite<TFlush>(z2, kept2), e3, Finite<TFlush>(z3, kept3));
            if (((i / QuadLaneSum.BlockLength) % QuadLaneSum.BlocksPerChunk) == QuadLaneSum.BlocksPerChunk - 1)
            {
                z.Commit();
                moment.Commit();
            }
        }

        QuadBlockBuffer tailZBuffer = default;
        Span<float> tailZ = tailZBuffer;
        QuadBlockBuffer tailSBuffer = default;
        Span<float> tailS = tailSBuffer;
        int t = 0;
        for (; i < n; i++, t++)
        {
            float zi = (Unsafe.Add(ref src, i) - max) * inverseTemperature;
            float e = VectorMath.ExpNonPositive(zi);
            if (store)
            {
                Unsafe.Add(ref dst, i) = e;
            }

            tailZ[t] = e;
            tailS[t] = e == 0f ? 0f : e * zi;
        }

        return (QuadLaneSum.Total(z, tailZ[..t]), QuadLaneSum.Total(moment, tailS[..t]));
    }

    /// <summary>
    /// vᵢ ← vᵢ·<paramref name="factor"/> in place. Written out rather than <c>TensorPrimitives.Multiply</c> because that
    /// one switches to non-temporal stores on large spans, which evicts the row the caller is about to read again.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static void Scale(Span<float> values, float factor)
    {
        ref float v = ref MemoryMarshal.GetReference(values);
        Vector512<float> f = Vector512.Create(factor);
        int n = values.Length;
        int i = 0;
        for (; i <= n - 32; i += 32)
        {
            (Vector512.LoadUnsafe(ref v, (nuint)i) * f).StoreUnsafe(ref v, (nuint)i);
            (Vector512.LoadUnsafe(ref v, (nuint)(i + 16)) * f).StoreUnsafe(ref v, (nuint)(i + 16));
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref v, i) *= factor;
        }
    }
}
