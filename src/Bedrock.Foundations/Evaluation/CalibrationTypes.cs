namespace Bedrock.Foundations.Evaluation;

/// <summary>How <see cref="Calibration"/> groups predictions by confidence.</summary>
public enum CalibrationBinning
{
    /// <summary>
    /// B bins of equal width: [i/B, (i+1)/B) for i = 0..B−1, the last one closed at 1 (a confidence of 1 counts). The
    /// convention of torchmetrics' <c>CalibrationError</c> and of Guo et al. (2017); scikit-learn's
    /// <c>calibration_curve(strategy="uniform")</c> differs only for a confidence exactly on an inner edge, which it puts
    /// in the lower bin.
    /// </summary>
    EqualWidth,

    /// <summary>
    /// B bins of (nearly) equal count: the predictions sorted by confidence (ties by input order) and split into B
    /// consecutive groups, the first n mod B of them one larger (numpy's <c>array_split</c>). Naeini et al. (2015)
    /// call this the adaptive binning.
    /// </summary>
    EqualMass,
}

/// <summary>How the per-bin gaps |acc(B_b) − conf(B_b)| combine into <see cref="CalibrationReport.CalibrationError"/>.</summary>
public enum CalibrationNorm
{
    /// <summary>Expected calibration error: Σ_b (|B_b|/n)·|acc − conf| (torchmetrics <c>norm="l1"</c>).</summary>
    L1,

    /// <summary>Root-mean-square calibration error: √(Σ_b (|B_b|/n)·(acc − conf)²) (torchmetrics <c>norm="l2"</c>).</summary>
    L2,

    /// <summary>Maximum calibration error: max over non-empty bins of |acc − conf| (torchmetrics <c>norm="max"</c>).</summary>
    Max,
}

/// <summary>Options for <see cref="Calibration"/>.</summary>
/// <param name="Bins">How many bins, ≥ 1 (15 by default, as in Guo et al. 2017).</param>
/// <param name="Binning">Equal width (default) or equal mass.</param>
/// <param name="Norm">Which error <see cref="CalibrationReport.CalibrationError"/> holds (ECE by default).</param>
public sealed record CalibrationOptions(int Bins = 15, CalibrationBinning Binning = CalibrationBinning.EqualWidth, CalibrationNorm Norm = CalibrationNorm.L1)
{
    /// <summary>The defaults: 15 equal-width bins, L1 (ECE).</summary>
    public static CalibrationOptions Default { get; } = new();

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Bins"/> &lt; 1, or an undefined enum value; the
    /// parameter name is <c>options</c> and the message names the field.</exception>
    public void Validate()
    {
        if (Bins < 1)
        {
            throw new ArgumentOutOfRangeException("options", Bins, $"CalibrationOptions.Bins must be at least 1; it is {Bins}.");
        }

        if (!Enum.IsDefined(Binning))
        {
            throw new ArgumentOutOfRangeException("options", Binning, $"CalibrationOptions.Binning {(int)Binning} is not a CalibrationBinning value.");
        }

        if (!Enum.IsDefined(Norm))
        {
            throw new ArgumentOutOfRangeException("options", Norm, $"CalibrationOptions.Norm {(int)Norm} is not a CalibrationNorm value.");
        }
    }
}

/// <summary>One bin of a <see cref="CalibrationReport"/>.</summary>
/// <param name="Lower">The bin's lower edge: i/B for equal width; the smallest confidence in it for equal mass.</param>
/// <param name="Upper">The bin's upper edge: (i+1)/B for equal width; the largest confidence in it for equal mass.</param>
/// <param name="Count">How many predictions fell in it (0 for an empty bin).</param>
/// <param name="MeanConfidence">conf(B_b): the mean confidence in the bin; NaN when the bin is empty.</param>
/// <param name="Accuracy">acc(B_b): the fraction of correct predictions in the bin; NaN when the bin is empty.</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)
{
    /// <summary>|acc − conf|, or 0 for an empty bin.</summary>
    public double Gap => Count == 0 ? 0d : Math.Abs(Accuracy - MeanConfidence);
}

/// <summary>What <see cref="Calibration"/> measured.</summary>
/// <param name="CalibrationError">The error under <see cref="CalibrationOptions.Norm"/>.</param>
/// <param name="ExpectedCalibrationError">ECE = Σ_b (|B_b|/n)·|acc(B_b) − conf(B_b)|, always.</param>
/// <param name="MaximumCalibrationError">MCE = max over non-empty bins of |acc(B_b) − conf(B_b)|, always.</param>
/// <param name="BrierScore">Mean squared error of the probabilities (see each method for which ones).</param>
/// <param name="NegativeLogLikelihood">Mean negative log-likelihood in nats (+∞ when a true outcome got probability 0).</param>
/// <param name="Accuracy">The fraction of correct predictions.</param>
/// <param name="Count">n, the number of predictions.</param>
/// <param name="Bins">Every bin in order, empty ones included.</param>
public sealed record CalibrationReport(
    double CalibrationError,
    double ExpectedCalibrationError,
    double MaximumCalibrationError,
    double BrierScore,
    double? NegativeLogLikelihood,
    double Accuracy,
    int Count,
    IReadOnlyList<CalibrationBin> Bins)
{
    /// <summary>RMS calibration error √(Σ_b (|B_b|/n)·(acc − conf)²), always.</summary>
    public double RootMeanSquareCalibrationError { get; init; }
}
