using Bedrock.Foundations.Evaluation;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Evaluation;

/// <summary>FsCheck properties of the calibration math, with a fixed replay seed (deterministic).</summary>
[TestFixture]
public sealed class CalibrationPropertyTests
{
    private const string Replay = "20261125,11";

    private static Arbitrary<(int N, int Seed, int Bins, CalibrationBinning Binning)> Cases() =>
        (from n in Gen.Choose(1, 2000)
         from seed in Gen.Choose(0, int.MaxValue)
         from bins in Gen.Choose(1, 40)
         from binning in Gen.Elements(CalibrationBinning.EqualWidth, CalibrationBinning.EqualMass)
         select (n, seed, bins, binning)).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property Errors_AreOrdered_EceRmsMceWithinZeroAndOne() =>
        Prop.ForAll(Cases(), c =>
        {
            var random = new Random(c.Seed);
            double[] confidences = Enumerable.Range(0, c.N).Select(_ => random.NextDouble()).ToArray();
            bool[] correct = confidences.Select(_ => random.NextDouble() < 0.5).ToArray();

            CalibrationReport r = Calibration.Evaluate(confidences, correct, new CalibrationOptions(c.Bins, c.Binning));

            const double Slack = 1e-12;
            return (r.ExpectedCalibrationError >= 0 && r.ExpectedCalibrationError <= r.RootMeanSquareCalibrationError + Slack
                    && r.RootMeanSquareCalibrationError <= r.MaximumCalibrationError + Slack && r.MaximumCalibrationError <= 1
                    && r.Bins.Sum(b => b.Count) == c.N && r.BrierScore is >= 0 and <= 1)
                .Label($"ECE {r.ExpectedCalibrationError}, RMS {r.RootMeanSquareCalibrationError}, MCE {r.MaximumCalibrationError}");
        });

    [FsCheck.NUnit.Property(MaxTest = 20, Replay = Replay)]
    public Property PerfectlyCalibratedSource_EceVanishesAsNGrows() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            // y ~ Bernoulli(c) with c ~ U(0, 1): calibrated by construction; the ECE left is sampling noise, ~√(B/n).
            var random = new Random(seed);
            double Ece(int n)
            {
                double[] confidences = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
                bool[] correct = confidences.Select(p => random.NextDouble() < p).ToArray();
                return Calibration.Evaluate(confidences, correct).ExpectedCalibrationError;
            }

            double small = Ece(300);
            double large = Ece(200_000);
            return (large < 0.01 && large < small).Label($"ECE n=300: {small}, n=200000: {large}");
        });

    [FsCheck.NUnit.Property(MaxTest = 30, Replay = Replay)]
    public Property TemperatureScaling_NeverIncreasesNllOnItsFitData() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Elements(0.3, 1.0, 2.5).ToArbitrary(), (seed, scale) =>
        {
            (float[] logits, int[] labels) = TemperatureScalingTests.Overconfident(400, 4, scale, seed);
            double t = TemperatureScaling.Fit(logits, 4, labels);
            double before = TemperatureScalingTests.Nll(logits, 4, labels, 1);
            double after = TemperatureScalingTests.Nll(logits, 4, labels, t);
            return (after <= before + 1e-12).Label($"T {t}: NLL {before} → {after}");
        });
}
