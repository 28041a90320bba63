using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Sampling;

/// <summary>
/// Distributions over a vocabulary: softmax with temperature, log-softmax, entropy, cross-entropy, Kullback–Leibler
/// divergence and perplexity. Pure functions over spans; nothing is allocated.
/// </summary>
/// <remarks>
/// <para><b>Logits.</b> A logit may be −∞ (a masked token, probability 0). NaN and +∞ are rejected with an
/// <see cref="ArgumentException"/> naming the first bad index, and so is a row in which every logit is −∞.</para>
/// <para><b>Temperature.</b> τ &gt; 0 divides the logits: zᵢ = (xᵢ − max x)·(1/τ). τ = 0 means greedy: all mass on the
/// arg-max, the lowest index on ties. A negative, NaN or infinite temperature is rejected.</para>
/// <para><b>Precision and reproducibility.</b> Exponentials and logarithms are evaluated in single precision
/// (about 1 ulp and ≤ 2 ulp); every sum is taken in a fixed order that depends only on the length, in double precision
/// (the softmax normalizer and the entropy moment add up to 16 same-signed terms per lane in single precision before
/// widening), so each function returns bit-identical results on every run and every machine. Probabilities below
/// e^-86.9 ≈ 1.8·10⁻³⁸ of the largest one are flushed to 0.</para>
/// <para><b>Units.</b> Entropies, cross-entropies and divergences are in nats (natural logarithm).</para>
/// <para>All members are thread-safe: they keep no state.</para>
/// </remarks>
public static class Distribution
{
    /// <summary>
    /// How far Σ pᵢ may be from 1 for an input that must be a probability distribution (<see cref="Entropy"/>,
    /// <see cref="CrossEntropy"/>, <see cref="KlDivergence"/>): 10⁻³. Inputs outside are rejected rather than
    /// silently renormalized.
    /// </summary>
    public const double ProbabilitySumTolerance = 1e-3;

    /// <summary>
    /// Writes the softmax of <paramref name="logits"/> at temperature τ:
    /// pᵢ = exp(zᵢ) / Σⱼ exp(zⱼ) with zᵢ = (xᵢ − max x)/τ (shifting by the maximum keeps every exponent ≤ 0, so
    /// nothing overflows). τ = 0 writes a one-hot vector at the arg-max (lowest index on ties).
    /// </summary>
    /// <param name="logits">The logits x (length V ≥ 1); −∞ allowed, NaN and +∞ not.</param>
    /// <param name="destination">Receives p; at least V long (elements past V are left alone). May not overlap
    /// <paramref name="logits"/> unless it is the same span.</param>
    /// <param name="temperature">τ ≥ 0 and finite; 1 by default.</param>
    /// <exception cref="ArgumentException">Empty logits, a NaN or +∞ logit, all logits −∞, or a destination shorter than the logits.
    /// Nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is negative, NaN or infinite. Nothing is written.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination, float temperature = 1f)
    {
        (float max, float min) = ValidateRow(logits, destination, temperature);
        destination = destination[..logits.Length];
        if (temperature == 0f)
        {
            WriteOneHot(destination, LogitChecks.ArgMax(logits, max), 1f, 0f);
            return;
        }

        double z = ExpSum.Compute(logits, max, 1f / temperature, destination, min);
        ExpSum.Scale(destination, (float)(1d / z));
    }

    /// <summary>
    /// Writes softmax(x/τ) as <see cref="Softmax"/> does and returns its entropy, in one pass over the logits instead of
    /// two: H = ln Z − (Σᵢ eᵢ zᵢ)/Z with zᵢ = (xᵢ − max x)/τ, eᵢ = exp(zᵢ), Z = Σᵢ eᵢ. The distribution written is
    /// bit-identical to <see cref="Softmax"/>'s and the entropy to <see cref="EntropyOfLogits"/>'s.
    /// </summary>
    /// <param name="logits">The logits x (length V ≥ 1); −∞ allowed, NaN and +∞ not.</param>
    /// <param name="destination">Receives p; at least V long.</param>
    /// <param name="temperature">τ ≥ 0 and finite; 1 by default. τ = 0 writes the one-hot greedy distribution and returns 0.</param>
    /// <returns>H(p) in nats, in [0, ln V].</returns>
    /// <exception cref="ArgumentException">As for <see cref="Softmax"/>. Nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Softmax"/>. Nothing is written.</exception>
    public static double SoftmaxWithEntropy(ReadOnlySpan<float> logits, Span<float> destination, float temperature = 1f)
    {
        (float max, float min) = ValidateRow(logits, destination, temperature);
        destination = destination[..logits.Length];
        if (temperature == 0f)
        {
            WriteOneHot(destination, LogitChecks.ArgMax(logits, max), 1f, 0f);
            return 0d;
        }

        (double z, double s) = ExpSum.ComputeWithMoment(logits, max, 1f / temperature, destination, min);
        ExpSum.Scale(destination, (float)(1d / z));
        return Math.Max(0d, Math.Log(z) - (s / z));
    }

    /// <summary>
    /// Writes log pᵢ = zᵢ − ln Σⱼ exp(zⱼ) with zᵢ = (xᵢ − max x)/τ, without forming pᵢ (so tiny probabilities keep their
    /// logarithm). A −∞ logit gives −∞. τ = 0 writes 0 at the arg-max and −∞ elsewhere.
    /// </summary>
    /// <param name="logits">The logits x (length V ≥ 1); −∞ allowed, NaN and +∞ not.</param>
    /// <param name="destination">Receives log p; at least V long.</param>
    /// <param name="temperature">τ ≥ 0 and finite; 1 by default.</param>
    /// <exception cref="ArgumentException">As for <see cref="Softmax"/>. Nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Softmax"/>. Nothing is written.</exception>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> destination, float temperature = 1f)
    {
        (float max, float min) = ValidateRow(logits, destination, temperature);
        destination = destination[..logits.Length];
        if (temperature == 0f)
        {
            WriteOneHot(destination, LogitChecks.ArgMax(logits, max), 0f, float.NegativeInfinity);
            return;
        }

        float inverseTemperature = 1f / temperature;
        double z = ExpSum.Compute(logits, max, inverseTemperature, [], min);
        LogSoftmaxWriter.Write(logits, max, inverseTemperature, (float)Math.Log(z), destination);
    }

    /// <summary>
    /// Shannon entropy H(p) = −Σᵢ pᵢ ln pᵢ in nats, with 0·ln 0 = 0. 0 ≤ H ≤ ln V.
    /// </summary>
    /// <param name="probabilities">A distribution: every pᵢ in [0, 1] and |Σ pᵢ − 1| ≤ <see cref="ProbabilitySumTolerance"/>.</param>
    /// <returns>H(p) in nats, computed as given (not renormalized); a negative rounding residue is returned as 0.</returns>
    /// <exception cref="ArgumentException">Empty input, an element outside [0, 1] or NaN (the message names the first), or a sum
    /// outside the tolerance.</exception>
    public static double Entropy(ReadOnlySpan<float> probabilities)
    {
        if (probabilities.IsEmpty)
        {
            ThrowHelper.ThrowEmpty(nameof(probabilities));
        }

        if (!ProbabilitySums.Entropy(probabilities, out double sum, out double sumPLogP))
        {
            ThrowFirstInvalidProbability(probabilities, nameof(probabilities));
        }

        CheckNormalized(sum, nameof(probabilities));
        return Math.Max(0d, -sumPLogP);
    }

    /// <summary>
    /// Entropy of softmax(x/τ) straight from the logits, without writing the distribution:
    /// H = ln Z − (Σᵢ eᵢ zᵢ)/Z with zᵢ = (xᵢ − max x)/τ, eᵢ = exp(zᵢ), Z = Σᵢ eᵢ (masked tokens contribute 0).
    /// τ = 0 (greedy) gives 0.
    /// </summary>
    /// <param name="logits">The logits x; −∞ allowed, NaN and +∞ not.</param>
    /// <param name="temperature">τ ≥ 0 and finite; 1 by default.</param>
    /// <returns>H in nats, in [0, ln V]; a negative rounding residue is returned as 0.</returns>
    /// <exception cref="ArgumentException">Empty logits, a NaN or +∞ logit, or all logits −∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is negative, NaN or infinite.</exception>
    public static double EntropyOfLogits(ReadOnlySpan<float> logits, float temperature = 1f)
    {
        LogitChecks.ValidateTemperature(temperature, nameof(temperature));
        (float max, float min) = LogitChecks.ValidateRange(logits, nameof(logits));
        if (temperature == 0f)
        {
            return 0d;
        }

        (double z, double s) = ExpSum.ComputeWithMoment(logits, max, 1f / temperature, [], min);
        return Math.Max(0d, Math.Log(z) - (s / z));
    }

    /// <summary>
    /// Cross-entropy H(p, q) = −Σᵢ pᵢ ln qᵢ in nats. Terms with pᵢ = 0 contribute 0; if some pᵢ &gt; 0 has qᵢ = 0 the
    /// result is +∞ (never NaN). H(p, q) = H(p) + D_KL(p‖q) ≥ H(p).
    /// </summary>
    /// <param name="p">The reference distribution (for example the data or a teacher model).</param>
    /// <param name="q">The model distribution; same length as <paramref name="p"/>.</param>
    /// <returns>H(p, q) in nats, or <see cref="double.PositiveInfinity"/>.</returns>
    /// <exception cref="ArgumentException">Empty input, lengths that differ (parameter <paramref name="q"/>), an element outside [0, 1]
    /// or NaN, or a sum outside <see cref="ProbabilitySumTolerance"/>.</exception>
    public static double CrossEntropy(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        CrossSums sums = ValidatePair(p, q);
        return sums.HasUnsupportedMass ? double.PositiveInfinity : Math.Max(0d, -sums.SumPLogQ);
    }

    /// <summary>
    /// Kullback–Leibler divergence D_KL(p‖q) = Σᵢ pᵢ (ln pᵢ − ln qᵢ) in nats. Terms with pᵢ = 0 contribute 0; if some
    /// pᵢ &gt; 0 has qᵢ = 0 the result is +∞ (never NaN). D_KL ≥ 0 (Gibbs' inequality): a negative rounding residue is
    /// returned as 0.
    /// </summary>
    /// <param name="p">The reference distribution.</param>
    /// <param name="q">The approximating distribution; same length as <paramref name="p"/>.</param>
    /// <returns>D_KL(p‖q) in nats, or <see cref="double.PositiveInfinity"/>.</returns>
    /// <exception cref="ArgumentException">As for <see cref="CrossEntropy"/>.</exception>
    public static double KlDivergence(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        CrossSums sums = ValidatePair(p, q);
        return sums.HasUnsupportedMass ? double.PositiveInfinity : Math.Max(0d, sums.SumPLogP - sums.SumPLogQ);
    }

    /// <summary>
    /// Perplexity of a sequence from the log-probabilities its tokens received: PP = exp(−(1/N) Σₜ log p(xₜ | x&lt;ₜ)),
    /// the exponential of the per-token cross-entropy H, so PP = e^H (a uniform choice among k tokens has PP = k).
    /// </summary>
    /// <param name="tokenLogProbabilities">ln p of each token (N ≥ 1), each ≤ 0; −∞ (a token judged impossible)
    /// makes the perplexity +∞.</param>
    /// <returns>PP ≥ 1, or <see cref="double.PositiveInfinity"/>.</returns>
    /// <exception cref="ArgumentException">Empty input, or an element that is NaN or &gt; 0 (the message names the first).</exception>
    public static double Perplexity(ReadOnlySpan<float> tokenLogProbabilities)
    {
        if (tokenLogProbabilities.IsEmpty)
        {
            ThrowHelper.ThrowEmpty(nameof(tokenLogProbabilities));
        }

        if (!ProbabilitySums.LogProbabilities(tokenLogProbabilities, out double sum))
        {
            for (int i = 0; i < tokenLogProbabilities.Length; i++)
            {
                float value = tokenLogProbabilities[i];
                if (!(value <= 0f))
                {
                    ThrowHelper.ThrowInvalidLogProbability(nameof(tokenLogProbabilities), i, value);
                }
            }
        }

        return Math.Exp(-sum / tokenLogProbabilities.Length);
    }

    private static LogitRange ValidateRow(ReadOnlySpan<float> logits, Span<float> destination, float temperature)
    {
        LogitChecks.ValidateTemperature(temperature, nameof(temperature));
        LogitRange range = LogitChecks.ValidateRange(logits, nameof(logits));
        if (destination.Length < logits.Length)
        {
            ThrowHelper.ThrowDestinationTooShort(nameof(destination), logits.Length, destination.Length);
        }

        return range;
    }

    private static void WriteOneHot(Span<float> destination, int index, float hot, float cold)
    {
        destination.Fill(cold);
        destination[index] = hot;
    }

    private static CrossSums ValidatePair(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        if (p.IsEmpty)
        {
            ThrowHelper.ThrowEmpty(nameof(p));
        }

        if (q.Length != p.Length)
        {
            ThrowHelper.ThrowLengthMismatch(nameof(q), nameof(p), p.Length, q.Length);
        }

        if (!ProbabilitySums.Cross(p, q, out CrossSums sums))
        {
            ThrowFirstInvalidProbability(p, nameof(p));
            ThrowFirstInvalidProbability(q, nameof(q));
        }

        CheckNormalized(sums.SumP, nameof(p));
        CheckNormalized(sums.SumQ, nameof(q));
        return sums;
    }

    private static void ThrowFirstInvalidProbability(ReadOnlySpan<float> probabilities, string paramName)
    {
        for (int i = 0; i < probabilities.Length; i++)
        {
            float value = probabilities[i];
            if (!(value >= 0f && value <= 1f))
            {
                ThrowHelper.ThrowInvalidProbability(paramName, i, value);
            }
        }
    }

    private static void CheckNormalized(double sum, string paramName)
    {
        if (!(Math.Abs(sum - 1d) <= ProbabilitySumTolerance))
        {
            ThrowHelper.ThrowNotNormalized(paramName, sum, ProbabilitySumTolerance);
        }
    }
}
