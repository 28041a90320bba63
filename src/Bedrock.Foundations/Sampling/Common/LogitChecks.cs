using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>Validation shared by every logit-consuming kernel.</summary>
internal static class LogitChecks
{
    /// <summary>
    /// Returns (max xᵢ, min xᵢ), after checking that <paramref name="logits"/> is non-empty, holds no NaN or +∞ (the
    /// message names the first bad index) and is not entirely −∞. One vectorized pass keeps a running maximum, minimum
    /// and "every element &lt; +∞" mask (false for NaN and +∞); the bad index is searched for only on failure.
    /// </summary>
    internal static LogitRange ValidateRange(ReadOnlySpan<float> logits, string paramName)
    {
        if (logits.IsEmpty)
        {
            ThrowHelper.ThrowEmpty(paramName);
        }

        if (!TryRangeBelowInfinity(logits, out float max, out float min))
        {
            for (int i = 0; i < logits.Length; i++)
            {
                if (float.IsNaN(logits[i]) || float.IsPositiveInfinity(logits[i]))
                {
                    ThrowHelper.ThrowNotFinite(paramName, i, logits[i]);
                }
            }
        }

        if (float.IsNegativeInfinity(max))
        {
            ThrowHelper.ThrowAllMasked(paramName);
        }

        return new LogitRange(max, min);
    }

    /// <summary>
    /// max xᵢ and min xᵢ, and whether every xᵢ &lt; +∞ (so no NaN and no +∞). Lane-wise <c>MaxNative</c>/<c>MinNative</c>
    /// are safe here because a NaN makes the mask false and the range is then not used.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static bool TryRangeBelowInfinity(ReadOnlySpan<float> x, out float max, out float min)
    {
        ref float src = ref MemoryMarshal.GetReference(x);
        int n = x.Length;
        int i = 0;
        bool finite = true;
        float hi = float.NegativeInfinity;
        float lo = float.PositiveInfinity;
        if (n >= 32)
        {
            Vector512<float> infinity = Vector512.Create(float.PositiveInfinity);
            Vector512<float> hi0 = Vector512.Create(float.NegativeInfinity);
            Vector512<float> hi1 = hi0;
            Vector512<float> lo0 = infinity;
            Vector512<float> lo1 = infinity;
            Vector512<float> ok = Vector512<float>.AllBitsSet;
            for (; i <= n - 32; i += 32)
            {
                Vector512<float> v0 = Vector512.LoadUnsafe(ref src, (nuint)i);
                Vector512<float> v1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
                hi0 = Vector512.MaxNative(hi0, v0);
                hi1 = Vector512.MaxNative(hi1, v1);
                lo0 = Vector512.MinNative(lo0, v0);
                lo1 = Vector512.MinNative(lo1, v1);
                ok &= Vector512.LessThan(v0, infinity) & Vector512.LessThan(v1, infinity);
            }

            // Compare as integers: as floats, all-bits-set is a NaN and never equal to itself.
            finite = ok.AsUInt32() == Vector512<uint>.AllBitsSet;
            Vector512<float> highs = Vector512.MaxNative(hi0, hi1);
            Vector512<float> lows = Vector512.MinNative(lo0, lo1);
            for (int j = 0; j < Vector512<float>.Count; j++)
            {
                hi = Math.Max(hi, highs.GetElement(j));
                lo = Math.Min(lo, lows.GetElement(j));
            }
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref src, i);
            finite &= v < float.PositiveInfinity;
            hi = Math.Max(hi, v);
            lo = Math.Min(lo, v);
        }

        max = hi;
        min = lo;
        return finite;
    }

    /// <summary>Checks a temperature: finite and ≥ 0.</summary>
    internal static void ValidateTemperature(float temperature, string paramName)
    {
        if (!(temperature >= 0f) || float.IsPositiveInfinity(temperature))
        {
            ThrowHelper.ThrowInvalidTemperature(paramName, temperature);
        }
    }

    /// <summary>Index of the first maximum (lowest index on ties); <paramref name="logits"/> is already validated.</summary>
    internal static int ArgMax(ReadOnlySpan<float> logits, float max) => logits.IndexOf(max);
}

/// <summary>The largest and smallest logit of a validated row (min may be −∞: masked tokens).</summary>
internal readonly record struct LogitRange(float Max, float Min);
