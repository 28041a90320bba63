using System.Numerics.Tensors;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>Validation shared by every logit-consuming kernel.</summary>
internal static class LogitChecks
{
    /// <summary>
    /// Returns max xᵢ, after checking that <paramref name="logits"/> is non-empty, holds no NaN or +∞ (the message
    /// names the first bad index) and is not entirely −∞. One vectorized pass (<see cref="TensorPrimitives.Max(ReadOnlySpan{float})"/>,
    /// which propagates NaN); the index is searched for only on failure.
    /// </summary>
    internal static float ValidateAndMax(ReadOnlySpan<float> logits, string paramName)
    {
        if (logits.IsEmpty)
        {
            ThrowHelper.ThrowEmpty(paramName);
        }

        float max = TensorPrimitives.Max(logits);
        if (float.IsNaN(max) || float.IsPositiveInfinity(max))
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
