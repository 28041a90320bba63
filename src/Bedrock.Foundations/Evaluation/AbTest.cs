using System.Buffers;
using System.Globalization;
using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// A/B statistics for comparing two variants: two proportions (pooled z-test, Wilson and Newcombe intervals), two means
/// (Welch's t-test), a seeded bootstrap interval for any statistic, and the sample size needed to detect an effect.
/// </summary>
/// <remarks>
/// <para><b>Direction.</b> Every difference is B − A: a positive difference means B scored higher than A.</para>
/// <para><b>Contract.</b> Pure and synchronous; safe to call from any thread. Bad input throws an
/// <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/> for a scalar) naming the parameter, and
/// for a sample the first bad index. No result is ever NaN.</para>
/// <para><b>Reproducibility.</b> All arithmetic is scalar, in a fixed order, so results are bit-identical across runs and
/// machines; the bootstrap draws from xoshiro256** seeded by the caller.</para>
/// <para><b>Accuracy.</b> Normal and Student t probabilities and quantiles are computed to about 13–15 significant digits
/// (see the special functions' tests); p-values keep relative accuracy far into the tail.</para>
/// </remarks>
public static class AbTest
{
    /// <summary>The default confidence level, 0.95.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>
    /// The Wilson score interval for a binomial proportion (Wilson, "Probable inference, the law of succession, and
    /// statistical inference", JASA 1927).
    /// </summary>
    /// <param name="successes">s, with 0 ≤ s ≤ n.</param>
    /// <param name="trials">n ≥ 1.</param>
    /// <param name="confidenceLevel">1 − α, strictly between 0 and 1.</param>
    /// <returns>
    /// With p̂ = s/n and z = Φ⁻¹(1 − α/2): (2s + z² ∓ z·√(z² + 4s(n − s)/n)) / (2(n + z²)), the same as
    /// (p̂ + z²/2n ∓ z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Always inside [0, 1] and around p̂; the lower bound is exactly
    /// 0 when s = 0 and the upper exactly 1 when s = n. Unlike the Wald interval p̂ ± z√(p̂(1 − p̂)/n) it does not collapse
    /// to a point at 0 or n successes.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">trials &lt; 1; successes &lt; 0 or &gt; trials; confidenceLevel not in (0, 1).</exception>
    public static ConfidenceInterval WilsonInterval(int successes, int trials, double confidenceLevel = DefaultConfidenceLevel)
    {
        CheckCounts(successes, trials, nameof(successes), nameof(trials));
        CheckConfidenceLevel(confidenceLevel);
        return Wilson(successes, trials, CriticalZ(confidenceLevel));
    }

    /// <summary>
    /// Compares two conversion rates: the two-proportion z-test with pooled variance, a Wilson interval for each rate and
    /// Newcombe's hybrid score interval for their difference p_B − p_A.
    /// </summary>
    /// <param name="successesA">Successes of A, 0 ≤ s_A ≤ n_A.</param>
    /// <param name="trialsA">Trials of A, n_A ≥ 1.</param>
    /// <param name="successesB">Successes of B, 0 ≤ s_B ≤ n_B.</param>
    /// <param name="trialsB">Trials of B, n_B ≥ 1.</param>
    /// <param name="confidenceLevel">1 − α for the intervals, strictly between 0 and 1.</param>
    /// <returns>
    /// <para>The comparison. With p̄ = (s_A + s_B)/(n_A + n_B), z = (p̂_B − p̂_A)/√(p̄(1 − p̄)(1/n_A + 1/n_B)) and the
    /// two-sided p = 2·Φ(−|z|) (the score test; it equals the Pearson χ² test without continuity correction, χ² = z²).
    /// When p̄ is 0 or 1 (no successes at all, or no failures) the variance estimate is 0 and there is no evidence of a
    /// difference: z = 0 and p = 1.</para>
    /// <para>The difference interval is Newcombe's method 10 ("Interval estimation for the difference between independent
    /// proportions: comparison of eleven methods", Statistics in Medicine 1998): with Wilson intervals (l_A, u_A) and
    /// (l_B, u_B), d = p̂_B − p̂_A, it is [d − √((p̂_B − l_B)² + (u_A − p̂_A)²), d + √((u_B − p̂_B)² + (p̂_A − l_A)²)],
    /// always inside [−1, 1].</para>
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A trials count &lt; 1; a successes count &lt; 0 or above its trials;
    /// confidenceLevel not in (0, 1).</exception>
    public static ProportionComparison CompareProportions(
        int successesA, int trialsA, int successesB, int trialsB, double confidenceLevel = DefaultConfidenceLevel)
    {
        CheckCounts(successesA, trialsA, nameof(successesA), nameof(trialsA));
        CheckCounts(successesB, trialsB, nameof(successesB), nameof(trialsB));
        CheckConfidenceLevel(confidenceLevel);

        double rateA = (double)successesA / trialsA;
        double rateB = (double)successesB / trialsB;
        double difference = rateB - rateA;

        long pooledSuccesses = (long)successesA + successesB;
        long pooledTrials = (long)trialsA + trialsB;
        double z = 0d;
        double p = 1d;
        if (pooledSuccesses > 0 && pooledSuccesses < pooledTrials)
        {
            double pooled = (double)pooledSuccesses / pooledTrials;
            double standardError = Math.Sqrt(pooled * (1d - pooled) * ((1d / trialsA) + (1d / trialsB)));
            z = difference / standardError;
            p = 2d * StatisticsMath.NormalCdf(-Math.Abs(z));
        }

        double critical = CriticalZ(confidenceLevel);
        ConfidenceInterval a = Wilson(successesA, trialsA, critical);
        ConfidenceInterval b = Wilson(successesB, trialsB, critical);
        double below = Hypot(rateB - b.Lower, a.Upper - rateA);
        double above = Hypot(b.Upper - rateB, rateA - a.Lower);
        var differenceInterval = new ConfidenceInterval(difference - below, difference + above);

        return new ProportionComparison(rateA, rateB, difference, z, p, a, b, differenceInterval, confidenceLevel);
    }

    /// <summary>
    /// Compares the means of two samples with Welch's unequal-variance t-test (Welch, "The generalization of 'Student's'
    /// problem when several different population variances are involved", Biometrika 1947) and the Welch–Satterthwaite
    /// degrees of freedom (Satterthwaite 1946).
    /// </summary>
    /// <param name="a">The observations of A: at least 2, all finite.</param>
    /// <param name="b">The observations of B: at least 2, all finite.</param>
    /// <param name="confidenceLevel">1 − α for the interval, strictly between 0 and 1.</param>
    /// <returns>
    /// <para>The comparison: d = x̄_B − x̄_A, SE = √(s²_A/n_A + s²_B/n_B), t = d/SE, the Welch–Satterthwaite ν (see
    /// <see cref="MeanComparison.DegreesOfFreedom"/>), p = P(|T_ν| ≥ |t|) from Student's t distribution with real ν, and the
    /// interval d ± t_{1−α/2, ν}·SE. This is SciPy's <c>ttest_ind(b, a, equal_var=False)</c>.</para>
    /// <para>Means and variances are taken in two passes with the correction term of Chan, Golub &amp; LeVeque (1983):
    /// x̄ = m + Σ(x − m)/n after a first estimate m, s² = (Σ(x − m)² − (Σ(x − m))²/n)/(n − 1), so a large common offset
    /// does not cost accuracy.</para>
    /// <para><b>Both variances 0</b> (each sample constant): SE = 0. If the means are equal, t = 0 and p = 1; otherwise
    /// t = ±∞ and p = 0. ν is then reported as n_A + n_B − 2 (the ratio that defines it is 0/0), and the interval is [d, d].</para>
    /// </returns>
    /// <exception cref="ArgumentException">A sample with fewer than 2 observations; a NaN or infinite observation (the message
    /// names the index); a sample whose mean or variance overflows a double.</exception>
    /// <exception cref="ArgumentOutOfRangeException">confidenceLevel not in (0, 1).</exception>
    public static MeanComparison CompareMeans(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidenceLevel = DefaultConfidenceLevel)
    {
        const string Why = "Welch's test needs at least 2 observations per variant (a sample variance)";
        CheckSample(a, nameof(a), minimum: 2, Why);
        CheckSample(b, nameof(b), minimum: 2, Why);
        CheckConfidenceLevel(confidenceLevel);
        (double meanA, double varianceA) = MeanAndVariance(a, nameof(a));
        (double meanB, double varianceB) = MeanAndVariance(b, nameof(b));
        return Welch(meanA, varianceA, a.Length, meanB, varianceB, b.Length, confidenceLevel);
    }

    /// <summary>
    /// Welch's t-test from summary statistics: the same as
    /// <see cref="CompareMeans"/> for samples with these means, sample
    /// variances (denominator n − 1) and sizes.
    /// </summary>
    /// <param name="meanA">x̄_A, finite.</param>
    /// <param name="varianceA">s²_A ≥ 0, finite, with denominator n_A − 1.</param>
    /// <param name="countA">n_A ≥ 2.</param>
    /// <param name="meanB">x̄_B, finite.</param>
    /// <param name="varianceB">s²_B ≥ 0, finite, with denominator n_B − 1.</param>
    /// <param name="countB">n_B ≥ 2.</param>
    /// <param name="confidenceLevel">1 − α for the interval, strictly between 0 and 1.</param>
    /// <returns>The comparison; see <see cref="CompareMeans"/> for the formulas and the case of both variances 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A mean that is not finite; a variance that is negative, NaN or
    /// infinite; a count below 2; confidenceLevel not in (0, 1).</exception>
    public static MeanComparison CompareMeansFromSummaries(
        double meanA, double varianceA, int countA, double meanB, double varianceB, int countB, double confidenceLevel = DefaultConfidenceLevel)
    {
        CheckFinite(meanA, nameof(meanA));
        CheckVariance(varianceA, nameof(varianceA));
        ArgumentOutOfRangeException.ThrowIfLessThan(countA, 2);
        CheckFinite(meanB, nameof(meanB));
        CheckVariance(varianceB, nameof(varianceB));
        ArgumentOutOfRangeException.ThrowIfLessThan(countB, 2);
        CheckConfidenceLevel(confidenceLevel);
        return Welch(meanA, varianceA, countA, meanB, varianceB, countB, confidenceLevel);
    }

    /// <summary>
    /// A percentile bootstrap interval for θ(B) − θ(A), any statistic θ (Efron &amp; Tibshirani, "An Introduction to the
    /// Bootstrap", 1993, ch. 13): each of R resamples draws n_A values from A and n_B values from B with replacement,
    /// independently, and records θ(B*) − θ(A*).
    /// </summary>
    /// <param name="a">The observations of A: at least 1.</param>
    /// <param name="b">The observations of B: at least 1.</param>
    /// <param name="metric">θ. Called on the full samples once each, then on every resample (A* before B*), in order, on
    /// the calling thread; it must return a finite number every time.</param>
    /// <param name="resamples">R ≥ 2 (10 000 by default; percentile intervals want thousands).</param>
    /// <param name="seed">Seeds xoshiro256** (through SplitMix64, the seed taken as its 64-bit two's complement). The same
    /// seed and inputs give a bit-identical result on every run and machine.</param>
    /// <param name="confidenceLevel">1 − α for the interval, strictly between 0 and 1.</param>
    /// <returns>
    /// The observed θ(B) − θ(A); the interval from the α/2 and 1 − α/2 quantiles of the R resampled differences, each
    /// the order statistic at h = (R − 1)·q interpolated linearly between its neighbours (NumPy's default
    /// <c>percentile(method="linear")</c>, Hyndman &amp; Fan type 7); and the bootstrap standard error, their standard
    /// deviation with denominator R − 1. The percentile interval need not contain the observed difference when θ is
    /// biased or the samples tiny.
    /// </returns>
    /// <remarks>
    /// Indices are drawn uniformly without modulo bias. Cost: O(R·(n_A + n_B)) draws, R·2 calls of θ and a sort of R
    /// numbers; memory: two scratch buffers of n_A and n_B and one of R, pooled and reused across resamples.
    /// </remarks>
    /// <exception cref="ArgumentNullException">metric is null.</exception>
    /// <exception cref="ArgumentException">An empty sample; a NaN or infinite observation (the message names the index);
    /// θ returned NaN or ±∞ (parameter metric; the message says on which sample or resample).</exception>
    /// <exception cref="ArgumentOutOfRangeException">resamples &lt; 2; confidenceLevel not in (0, 1).</exception>
    public static BootstrapResult BootstrapDifference(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        SampleStatistic metric,
        int resamples = 10_000,
        int seed = 0,
        double confidenceLevel = DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(metric);
        const string Why = "the bootstrap needs at least 1 observation per variant";
        CheckSample(a, nameof(a), minimum: 1, Why);
        CheckSample(b, nameof(b), minimum: 1, Why);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        CheckConfidenceLevel(confidenceLevel);

        double observed = Statistic(metric, b, "b") - Statistic(metric, a, "a");

        double[] scratchA = ArrayPool<double>.Shared.Rent(a.Length);
        double[] scratchB = ArrayPool<double>.Shared.Rent(b.Length);
        double[] differences = ArrayPool<double>.Shared.Rent(resamples);
        try
        {
            Span<double> resampleA = scratchA.AsSpan(0, a.Length);
            Span<double> resampleB = scratchB.AsSpan(0, b.Length);
            Span<double> replicates = differences.AsSpan(0, resamples);
            var random = new Xoshiro256StarStar(unchecked((ulong)seed));
            for (int r = 0; r < replicates.Length; r++)
            {
                Resample(a, resampleA, ref random);
                Resample(b, resampleB, ref random);
                double thetaA = metric(resampleA);
                double thetaB = metric(resampleB);
                double difference = thetaB - thetaA;
                if (!double.IsFinite(difference))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture,
                            $"metric returned {thetaA} for A and {thetaB} for B on resample {r}, whose difference is not finite; the statistic must be finite on every resample (guard the cases a resample can hit, such as all values equal)."),
                        nameof(metric));
                }

                replicates[r] = difference;
            }

            (_, double variance) = MeanAndVariance(replicates, nameof(metric));
            replicates.Sort();
            double lowerQuantile = 0.5 * (1d - confidenceLevel);
            var interval = new ConfidenceInterval(Percentile(replicates, lowerQuantile), Percentile(replicates, 1d - lowerQuantile));
            return new BootstrapResult(observed, interval, Math.Sqrt(variance), resamples, confidenceLevel);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratchA);
            ArrayPool<double>.Shared.Return(scratchB);
            ArrayPool<double>.Shared.Return(differences);
        }
    }

    /// <summary>
    /// The number of units per group needed for a two-sided two-proportion z-test at level α to detect a change from the
    /// baseline rate p₁ to p₂ = p₁ + δ with the given power (Fleiss, Levin &amp; Paik, "Statistical Methods for Rates and
    /// Proportions", 3rd ed. 2003, without continuity correction).
    /// </summary>
    /// <param name="baselineRate">p₁, strictly between 0 and 1.</param>
    /// <param name="minimumDetectableEffect">δ = p₂ − p₁ ≠ 0, an absolute change (0.02 for 10% → 12%); negative for a
    /// decrease. p₁ + δ must lie strictly between 0 and 1.</param>
    /// <param name="alpha">α, the two-sided significance level, strictly between 0 and 1.</param>
    /// <param name="power">1 − β, in [0.5, 1).</param>
    /// <returns>
    /// n = ⌈(z_{1−α/2}·√(2p̄(1 − p̄)) + z_{1−β}·√(p₁(1 − p₁) + p₂(1 − p₂)))² / δ²⌉ with p̄ = (p₁ + p₂)/2; for example
    /// 3 841 per group for 10% → 12% at α = 0.05 and 80% power.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range (a power below ½ is rejected: the formula
    /// assumes z_{1−β} ≥ 0); a required n above <see cref="int.MaxValue"/> (parameter minimumDetectableEffect).</exception>
    public static int SampleSizeForProportions(double baselineRate, double minimumDetectableEffect, double alpha = 0.05, double power = 0.8)
    {
        CheckOpenUnit(baselineRate, nameof(baselineRate), "the baseline conversion rate");
        double p1 = baselineRate;
        double p2 = p1 + minimumDetectableEffect;
        if (!(minimumDetectableEffect != 0d && p2 > 0d && p2 < 1d))
        {
            throw new ArgumentOutOfRangeException(
                nameof(minimumDetectableEffect),
                minimumDetectableEffect,
                string.Create(CultureInfo.InvariantCulture,
                    $"minimumDetectableEffect must be a non-zero absolute change with baselineRate + minimumDetectableEffect strictly between 0 and 1; {baselineRate} + {minimumDetectableEffect} = {p2}."));
        }

        (double zAlpha, double zBeta) = CheckAlphaAndPower(alpha, power);
        double pBar = 0.5 * (p1 + p2);
        double root = (zAlpha * Math.Sqrt(2d * pBar * (1d - pBar))) + (zBeta * Math.Sqrt((p1 * (1d - p1)) + (p2 * (1d - p2))));
        return Ceiling(root * root / (minimumDetectableEffect * minimumDetectableEffect), minimumDetectableEffect);
    }

    /// <summary>
    /// The number of units per group needed for a two-sided two-sample test of means at level α to detect a difference δ
    /// with the given power, when both groups have standard deviation σ (the normal approximation; e.g. Chow, Shao &amp;
    /// Wang, "Sample Size Calculations in Clinical Research").
    /// </summary>
    /// <param name="standardDeviation">σ &gt; 0, finite: the per-unit standard deviation of the metric.</param>
    /// <param name="minimumDetectableEffect">δ ≠ 0, finite, in the metric's units (its sign does not matter).</param>
    /// <param name="alpha">α, the two-sided significance level, strictly between 0 and 1.</param>
    /// <param name="power">1 − β, in [0.5, 1).</param>
    /// <returns>
    /// n = ⌈2(z_{1−α/2} + z_{1−β})²σ²/δ²⌉; for example 63 per group for σ = 1, δ = 0.5, α = 0.05 and 80% power. The t-test
    /// that will analyse the data needs one or two units more when n is small (tens); the normal approximation ignores that.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range; a required n above
    /// <see cref="int.MaxValue"/> (parameter minimumDetectableEffect).</exception>
    public static int SampleSizeForMeans(double standardDeviation, double minimumDetectableEffect, double alpha = 0.05, double power = 0.8)
    {
        if (!(standardDeviation > 0d && double.IsFinite(standardDeviation)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(standardDeviation),
                standardDeviation,
                string.Create(CultureInfo.InvariantCulture, $"standardDeviation must be positive and finite, but was {standardDeviation}."));
        }

        if (!(minimumDetectableEffect != 0d && double.IsFinite(minimumDetectableEffect)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(minimumDetectableEffect),
                minimumDetectableEffect,
                string.Create(CultureInfo.InvariantCulture, $"minimumDetectableEffect must be non-zero and finite, but was {minimumDetectableEffect}."));
        }

        (double zAlpha, double zBeta) = CheckAlphaAndPower(alpha, power);
        double zSum = zAlpha + zBeta;
        double ratio = standardDeviation / minimumDetectableEffect;
        return Ceiling(2d * zSum * zSum * ratio * ratio, minimumDetectableEffect);
    }

    private static ConfidenceInterval Wilson(int successes, int trials, double z)
    {
        // (2s + z² ∓ z√(z² + 4s(n − s)/n)) / (2(n + z²)); s(n − s) in long arithmetic is exact.
        double n = trials;
        double square = z * z;
        double spread = z * Math.Sqrt(square + (4d * ((long)successes * (trials - successes)) / n));
        double centre = (2d * successes) + square;
        double denominator = 2d * (n + square);
        double lower = successes == 0 ? 0d : Math.Max(0d, (centre - spread) / denominator);
        double upper = successes == trials ? 1d : Math.Min(1d, (centre + spread) / denominator);
        return new ConfidenceInterval(lower, upper);
    }

    private static MeanComparison Welch(
        double meanA, double varianceA, int countA, double meanB, double varianceB, int countB, double confidenceLevel)
    {
        double difference = meanB - meanA;
        double weightA = varianceA / countA;
        double weightB = varianceB / countB;
        double standardError = Math.Sqrt(weightA + weightB);

        double t;
        double degreesOfFreedom;
        double p;
        ConfidenceInterval interval;
        if (standardError == 0d)
        {
            t = difference == 0d ? 0d : difference > 0d ? double.PositiveInfinity : double.NegativeInfinity;
            p = difference == 0d ? 1d : 0d;
            degreesOfFreedom = (double)countA + countB - 2d;
            interval = new ConfidenceInterval(difference, difference);
        }
        else
        {
            // ν = (w_A + w_B)² / (w_A²/(n_A − 1) + w_B²/(n_B − 1)), each w divided by the larger first so nothing over- or
            // underflows.
            double scale = Math.Max(weightA, weightB);
            double ra = weightA / scale;
            double rb = weightB / scale;
            degreesOfFreedom = (ra + rb) * (ra + rb) / ((ra * ra / (countA - 1d)) + (rb * rb / (countB - 1d)));
            t = difference / standardError;
            p = StatisticsMath.StudentTTwoSided(t, degreesOfFreedom);
            double critical = -StatisticsMath.StudentTQuantile(0.5 * (1d - confidenceLevel), degreesOfFreedom);
            double half = critical * standardError;
            interval = new ConfidenceInterval(difference - half, difference + half);
        }

        return new MeanComparison(
            meanA, meanB, varianceA, varianceB, countA, countB, difference, standardError, t, degreesOfFreedom, p, interval, confidenceLevel);
    }

    /// <summary>Mean and sample variance (n − 1) by the corrected two-pass algorithm; the sample is known finite.</summary>
    private static (double Mean, double Variance) MeanAndVariance(ReadOnlySpan<double> x, string paramName)
    {
        int n = x.Length;
        double sum = 0d;
        for (int i = 0; i < n; i++)
        {
            sum += x[i];
        }

        double estimate = sum / n;
        double deviations = 0d;
        double squares = 0d;
        for (int i = 0; i < n; i++)
        {
            double d = x[i] - estimate;
            deviations += d;
            squares += d * d;
        }

        double mean = estimate + (deviations / n);
        double variance = n > 1 ? Math.Max(0d, (squares - (deviations * deviations / n)) / (n - 1)) : 0d;
        if (!double.IsFinite(mean) || !double.IsFinite(variance))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The mean ({mean}) or variance ({variance}) of {paramName} overflows a double; rescale the values (for example to thousands)."),
                paramName);
        }

        return (mean, variance);
    }

    private static void Resample(ReadOnlySpan<double> source, Span<double> destination, ref Xoshiro256StarStar random)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = source[random.NextInt32(source.Length)];
        }
    }

    /// <summary>The q-quantile of sorted values, type 7: x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]) with h = (R − 1)q.</summary>
    private static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int below = (int)h;
        double fraction = h - below;
        return below + 1 < sorted.Length ? sorted[below] + (fraction * (sorted[below + 1] - sorted[below])) : sorted[below];
    }

    private static double Statistic(SampleStatistic metric, ReadOnlySpan<double> sample, string name)
    {
        double value = metric(sample);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"metric returned {value} on the full sample {name}; the statistic must be finite."),
                nameof(metric));
        }

        return value;
    }

    /// <summary>z_{1−α/2} = −Φ⁻¹(α/2), formed from the lower tail so that α near 0 keeps its precision.</summary>
    private static double CriticalZ(double confidenceLevel) => -StatisticsMath.NormalQuantile(0.5 * (1d - confidenceLevel));

    private static double Hypot(double x, double y) => Math.Sqrt((x * x) + (y * y));

    private static int Ceiling(double n, double minimumDetectableEffect)
    {
        double size = Math.Ceiling(n);
        if (!(size <= int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(
                nameof(minimumDetectableEffect),
                minimumDetectableEffect,
                string.Create(CultureInfo.InvariantCulture,
                    $"Detecting an effect of {minimumDetectableEffect} needs {size:E3} units per group, more than int.MaxValue; choose a larger minimum detectable effect."));
        }

        return Math.Max(1, (int)size);
    }

    private static (double ZAlpha, double ZBeta) CheckAlphaAndPower(double alpha, double power)
    {
        CheckOpenUnit(alpha, nameof(alpha), "the two-sided significance level (for example 0.05)");
        if (!(power >= 0.5 && power < 1d))
        {
            throw new ArgumentOutOfRangeException(
                nameof(power),
                power,
                string.Create(CultureInfo.InvariantCulture, $"power must lie in [0.5, 1) (for example 0.8), but was {power}."));
        }

        return (-StatisticsMath.NormalQuantile(0.5 * alpha), -StatisticsMath.NormalQuantile(1d - power));
    }

    private static void CheckConfidenceLevel(double confidenceLevel, string paramName = "confidenceLevel") =>
        CheckOpenUnit(confidenceLevel, paramName, "the confidence level 1 − α (for example 0.95)");

    private static void CheckOpenUnit(double value, string paramName, string what)
    {
        if (!(value > 0d && value < 1d))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} is {what} and must lie strictly between 0 and 1, but was {value}."));
        }
    }

    private static void CheckCounts(int successes, int trials, string successesName, string trialsName)
    {
        if (trials < 1)
        {
            throw new ArgumentOutOfRangeException(
                trialsName, trials, string.Create(CultureInfo.InvariantCulture, $"{trialsName} must be at least 1, but was {trials}."));
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(
                successesName,
                successes,
                string.Create(CultureInfo.InvariantCulture, $"{successesName} must lie in [0, {trialsName}] = [0, {trials}], but was {successes}."));
        }
    }

    private static void CheckSample(ReadOnlySpan<double> sample, string paramName, int minimum, string why)
    {
        if (sample.Length < minimum)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{paramName} has {sample.Length} observations; {why}."),
                paramName);
        }

        for (int i = 0; i < sample.Length; i++)
        {
            if (!double.IsFinite(sample[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] is {sample[i]}; observations must be finite (drop or impute missing values first)."),
                    paramName);
            }
        }
    }

    private static void CheckFinite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be finite, but was {value}."));
        }
    }

    private static void CheckVariance(double value, string paramName)
    {
        if (!(value >= 0d && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be a finite sample variance ≥ 0 (a variance, not a standard deviation), but was {value}."));
        }
    }
}
