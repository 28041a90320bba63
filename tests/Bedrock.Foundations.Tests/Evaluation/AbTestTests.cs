using Bedrock.Foundations.Evaluation;

namespace Bedrock.Foundations.Tests.Evaluation;

/// <summary>
/// Worked examples (the arithmetic in the comments; the 17-digit expectations recomputed in 40-digit arithmetic),
/// degenerate cases, validation and the bootstrap's behaviour. z = z₀.₉₇₅ = 1.959964 and z² = 3.841459 throughout.
/// </summary>
[TestFixture]
public sealed class AbTestTests
{
    // ---------------------------------------------------------------- proportions

    [Test]
    public void WilsonInterval_81Of263_MatchesTheHandComputation()
    {
        // 2s + z² = 165.841459; 4s(n − s)/n = 4·81·182/263 = 224.212928; √(224.212928 + 3.841459) = 15.101469, × z = 29.598335;
        // 2(n + z²) = 533.682918. Lower = (165.841459 − 29.598335)/533.682918 = 0.255289,
        // upper = (165.841459 + 29.598335)/533.682918 = 0.366210.
        ConfidenceInterval interval = AbTest.WilsonInterval(81, 263);

        Assert.That(interval.Lower, Is.EqualTo(0.25528851987827423).Within(1e-15));
        Assert.That(interval.Upper, Is.EqualTo(0.36620957698280007).Within(1e-15));
    }

    [Test]
    public void WilsonInterval_NoSuccessesOrAllSuccesses_TouchesTheBoundExactly()
    {
        // s = 0: lower = (z² − z·z)/… = 0 and upper = 2z²/(2(n + z²)) = 3.841459/13.841459 = 0.277533; s = n mirrors it.
        ConfidenceInterval none = AbTest.WilsonInterval(0, 10);
        ConfidenceInterval all = AbTest.WilsonInterval(10, 10);

        Assert.Multiple(() =>
        {
            Assert.That(none.Lower, Is.Zero);
            Assert.That(none.Upper, Is.EqualTo(0.27753279986288925).Within(1e-15));
            Assert.That(all.Lower, Is.EqualTo(0.72246720013711075).Within(1e-15));
            Assert.That(all.Upper, Is.EqualTo(1d));
        });
    }

    [Test]
    public void CompareProportions_NewcombesExample_MatchesMethod10()
    {
        // Newcombe (1998), worked example: 56/70 vs 48/80, difference 0.2, method 10 interval (0.0524, 0.3339).
        // Here B = 56/70 and A = 48/80. Wilson: A (0.490460, 0.699748), B (0.692056, 0.876462). Lower =
        // 0.2 − √((0.8 − 0.692056)² + (0.699748 − 0.6)²) = 0.2 − √(0.011652 + 0.009950) = 0.052431; upper =
        // 0.2 + √((0.876462 − 0.8)² + (0.6 − 0.490460)²) = 0.2 + √(0.005846 + 0.011999) = 0.333873.
        // Pooled p̄ = 104/150 = 0.693333; SE = √(0.693333·0.306667·(1/70 + 1/80)) = 0.075467; z = 0.2/0.075467 = 2.650172.
        ProportionComparison result = AbTest.CompareProportions(48, 80, 56, 70);

        Assert.Multiple(() =>
        {
            Assert.That(result.RateA, Is.EqualTo(0.6));
            Assert.That(result.RateB, Is.EqualTo(0.8));
            Assert.That(result.Difference, Is.EqualTo(0.2).Within(1e-15));
            Assert.That(result.DifferenceInterval.Lower, Is.EqualTo(0.052431472402364878).Within(1e-14));
            Assert.That(result.DifferenceInterval.Upper, Is.EqualTo(0.33387265403690598).Within(1e-14));
            Assert.That(result.ZStatistic, Is.EqualTo(2.6501719512585326).Within(1e-14));
            Assert.That(result.PValue, Is.EqualTo(0.0080450813681965847).Within(1e-16));
            Assert.That(result.IntervalA, Is.EqualTo(AbTest.WilsonInterval(48, 80)));
            Assert.That(result.IntervalB, Is.EqualTo(AbTest.WilsonInterval(56, 70)));
            Assert.That(result.ConfidenceLevel, Is.EqualTo(0.95));
        });
    }

    [TestCase(0, 100, 0, 50)]
    [TestCase(100, 100, 50, 50)]
    public void CompareProportions_PooledRateZeroOrOne_ReportsNoEvidence(int successesA, int trialsA, int successesB, int trialsB)
    {
        ProportionComparison result = AbTest.CompareProportions(successesA, trialsA, successesB, trialsB);

        Assert.Multiple(() =>
        {
            Assert.That(result.ZStatistic, Is.Zero);
            Assert.That(result.PValue, Is.EqualTo(1d));
            Assert.That(result.Difference, Is.Zero);
            Assert.That(result.DifferenceInterval.Contains(0), Is.True);
        });
    }

    [Test]
    public void CompareProportions_HugeCounts_DoNotOverflow()
    {
        ProportionComparison result = AbTest.CompareProportions(int.MaxValue / 2, int.MaxValue, int.MaxValue / 2, int.MaxValue);

        Assert.That(result.PValue, Is.EqualTo(1d).Within(1e-12));
        Assert.That(result.DifferenceInterval.Width, Is.GreaterThan(0).And.LessThan(1e-4));
    }

    [Test]
    public void CompareProportions_BadInputs_ThrowNamingTheParameter()
    {
        Assert.Multiple(() =>
        {
            AssertOutOfRange(() => AbTest.CompareProportions(0, 0, 1, 10), "trialsA", "at least 1");
            AssertOutOfRange(() => AbTest.CompareProportions(11, 10, 1, 10), "successesA", "[0, trialsA] = [0, 10], but was 11");
            AssertOutOfRange(() => AbTest.CompareProportions(1, 10, -1, 10), "successesB", "but was -1");
            AssertOutOfRange(() => AbTest.CompareProportions(1, 10, 1, -5), "trialsB", "but was -5");
            AssertOutOfRange(() => AbTest.CompareProportions(1, 10, 1, 10, 1.0), "confidenceLevel", "strictly between 0 and 1");
            AssertOutOfRange(() => AbTest.CompareProportions(1, 10, 1, 10, double.NaN), "confidenceLevel", "but was NaN");
            AssertOutOfRange(() => AbTest.WilsonInterval(3, 2), "successes", "[0, trials] = [0, 2]");
            AssertOutOfRange(() => AbTest.WilsonInterval(0, 0), "trials", "at least 1");
            AssertOutOfRange(() => AbTest.WilsonInterval(1, 2, 0), "confidenceLevel", "for example 0.95");
        });
    }

    // ---------------------------------------------------------------- means

    [Test]
    public void CompareMeans_SmallExample_MatchesTheHandComputation()
    {
        // A = 1..5: mean 3, Σ(x − 3)² = 10, s² = 10/4 = 2.5. B = 2, 4, …, 12: mean 7, Σ(x − 7)² = 25 + 9 + 1 + 1 + 9 + 25 = 70,
        // s² = 70/5 = 14. s²/n: 2.5/5 = 0.5 and 14/6 = 2.333333; SE = √2.833333 = 1.683251; t = 4/1.683251 = 2.376354.
        // ν = 2.833333² / (0.5²/4 + 2.333333²/5) = 8.027778/(0.0625 + 1.088889) = 6.972256.
        // t₀.₉₇₅,₆.₉₇₂₂₅₆ = 2.366533, so the interval is 4 ± 2.366533·1.683251 = 4 ± 3.983469 = (0.016531, 7.983469);
        // p = P(|T₆.₉₇₂₂₅₆| ≥ 2.376354) = 0.049284 (just below 0.05, as the interval just excludes 0).
        MeanComparison result = AbTest.CompareMeans([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12]);

        Assert.Multiple(() =>
        {
            Assert.That(result.MeanA, Is.EqualTo(3d));
            Assert.That(result.MeanB, Is.EqualTo(7d));
            Assert.That(result.VarianceA, Is.EqualTo(2.5));
            Assert.That(result.VarianceB, Is.EqualTo(14d));
            Assert.That(result.CountA, Is.EqualTo(5));
            Assert.That(result.CountB, Is.EqualTo(6));
            Assert.That(result.Difference, Is.EqualTo(4d));
            Assert.That(result.StandardError, Is.EqualTo(1.6832508230603463).Within(1e-15));
            Assert.That(result.TStatistic, Is.EqualTo(2.3763541031440183).Within(1e-14));
            Assert.That(result.DegreesOfFreedom, Is.EqualTo(6.9722557297949337).Within(1e-13));
            Assert.That(result.PValue, Is.EqualTo(0.049284338206730521).Within(1e-14));
            Assert.That(result.DifferenceInterval.Lower, Is.EqualTo(0.016531304371167857).Within(1e-13));
            Assert.That(result.DifferenceInterval.Upper, Is.EqualTo(7.9834686956288321).Within(1e-13));
        });
    }

    [Test]
    public void CompareMeansFromSummaries_AgreesWithTheSamples()
    {
        MeanComparison fromSamples = AbTest.CompareMeans([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12], 0.9);
        MeanComparison fromSummaries = AbTest.CompareMeansFromSummaries(3, 2.5, 5, 7, 14, 6, 0.9);

        Assert.That(fromSummaries, Is.EqualTo(fromSamples));
    }

    [Test]
    public void CompareMeans_LargeCommonOffset_KeepsTheVarianceExact()
    {
        // 10⁹ + (1..5): a one-pass Σx² − n·x̄² would lose every digit of the variance 2.5.
        double[] a = [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5];
        double[] b = [1e9 + 2, 1e9 + 4, 1e9 + 6, 1e9 + 8, 1e9 + 10, 1e9 + 12];

        MeanComparison result = AbTest.CompareMeans(a, b);

        Assert.Multiple(() =>
        {
            Assert.That(result.VarianceA, Is.EqualTo(2.5));
            Assert.That(result.VarianceB, Is.EqualTo(14d));
            Assert.That(result.Difference, Is.EqualTo(4d));
        });
    }

    [Test]
    public void CompareMeans_BothVariancesZero_IsDecidedWithoutNaN()
    {
        MeanComparison same = AbTest.CompareMeans([2, 2, 2], [2, 2]);
        MeanComparison higher = AbTest.CompareMeans([2, 2, 2], [3, 3]);
        MeanComparison lower = AbTest.CompareMeans([2, 2, 2], [1, 1]);

        Assert.Multiple(() =>
        {
            Assert.That(same.TStatistic, Is.Zero);
            Assert.That(same.PValue, Is.EqualTo(1d));
            Assert.That(same.DegreesOfFreedom, Is.EqualTo(3d), "n_A + n_B − 2");
            Assert.That(same.DifferenceInterval, Is.EqualTo(new ConfidenceInterval(0, 0)));
            Assert.That(higher.TStatistic, Is.EqualTo(double.PositiveInfinity));
            Assert.That(higher.PValue, Is.Zero);
            Assert.That(higher.DifferenceInterval, Is.EqualTo(new ConfidenceInterval(1, 1)));
            Assert.That(lower.TStatistic, Is.EqualTo(double.NegativeInfinity));
            Assert.That(lower.PValue, Is.Zero);
        });
    }

    [Test]
    public void CompareMeans_OneVarianceZero_HasTheOtherSamplesDegreesOfFreedom()
    {
        // ν = w_B² / (w_B²/(n_B − 1)) = n_B − 1.
        MeanComparison result = AbTest.CompareMeans([5, 5, 5, 5], [1, 2, 3, 4, 5, 6, 7]);

        Assert.That(result.DegreesOfFreedom, Is.EqualTo(6d).Within(1e-12));
    }

    [Test]
    public void CompareMeansFromSummaries_HugeCounts_AgreeWithTheNormalTest()
    {
        // ν ≈ 4.3·10⁹: the t distribution is the normal to within ~10⁻¹⁰, and the continued fraction must still be quick.
        MeanComparison result = AbTest.CompareMeansFromSummaries(0, 1, int.MaxValue, 1e-4, 1, int.MaxValue);

        double z = result.TStatistic;
        Assert.That(result.DegreesOfFreedom, Is.EqualTo((2d * int.MaxValue) - 2).Within(1e-6 * int.MaxValue));
        Assert.That(result.PValue, Is.EqualTo(2 * StatisticsMath.NormalCdf(-z)).Within(1e-8 * result.PValue));
        double half = 0.5 * result.DifferenceInterval.Width;
        Assert.That(half, Is.EqualTo(1.959963984540054 * result.StandardError).Within(1e-8 * half));
    }

    [Test]
    public void CompareMeans_BadInputs_ThrowNamingTheParameterAndIndex()
    {
        Assert.Multiple(() =>
        {
            AssertArgument(() => AbTest.CompareMeans([1], [1, 2]), "a", "a has 1 observations; Welch's test needs at least 2");
            AssertArgument(() => AbTest.CompareMeans([1, 2], []), "b", "b has 0 observations");
            AssertArgument(() => AbTest.CompareMeans([1, 2], [1, 2, double.NaN]), "b", "b[2] is NaN");
            AssertArgument(() => AbTest.CompareMeans([double.PositiveInfinity, 2], [1, 2]), "a", "a[0] is Infinity");
            AssertArgument(() => AbTest.CompareMeans([1e308, 1e308], [1, 2]), "a", "overflows a double");
            AssertOutOfRange(() => AbTest.CompareMeans([1, 2], [1, 2], 0), "confidenceLevel", "strictly between 0 and 1");
            AssertOutOfRange(() => AbTest.CompareMeansFromSummaries(double.NaN, 1, 5, 0, 1, 5), "meanA", "must be finite");
            AssertOutOfRange(() => AbTest.CompareMeansFromSummaries(0, -1, 5, 0, 1, 5), "varianceA", "not a standard deviation");
            AssertOutOfRange(() => AbTest.CompareMeansFromSummaries(0, 1, 5, 0, double.PositiveInfinity, 5), "varianceB", "finite sample variance");
            AssertOutOfRange(() => AbTest.CompareMeansFromSummaries(0, 1, 5, 0, 1, 1), "countB", "countB");
        });
    }

    // ---------------------------------------------------------------- bootstrap

    internal static double Mean(ReadOnlySpan<double> sample)
    {
        double sum = 0;
        foreach (double x in sample)
        {
            sum += x;
        }

        return sum / sample.Length;
    }

    private static double Median(ReadOnlySpan<double> sample)
    {
        double[] sorted = sample.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    private static double[] Normal(int n, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = mean + (sd * Sampling.TestData.Gaussian(random));
        }

        return x;
    }

    [Test]
    public void BootstrapDifference_SameSeed_IsBitIdentical_AndAnotherSeedIsNot()
    {
        double[] a = Normal(300, 10, 2, seed: 1);
        double[] b = Normal(250, 10.5, 3, seed: 2);

        BootstrapResult first = AbTest.BootstrapDifference(a, b, Median, resamples: 2_000, seed: 42);
        BootstrapResult second = AbTest.BootstrapDifference(a, b, Median, resamples: 2_000, seed: 42);
        BootstrapResult other = AbTest.BootstrapDifference(a, b, Median, resamples: 2_000, seed: 43);

        Assert.Multiple(() =>
        {
            Assert.That(Bits(second.Interval.Lower), Is.EqualTo(Bits(first.Interval.Lower)));
            Assert.That(Bits(second.Interval.Upper), Is.EqualTo(Bits(first.Interval.Upper)));
            Assert.That(Bits(second.StandardError), Is.EqualTo(Bits(first.StandardError)));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other.Interval, Is.Not.EqualTo(first.Interval));
            Assert.That(other.Difference, Is.EqualTo(first.Difference), "the observed difference does not depend on the seed");
        });

        static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
    }

    [Test]
    public void BootstrapDifference_PinsTheSequenceOfSeedZero()
    {
        // A regression pin: a change of generator, draw order or percentile rule, or arithmetic that differs between
        // machines, shows up here. The exact values come from this implementation (first run); the loose checks below
        // say why they are plausible.
        double[] a = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] b = [3, 5, 7, 9, 11];

        BootstrapResult result = AbTest.BootstrapDifference(a, b, Mean, resamples: 1_000);

        Assert.That(result.Difference, Is.EqualTo(2.5));
        Assert.That(result.Resamples, Is.EqualTo(1_000));
        Assert.That(result.ConfidenceLevel, Is.EqualTo(0.95));
        Assert.That(result.Interval, Is.EqualTo(new ConfidenceInterval(-0.4506249999999996, 5.326874999999998)));
        Assert.That(result.StandardError, Is.EqualTo(1.4815001527852436));

        // SE of a mean difference ≈ √(σ²_A/n_A + σ²_B/n_B) with population variances 5.25 and 8: √(0.65625 + 1.6) = 1.502.
        Assert.That(result.StandardError, Is.EqualTo(1.502).Within(0.1));
        Assert.That(result.Interval.Lower, Is.EqualTo(2.5 - (1.96 * 1.502)).Within(0.3));
        Assert.That(result.Interval.Upper, Is.EqualTo(2.5 + (1.96 * 1.502)).Within(0.3));
    }

    [Test]
    public void BootstrapDifference_TwoPointDistribution_HasTheExactQuantilesAndStandardError()
    {
        // A* is always {0}; the mean of B* = two draws from {0, 1} is 0, ½ or 1 with probabilities ¼, ½, ¼, so the 2.5% and
        // 97.5% quantiles are 0 and 1 and the standard deviation is √(1/8) = 0.353553.
        BootstrapResult result = AbTest.BootstrapDifference([0], [0, 1], Mean, resamples: 20_000, seed: 7);

        Assert.Multiple(() =>
        {
            Assert.That(result.Difference, Is.EqualTo(0.5));
            Assert.That(result.Interval, Is.EqualTo(new ConfidenceInterval(0, 1)));
            Assert.That(result.StandardError, Is.EqualTo(Math.Sqrt(0.125)).Within(0.005));
        });
    }

    [Test]
    public void BootstrapDifference_OfTheMean_MatchesWelchForLargeNormalSamples()
    {
        double[] a = Normal(4_000, 5.0, 1.0, seed: 3);
        double[] b = Normal(3_000, 5.1, 2.0, seed: 4);

        MeanComparison welch = AbTest.CompareMeans(a, b);
        BootstrapResult bootstrap = AbTest.BootstrapDifference(a, b, Mean, resamples: 4_000, seed: 5);

        // Both estimate the same sampling distribution; the bootstrap's own noise is a few percent of the SE.
        Assert.Multiple(() =>
        {
            Assert.That(bootstrap.Difference, Is.EqualTo(welch.Difference).Within(1e-12));
            Assert.That(bootstrap.StandardError, Is.EqualTo(welch.StandardError).Within(0.05 * welch.StandardError));
            Assert.That(bootstrap.Interval.Lower, Is.EqualTo(welch.DifferenceInterval.Lower).Within(0.15 * welch.StandardError));
            Assert.That(bootstrap.Interval.Upper, Is.EqualTo(welch.DifferenceInterval.Upper).Within(0.15 * welch.StandardError));
            Assert.That(bootstrap.Interval.Contains(bootstrap.Difference), Is.True);
        });
    }

    [Test]
    public void BootstrapDifference_CoversTheTrueDifferenceAboutAsOftenAsItClaims()
    {
        // 200 experiments, n = 40 per arm, true difference 1; a 90% percentile interval should cover it ~90% of the time
        // (a little less at this n). Binomial noise on 200 trials is ±2.1 points.
        int covered = 0;
        const int experiments = 200;
        for (int e = 0; e < experiments; e++)
        {
            double[] a = Normal(40, 0, 2, seed: 1000 + e);
            double[] b = Normal(40, 1, 2, seed: 5000 + e);
            BootstrapResult result = AbTest.BootstrapDifference(a, b, Mean, resamples: 1_000, seed: e, confidenceLevel: 0.9);
            covered += result.Interval.Contains(1) ? 1 : 0;
        }

        Assert.That((double)covered / experiments, Is.InRange(0.82, 0.96));
    }

    [Test]
    public void BootstrapDifference_BadInputs_Throw()
    {
        double[] sample = [1, 2, 3];
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => AbTest.BootstrapDifference(sample, sample, null!))!.ParamName, Is.EqualTo("metric"));
            AssertArgument(() => AbTest.BootstrapDifference([], sample, Mean), "a", "at least 1 observation");
            AssertArgument(() => AbTest.BootstrapDifference(sample, [1, double.NaN], Mean), "b", "b[1] is NaN");
            AssertOutOfRange(() => AbTest.BootstrapDifference(sample, sample, Mean, resamples: 1), "resamples", "resamples");
            AssertOutOfRange(() => AbTest.BootstrapDifference(sample, sample, Mean, confidenceLevel: -0.5), "confidenceLevel", "but was -0.5");
            AssertArgument(() => AbTest.BootstrapDifference(sample, sample, _ => double.NaN), "metric", "on the full sample b");

            // Finite on the full samples, NaN on a resample where every value is the same.
            AssertArgument(
                () => AbTest.BootstrapDifference([1, 2], [1, 2], s => s[0] == s[1] ? double.NaN : 0, resamples: 100),
                "metric",
                "on resample");
        });
    }

    // ---------------------------------------------------------------- sample size

    [Test]
    public void SampleSizeForMeans_HalfAStandardDeviation_Needs63PerGroup()
    {
        // 2·(1.959964 + 0.841621)²·1²/0.5² = 2·7.848879/0.25 = 62.791 → 63.
        Assert.Multiple(() =>
        {
            Assert.That(AbTest.SampleSizeForMeans(1, 0.5), Is.EqualTo(63));
            Assert.That(AbTest.SampleSizeForMeans(1, -0.5), Is.EqualTo(63), "the sign of the effect does not matter");

            // σ = 2, δ = 1, α = 0.01, 90% power: 2·(2.575829 + 1.281552)²·4/1 = 119.035 → 120.
            Assert.That(AbTest.SampleSizeForMeans(2, 1, alpha: 0.01, power: 0.9), Is.EqualTo(120));
        });
    }

    [Test]
    public void SampleSizeForProportions_MatchesTheHandComputation()
    {
        // 10% → 12%: p̄ = 0.11; √(2·0.11·0.89) = 0.442493, √(0.1·0.9 + 0.12·0.88) = 0.442267;
        // (1.959964·0.442493 + 0.841621·0.442267)² = (0.867268 + 0.372222)² = 1.536336; / 0.02² = 3840.8 → 3841.
        // 50% → 45%: p̄ = 0.475; √(2·0.475·0.525) = 0.706222, √(0.25 + 0.2475) = 0.705337;
        // (1.384152 + 0.593629)² = 3.911619; / 0.05² = 1564.7 → 1565.
        Assert.Multiple(() =>
        {
            Assert.That(AbTest.SampleSizeForProportions(0.10, 0.02), Is.EqualTo(3841));
            Assert.That(AbTest.SampleSizeForProportions(0.5, -0.05), Is.EqualTo(1565));
        });
    }

    [Test]
    public void SampleSize_GrowsAsTheEffectShrinks()
    {
        int previousMeans = 0;
        int previousProportions = 0;
        foreach (double effect in new[] { 0.2, 0.1, 0.05, 0.02, 0.01 })
        {
            int means = AbTest.SampleSizeForMeans(1, effect);
            int proportions = AbTest.SampleSizeForProportions(0.3, effect);
            Assert.That(means, Is.GreaterThan(previousMeans));
            Assert.That(proportions, Is.GreaterThan(previousProportions));
            previousMeans = means;
            previousProportions = proportions;
        }
    }

    [Test]
    public void SampleSize_BadInputs_ThrowNamingTheParameter()
    {
        Assert.Multiple(() =>
        {
            AssertOutOfRange(() => AbTest.SampleSizeForProportions(0, 0.1), "baselineRate", "strictly between 0 and 1");
            AssertOutOfRange(() => AbTest.SampleSizeForProportions(0.95, 0.1), "minimumDetectableEffect", "0.95 + 0.1");
            AssertOutOfRange(() => AbTest.SampleSizeForProportions(0.5, 0), "minimumDetectableEffect", "non-zero");
            AssertOutOfRange(() => AbTest.SampleSizeForProportions(0.5, 0.1, alpha: 1), "alpha", "significance level");
            AssertOutOfRange(() => AbTest.SampleSizeForProportions(0.5, 0.1, power: 0.3), "power", "[0.5, 1)");
            AssertOutOfRange(() => AbTest.SampleSizeForProportions(0.5, 1e-9), "minimumDetectableEffect", "more than int.MaxValue");
            AssertOutOfRange(() => AbTest.SampleSizeForMeans(0, 1), "standardDeviation", "positive and finite");
            AssertOutOfRange(() => AbTest.SampleSizeForMeans(1, double.NaN), "minimumDetectableEffect", "non-zero and finite");
            AssertOutOfRange(() => AbTest.SampleSizeForMeans(1, 0.5, power: 1), "power", "[0.5, 1)");
            AssertOutOfRange(() => AbTest.SampleSizeForMeans(1, 0.5, alpha: double.NaN), "alpha", "but was NaN");
        });
    }

    private static void AssertOutOfRange(TestDelegate call, string paramName, string messagePart)
    {
        ArgumentOutOfRangeException? e = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.That(e!.ParamName, Is.EqualTo(paramName));
        Assert.That(e.Message, Does.Contain(messagePart));
    }

    private static void AssertArgument(TestDelegate call, string paramName, string messagePart)
    {
        ArgumentException? e = Assert.Throws<ArgumentException>(call);
        Assert.That(e!.ParamName, Is.EqualTo(paramName));
        Assert.That(e.Message, Does.Contain(messagePart));
    }
}
