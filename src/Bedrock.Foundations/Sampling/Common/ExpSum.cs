using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// eᵢ = exp((xᵢ − m)·τ⁻¹) for every i, optionally stored, and Z = Σ eᵢ as a reproducible <see cref="PairedLaneSum"/>.
/// Also the entropy pair (Z, Σ eᵢ·zᵢ) used by <see cref="Distribution.EntropyOfLogits"/>.
/// </summary>
internal static class ExpSum
{
    /// <summary>Writes eᵢ to <paramref name="destination"/> (when non-empty) and returns Z = Σ eᵢ.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static double Compute(ReadOnlySpan<float> x, float max, float inverseTemperature, Span<float> destination)
    {
        bool store = !destination.IsEmpty;
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        Vector512<float> m = Vector512.Create(max);
        Vector512<float> s = Vector512.Create(inverseTemperature);
        PairedLaneSum sum = default;
        int n = x.Length;
        int i = 0;
        for (; i <= n - PairedLaneSum.BlockLength; i += PairedLaneSum.BlockLength)
        {
            Vector512<float> e0 = VectorMath.ExpNonPositive((Vector512.LoadUnsafe(ref src, (nuint)i) - m) * s);
            Vector512<float> e1 = VectorMath.ExpNonPositive((Vector512.LoadUnsafe(ref src, (nuint)(i + 16)) - m) * s);
            if (store)
            {
                e0.StoreUnsafe(ref dst, (nuint)i);
                e1.StoreUnsafe(ref dst, (nuint)(i + 16));
            }

            sum.Add(e0, e1);
        }

        BlockBuffer tailBuffer = default;
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

        return PairedLaneSum.Total(sum, tail[..t]);
    }

    /// <summary>
    /// Returns Z = Σ eᵢ and S = Σ eᵢ·zᵢ with zᵢ = (xᵢ − m)·τ⁻¹; terms with eᵢ = 0 (masked or flushed) add 0 to S.
    /// Writes eᵢ to <paramref name="destination"/> when it is non-empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static (double Z, double S) ComputeWithMoment(
        ReadOnlySpan<float> x, float max, float inverseTemperature, Span<float> destination)
    {
        bool store = !destination.IsEmpty;
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        Vector512<float> m = Vector512.Create(max);
        Vector512<float> s = Vector512.Create(inverseTemperature);
        Vector512<float> flush = Vector512.Create(VectorMath.ExpFlushBelow);
        PairedLaneSum z = default;
        PairedLaneSum moment = default;
        int n = x.Length;
        int i = 0;
        for (; i <= n - PairedLaneSum.BlockLength; i += PairedLaneSum.BlockLength)
        {
            Vector512<float> z0 = (Vector512.LoadUnsafe(ref src, (nuint)i) - m) * s;
            Vector512<float> z1 = (Vector512.LoadUnsafe(ref src, (nuint)(i + 16)) - m) * s;
            Vector512<float> e0 = VectorMath.ExpNonPositive(z0);
            Vector512<float> e1 = VectorMath.ExpNonPositive(z1);
            if (store)
            {
                e0.StoreUnsafe(ref dst, (nuint)i);
                e1.StoreUnsafe(ref dst, (nuint)(i + 16));
            }

            z.Add(e0, e1);
            // eᵢ = 0 exactly when zᵢ < ExpFlushBelow (including −∞); clamping zᵢ there makes the term 0·(−86.9) = 0
            // rather than 0·(−∞) = NaN, with the same clamp ExpNonPositive already computed.
            Vector512<float> t0 = e0 * Vector512.MaxNative(z0, flush);
            Vector512<float> t1 = e1 * Vector512.MaxNative(z1, flush);
            moment.Add(t0, t1);
        }

        BlockBuffer tailZBuffer = default;
        Span<float> tailZ = tailZBuffer;
        BlockBuffer tailSBuffer = default;
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

        return (PairedLaneSum.Total(z, tailZ[..t]), PairedLaneSum.Total(moment, tailS[..t]));
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
