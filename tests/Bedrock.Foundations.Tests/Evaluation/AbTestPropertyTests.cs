using Bedrock.Foundations.Evaluation;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Evaluation;

/// <summary>FsCheck properties of <see cref="AbTest"/>, with a fixed replay seed (deterministic).</summary>
[TestFixture]
public sealed class AbTestPropertyTests
{
    private const string Replay = "20260412,3";

    private static Arbitrary<(int Successes, int Trials)> Counts() =>
        (from trials in Gen.OneOf(Gen.Choose(1, 50), Gen.Choose(1, 100_000), Gen.Choose(1, int.MaxValue))
         from fraction in Gen.Choose(0, 1000)
         select ((int)Math.Round(trials * (fraction / 1000d)), trials)).ToArbitrary();

    private static Arbitrary<double> Levels() => Gen.Elements(0.5, 0.8, 0.9, 0.95, 0.99, 0.999).ToArbitrary();

    private static Arbitrary<(double[] A, double[] B)> Samples() =>
        (from nA in Gen.Choose(2, 60)
         from nB in Gen.Choose(2, 60)
         from seed in Gen.Choose(0, int.MaxValue)
         from shift in Gen.Choose(-20, 20)
         select Draw(nA, nB, seed, shift / 10d)).ToArbitrary();

    private static (double[] A, double[] B) Draw(int nA, int nB, int seed, double shift)
    {
        var random = new Random(seed);
        double scaleA = 0.1 + (3 * random.NextDouble());
        double scaleB = 0.1 + (3 * random.NextDouble());
        double[] a = Enumerable.Range(0, nA).Select(_ => scaleA * Sampling.TestData.Gaussian(random)).ToArray();
        double[] b = Enumerable.Range(0, nB).Select(_ => shift + (scaleB * Sampling.TestData.Gaussian(random))).ToArray();
        return (a, b);
    }

    [FsCheck.NUnit.Property(MaxTest = 500, Replay = Replay)]
    public Property WilsonInterval_LiesInTheUnitInterval_AndContainsTheRate() =>
        Prop.ForAll(Counts(), Levels(), (c, level) =>
        {
            ConfidenceInterval interval = AbTest.WilsonInterval(c.Successes, c.Trials, level);
            double rate = (double)c.Successes / c.Trials;
            return (interval.Lower >= 0 && interval.Upper <= 1 && interval.Contains(rate))
                .Label($"{c.Successes}/{c.Trials} at {level}: [{interval.Lower:R}, {interval.Upper:R}], p̂ {rate:R}");
        });

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property WilsonInterval_ShrinksWithMoreTrialsAtTheSameRate() =>
        Prop.ForAll(Gen.Choose(1, 20_000).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), Levels(), (trials, percent, level) =>
        {
            int successes = trials * percent / 100;
            double small = AbTest.WilsonInterval(successes, trials, level).Width;
            double large = AbTest.WilsonInterval(4 * successes, 4 * trials, level).Width;
            return (large < small).Label($"{successes}/{trials}: width {small} vs ×4 {large}");
        });

    [FsCheck.NUnit.Property(MaxTest = 500, Replay = Replay)]
    public Property CompareProportions_PValueIsAProbability_AndSwappingNegatesTheDifference() =>
        Prop.ForAll(Counts(), Counts(), Levels(), (a, b, level) =>
        {
            ProportionComparison forward = AbTest.CompareProportions(a.Successes, a.Trials, b.Successes, b.Trials, level);
            ProportionComparison backward = AbTest.CompareProportions(b.Successes, b.Trials, a.Successes, a.Trials, level);
            return (forward.PValue is >= 0 and <= 1
                    && backward.Difference == -forward.Difference
                    && backward.ZStatistic == -forward.ZStatistic
                    && backward.PValue == forward.PValue
                    && Math.Abs(backward.DifferenceInterval.Lower + forward.DifferenceInterval.Upper) <= 1e-15
                    && Math.Abs(backward.DifferenceInterval.Upper + forward.DifferenceInterval.Lower) <= 1e-15
                    && forward.DifferenceInterval.Lower >= -1 && forward.DifferenceInterval.Upper <= 1
                    && forward.DifferenceInterval.Contains(forward.Difference))
                .Label($"{a} vs {b}: {forward} / {backward}");
        });

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property CompareMeans_SwappingNegatesTAndKeepsP() =>
        Prop.ForAll(Samples(), Levels(), (s, level) =>
        {
            MeanComparison forward = AbTest.CompareMeans(s.A, s.B, level);
            MeanComparison backward = AbTest.CompareMeans(s.B, s.A, level);
            return (forward.PValue is >= 0 and <= 1
                    && backward.Difference == -forward.Difference
                    && backward.TStatistic == -forward.TStatistic
                    && backward.PValue == forward.PValue
                    && Math.Abs(backward.DegreesOfFreedom - forward.DegreesOfFreedom) <= 1e-12 * forward.DegreesOfFreedom
                    && forward.DegreesOfFreedom >= Math.Min(s.A.Length, s.B.Length) - 1 - 1e-9
                    && forward.DegreesOfFreedom <= s.A.Length + s.B.Length - 2 + 1e-9
                    && forward.DifferenceInterval.Contains(forward.Difference))
                .Label($"{forward} / {backward}");
        });

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property CompareMeans_IntervalExcludesZeroExactlyWhenPIsBelowAlpha() =>
        Prop.ForAll(Samples(), Levels(), (s, level) =>
        {
            // The t interval and the t test are dual: 0 ∉ CI₁₋α ⇔ p < α (away from the boundary, where rounding decides).
            MeanComparison r = AbTest.CompareMeans(s.A, s.B, level);
            double alpha = 1 - level;
            bool nearBoundary = Math.Abs(r.PValue - alpha) <= 1e-9;
            return (nearBoundary || (r.PValue < alpha) == !r.DifferenceInterval.Contains(0))
                .Label($"p {r.PValue}, α {alpha}, CI [{r.DifferenceInterval.Lower}, {r.DifferenceInterval.Upper}]");
        });

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property CompareMeans_MoreDataOfTheSameShape_NarrowsTheInterval() =>
        Prop.ForAll(Samples(), Levels(), (s, level) =>
        {
            double small = AbTest.CompareMeans(s.A, s.B, level).DifferenceInterval.Width;
            double[] a4 = [.. s.A, .. s.A, .. s.A, .. s.A];
            double[] b4 = [.. s.B, .. s.B, .. s.B, .. s.B];
            double large = AbTest.CompareMeans(a4, b4, level).DifferenceInterval.Width;
            return (large < small).Label($"width {small} vs ×4 {large}");
        });

    [FsCheck.NUnit.Property(MaxTest = 40, Replay = Replay)]
    public Property BootstrapDifference_IsReproducible_AndTheIntervalIsOrdered() =>
        Prop.ForAll(Samples(), Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), (s, seed) =>
        {
            BootstrapResult first = AbTest.BootstrapDifference(s.A, s.B, AbTestTests.Mean, resamples: 300, seed: seed);
            BootstrapResult second = AbTest.BootstrapDifference(s.A, s.B, AbTestTests.Mean, resamples: 300, seed: seed);
            return (first == second && first.Interval.Lower <= first.Interval.Upper && first.StandardError > 0)
                .Label($"{first} / {second}");
        });
}
