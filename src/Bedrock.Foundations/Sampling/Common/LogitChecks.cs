using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>Validation shared by every logit-consuming kernel.</summary>
internal static class LogitChecks
{
    /// <summary>
    /// Returns max xᵢ, after checking that <paramref name="logits"/> is non-empty, holds no NaN or +∞ (the message
    /// names the first bad index) and is not entirely −∞. One vectorized pass keeps a running maximum and a running
    /// "every element &lt; +∞" mask (false for NaN and +∞); the bad index is searched for only on failure.
    /// </summary>
    internal static float ValidateAndMax(ReadOnlySpan<float> logits, string paramName)
    {
        if (logits.IsEmpty)
        {
            ThrowHelper.ThrowEmpty(paramName);
        }

        if (!TryMaxBelowInfinity(logits, out float max))
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

        return max;
    }

    /// <summary>
    /// max xᵢ, and whether every xᵢ &lt; +∞ (so no NaN and no +∞). Lane-wise <c>MaxNative</c> is safe here because a NaN
    /// makes the mask false and the maximum is then not used.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static bool TryMaxBelowInfinity(ReadOnlySpan<float> x, out float max)
    {
        ref float src = ref MemoryMarshal.GetReference(x);
        int n = x.Length;
        int i = 0;
        bool finite = true;
        float m = float.NegativeInfinity;
        if (n >= 64)
        {
            Vector512<float> infinity = Vector512.Create(float.PositiveInfinity);
            Vector512<float> m0 = Vector512.Create(float.NegativeInfinity);
            Vector512<float> m1 = m0;
            Vector512<float> m2 = m0;
            Vector512<float> m3 = m0;
            Vector512<float> ok = Vector512<float>.AllBitsSet;
            for (; i <= n - 64; i += 64)
            {
                Vector512<float> v0 = Vector512.LoadUnsafe(ref src, (nuint)i);
                Vector512<float> v1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
                Vector512<float> v2 = Vector512.LoadUnsafe(ref src, (nuint)(i + 32));
                Vector512<float> v3 = Vector512.LoadUnsafe(ref src, (nuint)(i + 48));
                m0 = Vector512.MaxNative(m0, v0);
                m1 = Vector512.MaxNative(m1, v1);
                m2 = Vector512.MaxNative(m2, v2);
                m3 = Vector512.MaxNative(m3, v3);
                ok &= Vector512.LessThan(v0, infinity) & Vector512.LessThan(v1, infinity)
                    & Vector512.LessThan(v2, infinity) & Vector512.LessThan(v3, infinity);
            }

            // Compare as integers: as floats, all-bits-set is a NaN and never equal to itself.
            finite = ok.AsUInt32() == Vector512<uint>.AllBitsSet;
            m = MaxLane(Vector512.MaxNative(Vector512.MaxNative(m0, m1), Vector512.MaxNative(m2, m3)));
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref src, i);
            finite &= v < float.PositiveInfinity;
            m = Math.Max(m, v);
        }

        max = m;
        return finite;
    }

    private static float MaxLane(Vector512<float> lanes)
    {
        float m = lanes.GetElement(0);
        for (int j = 1; j < Vector512<float>.Count; j++)
        {
            m = Math.Max(m, lanes.GetElement(j));
        }

        return m;
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
