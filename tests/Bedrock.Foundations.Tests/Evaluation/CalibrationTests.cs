using Bedrock.Foundations.Evaluation;

namespace Bedrock.Foundations.Tests.Evaluation;

[TestFixture]
public sealed class CalibrationTests
{
    // ---- Known values, derived by hand (the peers' own documented examples) -------------------------------------------

    [Test]
    public void Evaluate_TorchmetricsBinaryExample_MatchesL1L2AndMax()
    {
        // torchmetrics BinaryCalibrationError docs: preds (0.25, 0.25, 0.55, 0.75, 0.75), target (0, 0, 1, 1, 1), 2 bins.
        // Bin [0, 0.5): {0.25, 0.25}, conf 0.25, acc 0, weight 2/5. Bin [0.5, 1]: {0.55, 0.75, 0.75}, conf 0.68333, acc 1,
        // weight 3/5. L1 = 0.4·0.25 + 0.6·0.31667 = 0.29; L2 = √(0.4·0.0625 + 0.6·0.100278) = 0.29183; max = 0.31667.
        double[] confidences = [0.25, 0.25, 0.55, 0.75, 0.75];
        bool[] correct = [false, false, true, true, true];

        CalibrationReport l1 = Calibration.Evaluate(confidences, correct, new CalibrationOptions(Bins: 2));
        CalibrationReport l2 = Calibration.Evaluate(confidences, correct, new CalibrationOptions(Bins: 2, Norm: CalibrationNorm.L2));
        CalibrationReport max = Calibration.Evaluate(confidences, correct, new CalibrationOptions(Bins: 2, Norm: CalibrationNorm.Max));

        Assert.That(l1.CalibrationError, Is.EqualTo(0.29).Within(1e-12));
        Assert.That(l2.CalibrationError, Is.EqualTo(Math.Sqrt((0.4 * 0.0625) + (0.6 * Math.Pow(1 - (2.05 / 3), 2)))).Within(1e-12));
        Assert.That(l2.CalibrationError, Is.EqualTo(0.2918).Within(5e-5));
        Assert.That(max.CalibrationError, Is.EqualTo(0.3167).Within(5e-5));
        Assert.That(l1.ExpectedCalibrationError, Is.EqualTo(l1.CalibrationError));
        Assert.That(l1.MaximumCalibrationError, Is.EqualTo(max.CalibrationError));
        Assert.That(l1.RootMeanSquareCalibrationError, Is.EqualTo(l2.CalibrationError));
    }

    [Test]
    public void Evaluate_ScikitLearnCalibrationCurveUniformExample_MatchesProbTrueAndProbPred()
    {
        // scikit-learn calibration_curve docs: y_true (0,0,0,0,1,1,1,1,1), y_prob (0.1,0.2,0.3,0.4,0.65,0.7,0.8,0.9,1), 3 bins:
        // [0, 1/3) = {0.1, 0.2, 0.3}, [1/3, 2/3) = {0.4, 0.65}, [2/3, 1] = {0.7, 0.8, 0.9, 1} →
        // prob_true (0, 0.5, 1), prob_pred (0.2, 0.525, 0.85).
        double[] probabilities = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0];
        bool[] positive = [false, false, false, false, true, true, true, true, true];

        CalibrationReport report = Calibration.Evaluate(probabilities, positive, new CalibrationOptions(Bins: 3));

        Assert.That(report.Bins.Select(b => b.Accuracy), Is.EqualTo(new[] { 0.0, 0.5, 1.0 }).Within(1e-12));
        Assert.That(report.Bins.Select(b => b.MeanConfidence), Is.EqualTo(new[] { 0.2, 0.525, 0.85 }).Within(1e-12));
        Assert.That(report.Bins.Select(b => b.Count), Is.EqualTo(new[] { 3, 2, 4 }));
        Assert.That(report.Bins.Select(b => b.Lower), Is.EqualTo(new[] { 0.0, 1.0 / 3, 2.0 / 3 }));
        Assert.That(report.Bins[^1].Upper, Is.EqualTo(1.0));
    }

    [Test]
    public void Evaluate_ScikitLearnCalibrationCurveQuantileExample_MatchesEqualMassBins()
    {
        // strategy="quantile", 3 bins: edges are the 0, 33.3, 66.7, 100th percentiles (linear interpolation) =
        // 0.1, 0.3667, 0.7333, 1, so the groups are {0.1, 0.2, 0.3}, {0.4, 0.65, 0.7}, {0.8, 0.9, 1}: three of three, as the
        // equal-count split gives. prob_true (0, 2/3, 1), prob_pred (0.2, 0.58333, 0.9).
        double[] probabilities = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0];
        bool[] positive = [false, false, false, false, true, true, true, true, true];

        CalibrationReport report = Calibration.Evaluate(probabilities, positive, new CalibrationOptions(Bins: 3, Binning: CalibrationBinning.EqualMass));

        Assert.That(report.Bins.Select(b => b.Accuracy), Is.EqualTo(new[] { 0.0, 2.0 / 3, 1.0 }).Within(1e-12));
        Assert.That(report.Bins.Select(b => b.MeanConfidence), Is.EqualTo(new[] { 0.2, 1.75 / 3, 0.9 }).Within(1e-12));
        Assert.That(report.Bins.Select(b => (b.Lower, b.Upper)), Is.EqualTo(new[] { (0.1, 0.3), (0.4, 0.7), (0.8, 1.0) }));
    }

    [Test]
    public void EvaluateProbabilities_TorchmetricsMulticlassExample_MatchesAndScoresBrierAndNll()
    {
        // torchmetrics MulticlassCalibrationError docs: 4 rows, 3 classes, labels (0, 1, 2, 0), 3 bins.
        // Top-label confidences (0.55, 0.55, 0.60, 0.90), predictions (2, 0, 2, 0): right only for rows 2 and 3.
        // Bin [1/3, 2/3): conf 0.56667, acc 1/3, weight 3/4; bin [2/3, 1]: conf 0.9, acc 1, weight 1/4.
        // L1 = 0.75·0.23333 + 0.25·0.1 = 0.2; L2 = √(0.75·0.054444 + 0.25·0.01) = 0.20817; max = 0.23333.
        // Brier: rows give 0.905, 1.365, 0.26, 0.015 → 0.63625. NLL: −(ln 0.25 + ln 0.05 + ln 0.6 + ln 0.9)/4 = 1.2495533.
        float[] probabilities = [0.25f, 0.20f, 0.55f, 0.55f, 0.05f, 0.40f, 0.10f, 0.30f, 0.60f, 0.90f, 0.05f, 0.05f];
        int[] labels = [0, 1, 2, 0];

        CalibrationReport report = Calibration.EvaluateProbabilities(probabilities, 3, labels, new CalibrationOptions(Bins: 3));

        Assert.That(report.ExpectedCalibrationError, Is.EqualTo(0.2).Within(1e-6));
        Assert.That(report.RootMeanSquareCalibrationError, Is.EqualTo(0.20817).Within(1e-5));
        Assert.That(report.MaximumCalibrationError, Is.EqualTo(0.23333).Within(1e-5));
        Assert.That(report.Accuracy, Is.EqualTo(0.5));
        Assert.That(report.BrierScore, Is.EqualTo(0.63625).Within(1e-6));
        Assert.That(report.NegativeLogLikelihood, Is.EqualTo(1.2495533).Within(1e-6));
        Assert.That(report.Count, Is.EqualTo(4));
        Assert.That(report.Bins.Select(b => b.Count), Is.EqualTo(new[] { 0, 3, 1 }));
        Assert.That(report.Bins[0].Accuracy, Is.NaN, "an empty bin has no accuracy");
    }

    [Test]
    public void Evaluate_BrierAndLogLoss_MatchHandComputedValues()
    {
        // Brier = ((0.9−1)² + (0.2−0)² + (0.6−1)²)/3 = (0.01 + 0.04 + 0.16)/3 = 0.07;
        // log loss = −(ln 0.9 + ln 0.8 + ln 0.6)/3 = 0.2797765.
        CalibrationReport report = Calibration.Evaluate([0.9, 0.2, 0.6], [true, false, true]);

        Assert.That(report.BrierScore, Is.EqualTo(0.07).Within(1e-12));
        Assert.That(report.NegativeLogLikelihood, Is.EqualTo(-(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.6)) / 3).Within(1e-12));
        Assert.That(report.Accuracy, Is.EqualTo(2.0 / 3));
    }

    [Test]
    public void Evaluate_ConfidentAndWrong_GivesInfiniteLogLossNotNaN()
    {
        CalibrationReport report = Calibration.Evaluate([1.0, 0.5], [false, true]);

        Assert.That(report.NegativeLogLikelihood, Is.EqualTo(double.PositiveInfinity));
    }

    // ---- Bin edges ------------------------------------------------------------------------------------------------------

    [Test]
    public void EqualWidth_ConfidenceOnAnEdge_GoesToTheUpperBin_AndOneGoesToTheLast()
    {
        for (int bins = 1; bins <= 60; bins++)
        {
            for (int k = 0; k <= bins; k++)
            {
                double edge = (double)k / bins;
                CalibrationReport report = Calibration.Evaluate([edge], [true], new CalibrationOptions(Bins: bins));
                int expected = Math.Min(k, bins - 1);
                Assert.That(report.Bins[expected].Count, Is.EqualTo(1), $"{k}/{bins}");
            }
        }
    }

    [Test]
    public void EqualMass_SplitsLikeArraySplit_AndKeepsTiesInInputOrder()
    {
        // 10 predictions in 4 bins: sizes 3, 3, 2, 2. All confidences tie, so input order decides the groups.
        double[] confidences = Enumerable.Repeat(0.7, 10).ToArray();
        bool[] correct = [true, true, true, false, false, false, true, false, true, false];

        CalibrationReport report = Calibration.Evaluate(confidences, correct, new CalibrationOptions(Bins: 4, Binning: CalibrationBinning.EqualMass));

        Assert.That(report.Bins.Select(b => b.Count), Is.EqualTo(new[] { 3, 3, 2, 2 }));
        Assert.That(report.Bins.Select(b => b.Accuracy), Is.EqualTo(new[] { 1.0, 0.0, 0.5, 0.5 }));
    }

    [Test]
    public void EqualMass_FewerPredictionsThanBins_LeavesTrailingBinsEmpty()
    {
        CalibrationReport report = Calibration.Evaluate([0.2, 0.9], [false, true], new CalibrationOptions(Bins: 4, Binning: CalibrationBinning.EqualMass));

        Assert.That(report.Bins.Select(b => b.Count), Is.EqualTo(new[] { 1, 1, 0, 0 }));
        Assert.That(report.ExpectedCalibrationError, Is.EqualTo(((0.2 - 0) + (1 - 0.9)) / 2).Within(1e-12));
    }

    // ---- Against a plain reference --------------------------------------------------------------------------------------

    [TestCase(1, CalibrationBinning.EqualWidth)]
    [TestCase(10, CalibrationBinning.EqualWidth)]
    [TestCase(15, CalibrationBinning.EqualMass)]
    [TestCase(100, CalibrationBinning.EqualMass)]
    public void Evaluate_MatchesPlainReference(int bins, CalibrationBinning binning)
    {
        var random = new Random(bins);
        foreach (int n in new[] { 1, 7, 100, 5000 })
        {
            double[] confidences = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), 2)).ToArray();
            bool[] correct = confidences.Select(c => random.NextDouble() < c * c).ToArray();

            CalibrationReport report = Calibration.Evaluate(confidences, correct, new CalibrationOptions(bins, binning));
            (double ece, double mce, double rms) = CalibrationReference.Errors(confidences, correct, bins, binning);

            Assert.That(report.ExpectedCalibrationError, Is.EqualTo(ece).Within(1e-12), $"n={n}");
            Assert.That(report.MaximumCalibrationError, Is.EqualTo(mce).Within(1e-12), $"n={n}");
            Assert.That(report.RootMeanSquareCalibrationError, Is.EqualTo(rms).Within(1e-12), $"n={n}");
            Assert.That(report.Bins, Has.Count.EqualTo(bins));
            Assert.That(report.Bins.Sum(b => b.Count), Is.EqualTo(n));
        }
    }

    [TestCase(CalibrationBinning.EqualWidth)]
    [TestCase(CalibrationBinning.EqualMass)]
    public void Evaluate_ConfidencesOverEveryScale_BinLikeTheReference(CalibrationBinning binning)
    {
        // Confidences from 0 and subnormals up to 1, so that every digit of the radix sort and every exponent of the
        // bin arithmetic is exercised, with exact ties and every length around the four-lane vector width.
        var random = new Random(17);
        foreach (int n in new[] { 1, 2, 3, 4, 5, 255, 256, 257, 1023, 4099 })
        {
            double[] confidences = new double[n];
            for (int i = 0; i < n; i++)
            {
                confidences[i] = (i % 11) switch
                {
                    0 => 0d,
                    1 => 1d,
                    2 => double.Epsilon * random.Next(1, 1000),
                    3 => Math.Pow(random.NextDouble(), 40),
                    4 => 0.5,
                    _ => random.NextDouble(),
                };
            }

            bool[] correct = confidences.Select(_ => random.Next(2) == 1).ToArray();
            foreach (int bins in new[] { 1, 3, 15, 64 })
            {
                CalibrationReport report = Calibration.Evaluate(confidences, correct, new CalibrationOptions(bins, binning));
                CalibrationBin[] expected = CalibrationReference.Bins(confidences, correct, bins, binning);

                Assert.That(report.Bins.Select(b => b.Count), Is.EqualTo(expected.Select(b => b.Count)), $"n={n} bins={bins}");
                Assert.That(report.Bins.Select(b => b.Accuracy), Is.EqualTo(expected.Select(b => b.Accuracy)), $"n={n} bins={bins}");
                Assert.That(report.Bins.Select(b => b.MeanConfidence), Is.EqualTo(expected.Select(b => b.MeanConfidence)).Within(1e-12), $"n={n} bins={bins}");
                if (binning == CalibrationBinning.EqualMass)
                {
                    Assert.That(report.Bins.Select(b => b.Lower), Is.EqualTo(expected.Select(b => b.Lower)), $"n={n} bins={bins}");
                    Assert.That(report.Bins.Select(b => b.Upper), Is.EqualTo(expected.Select(b => b.Upper)), $"n={n} bins={bins}");
                }
            }
        }
    }

    [Test]
    public void Evaluate_SumsInTheDocumentedLaneOrder_BitForBit()
    {
        // The Brier sum runs in four lanes (element j of each 256-element chunk in lane j mod 4, lanes added as
        // (0 + 1) + (2 + 3)), and each equal-width bin sums its confidences per lane, merged in lane order. The same
        // numbers come out of the vector path and of the scalar one (CI runs this with the wide paths switched off).
        var random = new Random(5);
        foreach (int n in new[] { 1, 6, 256, 1001 })
        {
            double[] confidences = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            bool[] correct = confidences.Select(c => random.NextDouble() < c).ToArray();

            double[] lanes = new double[4];
            for (int i = 0; i < n; i++)
            {
                double r = confidences[i] - (correct[i] ? 1 : 0);
                lanes[i % 4] += r * r;
            }

            double brier = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) / n;
            CalibrationReport report = Calibration.Evaluate(confidences, correct, new CalibrationOptions(Bins: 1));
            double[] binLanes = new double[4];
            for (int i = 0; i < n; i++)
            {
                binLanes[i % 4] += confidences[i];
            }

            Assert.That(report.BrierScore, Is.EqualTo(brier), $"n={n}");
            Assert.That(report.Bins[0].MeanConfidence, Is.EqualTo((((binLanes[0] + binLanes[1]) + binLanes[2]) + binLanes[3]) / n), $"n={n}");
        }
    }

    [Test]
    public void EqualMass_NegativeZeroConfidence_IsAnOrdinaryZero()
    {
        // −0.0 passes validation (−0.0 ≥ 0) and has its sign bit set; it must not count as a correct prediction.
        CalibrationReport report = Calibration.Evaluate([-0.0, 0.5], [false, true], new CalibrationOptions(Bins: 2, Binning: CalibrationBinning.EqualMass));

        Assert.That(report.Bins.Select(b => b.Accuracy), Is.EqualTo(new[] { 0.0, 1.0 }));
        Assert.That(report.Bins[0].Lower, Is.EqualTo(0.0));
    }

    // ---- Bad input ----------------------------------------------------------------------------------------------------------

    [Test]
    public void Evaluate_BadInputs_ThrowNamingParameterAndIndex()
    {
        var empty = Assert.Throws<ArgumentException>(() => Calibration.Evaluate([], []));
        var mismatch = Assert.Throws<ArgumentException>(() => Calibration.Evaluate([0.5, 0.5], [true]));
        var outside = Assert.Throws<ArgumentException>(() => Calibration.Evaluate([0.5, 1.5], [true, true]));
        var nan = Assert.Throws<ArgumentException>(() => Calibration.Evaluate([double.NaN], [true]));
        var bins = Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.Evaluate([0.5], [true], new CalibrationOptions(Bins: 0)));
        var norm = Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.Evaluate([0.5], [true], new CalibrationOptions(Norm: (CalibrationNorm)7)));

        Assert.Multiple(() =>
        {
            Assert.That(empty!.ParamName, Is.EqualTo("confidences"));
            Assert.That(mismatch!.ParamName, Is.EqualTo("correct"));
            Assert.That(mismatch.Message, Does.Contain("1").And.Contain("2"));
            Assert.That(outside!.ParamName, Is.EqualTo("confidences"));
            Assert.That(outside.Message, Does.Contain("confidences[1] = 1.5"));
            Assert.That(nan!.Message, Does.Contain("confidences[0] = NaN"));
            Assert.That(bins!.ParamName, Is.EqualTo("options"));
            Assert.That(bins.Message, Does.Contain("CalibrationOptions.Bins"));
            Assert.That(norm!.Message, Does.Contain("CalibrationOptions.Norm"));
        });
    }

    [Test]
    public void EvaluateProbabilities_BadInputs_ThrowNamingParameterAndPlace()
    {
        float[] good = [0.5f, 0.5f, 0.2f, 0.8f];

        var classes = Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.EvaluateProbabilities(good, 0, [0, 1]));
        var shape = Assert.Throws<ArgumentException>(() => Calibration.EvaluateProbabilities(good, 3, [0, 1]));
        var label = Assert.Throws<ArgumentException>(() => Calibration.EvaluateProbabilities(good, 2, [0, 2]));
        var negative = Assert.Throws<ArgumentException>(() => Calibration.EvaluateProbabilities([0.5f, 0.5f, -0.2f, 1.2f], 2, [0, 1]));
        var sum = Assert.Throws<ArgumentException>(() => Calibration.EvaluateProbabilities([0.5f, 0.5f, 0.2f, 0.7f], 2, [0, 1]));
        var empty = Assert.Throws<ArgumentException>(() => Calibration.EvaluateProbabilities([], 2, []));

        Assert.Multiple(() =>
        {
            Assert.That(classes!.ParamName, Is.EqualTo("classes"));
            Assert.That(shape!.ParamName, Is.EqualTo("probabilities"));
            Assert.That(shape.Message, Does.Contain("need 6"));
            Assert.That(label!.ParamName, Is.EqualTo("labels"));
            Assert.That(label.Message, Does.Contain("labels[1] = 2"));
            Assert.That(negative!.Message, Does.Contain("row 1, class 0"));
            Assert.That(sum!.Message, Does.Contain("Row 1").And.Contain("0.9"));
            Assert.That(empty!.ParamName, Is.EqualTo("labels"));
        });
    }
}

/// <summary>The definitions, written plainly: sort, group with LINQ, average.</summary>
internal static class CalibrationReference
{
    public static (double Ece, double Mce, double Rms) Errors(double[] confidences, bool[] correct, int bins, CalibrationBinning binning)
    {
        int n = confidences.Length;
        int[] bin = Assign(confidences, bins, binning);
        var groups = Enumerable.Range(0, n).GroupBy(i => bin[i])
            .Select(g => (Weight: (double)g.Count() / n, Gap: Math.Abs(g.Average(i => correct[i] ? 1.0 : 0.0) - g.Average(i => confidences[i]))))
            .ToArray();
        return (groups.Sum(g => g.Weight * g.Gap), groups.Max(g => g.Gap), Math.Sqrt(groups.Sum(g => g.Weight * g.Gap * g.Gap)));
    }

    /// <summary>Every bin in order; equal-mass bounds are the group's smallest and largest confidence (an empty trailing
    /// bin repeats the previous upper bound).</summary>
    public static CalibrationBin[] Bins(double[] confidences, bool[] correct, int bins, CalibrationBinning binning)
    {
        int[] bin = Assign(confidences, bins, binning);
        var result = new CalibrationBin[bins];
        double previous = confidences.Min();
        for (int b = 0; b < bins; b++)
        {
            int[] members = Enumerable.Range(0, confidences.Length).Where(i => bin[i] == b).ToArray();
            (double lower, double upper) = binning == CalibrationBinning.EqualWidth
                ? ((double)b / bins, (double)(b + 1) / bins)
                : members.Length == 0 ? (previous, previous) : (members.Min(i => confidences[i]), members.Max(i => confidences[i]));
            previous = upper;
            result[b] = members.Length == 0
                ? new CalibrationBin(lower, upper, 0, double.NaN, double.NaN)
                : new CalibrationBin(lower, upper, members.Length, members.Average(i => confidences[i]), members.Average(i => correct[i] ? 1.0 : 0.0));
        }

        return result;
    }

    private static int[] Assign(double[] confidences, int bins, CalibrationBinning binning)
    {
        int n = confidences.Length;
        int[] bin = new int[n];
        if (binning == CalibrationBinning.EqualWidth)
        {
            for (int i = 0; i < n; i++)
            {
                int b = 0;
                while (b + 1 < bins && confidences[i] >= (double)(b + 1) / bins)
                {
                    b++;
                }

                bin[i] = b;
            }
        }
        else
        {
            int[] order = Enumerable.Range(0, n).OrderBy(i => confidences[i]).ThenBy(i => i).ToArray();
            int position = 0;
            for (int b = 0; b < bins; b++)
            {
                int size = (n / bins) + (b < n % bins ? 1 : 0);
                for (int k = 0; k < size; k++)
                {
                    bin[order[position++]] = b;
                }
            }
        }

        return bin;
    }
}
