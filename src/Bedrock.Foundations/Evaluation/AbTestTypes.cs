namespace Bedrock.Foundations.Evaluation;

/// <summary>A statistic of one sample (a mean, a median, a conversion rate, ...), for <see cref="AbTest.BootstrapDifference"/>.</summary>
/// <param name="sample">The sample; read it, do not keep it (the span is a scratch buffer reused for the next resample).</param>
/// <returns>The statistic; it must be finite.</returns>
public delegate double SampleStatistic(ReadOnlySpan<double> sample);

/// <summary>A two-sided confidence interval [<paramref name="Lower"/>, <paramref name="Upper"/>].</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound, ≥ <paramref name="Lower"/>.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>Upper − Lower.</summary>
    public double Width => Upper - Lower;

    /// <summary>Whether Lower ≤ <paramref name="value"/> ≤ Upper.</summary>
    /// <param name="value">The value to test.</param>
    /// <returns>True when the closed interval holds the value.</returns>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}

/// <summary>What <see cref="AbTest.CompareProportions"/> found: two conversion rates and how they differ.</summary>
/// <param name="RateA">p̂_A = successes_A / trials_A.</param>
/// <param name="RateB">p̂_B = successes_B / trials_B.</param>
/// <param name="Difference">p̂_B − p̂_A (positive when B converts better).</param>
/// <param name="ZStatistic">The pooled two-proportion z statistic (p̂_B − p̂_A) / √(p̄(1 − p̄)(1/n_A + 1/n_B)), p̄ the pooled
/// rate; 0 when p̄ is 0 or 1 (both variants all failures or all successes: no evidence of a difference).</param>
/// <param name="PValue">The two-sided p-value 2·Φ(−|z|); 1 when p̄ is 0 or 1.</param>
/// <param name="IntervalA">The Wilson score interval for the rate of A.</param>
/// <param name="IntervalB">The Wilson score interval for the rate of B.</param>
/// <param name="DifferenceInterval">Newcombe's hybrid score interval for p_B − p_A (Newcombe 1998, method 10).</param>
/// <param name="ConfidenceLevel">The confidence level of the three intervals, 1 − α.</param>
public sealed record ProportionComparison(
    double RateA,
    double RateB,
    double Difference,
    double ZStatistic,
    double PValue,
    ConfidenceInterval IntervalA,
    ConfidenceInterval IntervalB,
    ConfidenceInterval DifferenceInterval,
    double ConfidenceLevel);

/// <summary>What <see cref="AbTest.CompareMeans"/> found: Welch's
/// unequal-variance t-test of mean(B) − mean(A).</summary>
/// <param name="MeanA">The mean of A.</param>
/// <param name="MeanB">The mean of B.</param>
/// <param name="VarianceA">The sample variance of A, s²_A = Σ(x − x̄)²/(n_A − 1).</param>
/// <param name="VarianceB">The sample variance of B, with n_B − 1 in the denominator.</param>
/// <param name="CountA">n_A.</param>
/// <param name="CountB">n_B.</param>
/// <param name="Difference">mean(B) − mean(A).</param>
/// <param name="StandardError">√(s²_A/n_A + s²_B/n_B).</param>
/// <param name="TStatistic">Welch's t = Difference / StandardError (see <see cref="AbTest.CompareMeans"/>
/// for both variances 0).</param>
/// <param name="DegreesOfFreedom">The Welch–Satterthwaite ν = (s²_A/n_A + s²_B/n_B)² / ((s²_A/n_A)²/(n_A − 1) + (s²_B/n_B)²/(n_B − 1)),
/// a real number between min(n_A, n_B) − 1 and n_A + n_B − 2.</param>
/// <param name="PValue">The two-sided p-value P(|T_ν| ≥ |t|).</param>
/// <param name="DifferenceInterval">Difference ± t_{1−α/2, ν}·StandardError.</param>
/// <param name="ConfidenceLevel">The confidence level of the interval, 1 − α.</param>
public sealed record MeanComparison(
    double MeanA,
    double MeanB,
    double VarianceA,
    double VarianceB,
    int CountA,
    int CountB,
    double Difference,
    double StandardError,
    double TStatistic,
    double DegreesOfFreedom,
    double PValue,
    ConfidenceInterval DifferenceInterval,
    double ConfidenceLevel);

/// <summary>What <see cref="AbTest.BootstrapDifference"/> found for a statistic θ: the observed θ(B) − θ(A) and its
/// bootstrap distribution.</summary>
/// <param name="Difference">The observed θ(B) − θ(A) on the full samples.</param>
/// <param name="Interval">The percentile interval: the α/2 and 1 − α/2 quantiles of the resampled differences.</param>
/// <param name="StandardError">The standard deviation (denominator R − 1) of the R resampled differences.</param>
/// <param name="Resamples">R, how many resamples were drawn.</param>
/// <param name="ConfidenceLevel">The confidence level of the interval, 1 − α.</param>
public sealed record BootstrapResult(
    double Difference,
    ConfidenceInterval Interval,
    double StandardError,
    int Resamples,
    double ConfidenceLevel);
