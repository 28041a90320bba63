using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;

namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// Calibration of a classifier's (or a model's) confidence: expected and maximum calibration error, RMS calibration
/// error, Brier score, negative log-likelihood and the per-bin reliability table.
/// </summary>
/// <remarks>
/// <para>A model is calibrated when, among predictions made with confidence c, a fraction c is correct. With the
/// predictions grouped into bins B_b by confidence, acc(B_b) is the fraction correct and conf(B_b) the mean confidence;
/// ECE = Σ_b (|B_b|/n)·|acc(B_b) − conf(B_b)| (Naeini, Cooper &amp; Hauskrecht 2015; Guo, Pleiss, Sun &amp; Weinberger,
/// "On Calibration of Modern Neural Networks", 2017), MCE = max_b |acc(B_b) − conf(B_b)| over non-empty bins, and the
/// RMS error √(Σ_b (|B_b|/n)·(acc − conf)²). These match torchmetrics' <c>CalibrationError</c> with
/// <c>norm="l1"</c>, <c>"max"</c> and <c>"l2"</c> for equal-width bins; the per-bin accuracy and mean confidence of
/// the non-empty bins are scikit-learn's <c>calibration_curve</c> <c>prob_true</c> and <c>prob_pred</c> (see
/// <see cref="CalibrationBinning"/> for the one edge case where its uniform bins differ).</para>
/// <para><b>Input.</b> At least one prediction; confidences in [0, 1] (NaN rejected). Bad input throws an
/// <see cref="ArgumentException"/> naming the parameter and the first bad index.</para>
/// <para><b>Cost.</b> Equal-width bins take one vectorized pass and no sort, O(n); equal-mass bins sort the
/// confidences with a stable radix sort (O(n), within the O(n log n) of a comparison sort), in pooled buffers. Nothing
/// is allocated beyond the report.</para>
/// <para><b>Reproducibility.</b> The Brier sum and the per-bin confidence sums run in a fixed order (four lanes, merged
/// in order), so the same input gives the same bins, ECE, MCE and Brier score bit for bit on every run and on every
/// instruction set. The log-likelihood uses <c>TensorPrimitives.Log</c> and <c>Sum</c>, whose last bits may differ
/// between machines with different vector widths.</para>
/// </remarks>
public static class Calibration
{
    /// <summary>How far a probability row of <see cref="EvaluateProbabilities"/> may sum from 1: 10⁻³.</summary>
    public const double ProbabilityRowTolerance = 1e-3;

    /// <summary>
    /// Calibration of binary "is this prediction correct" confidences: cᵢ is the probability the model gave to its own
    /// prediction being right, yᵢ whether it was.
    /// </summary>
    /// <param name="confidences">cᵢ ∈ [0, 1].</param>
    /// <param name="correct">yᵢ, one per confidence.</param>
    /// <param name="options">Bins, binning and norm; <see cref="CalibrationOptions.Default"/> when null.</param>
    /// <returns>The report. <see cref="CalibrationReport.BrierScore"/> is (1/n) Σ (cᵢ − yᵢ)² (scikit-learn's
    /// <c>brier_score_loss(y, c)</c>) and <see cref="CalibrationReport.NegativeLogLikelihood"/> the Bernoulli log loss
    /// −(1/n) Σ [yᵢ ln cᵢ + (1 − yᵢ) ln(1 − cᵢ)], +∞ if a correct prediction had confidence 0 or a wrong one 1
    /// (scikit-learn's <c>log_loss</c> would clip instead).</returns>
    /// <exception cref="ArgumentException">No predictions; lengths that differ (parameter <paramref name="correct"/>); a confidence
    /// outside [0, 1] or NaN (the message names the first).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options (parameter <c>options</c>).</exception>
    public static CalibrationReport Evaluate(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, CalibrationOptions? options = null)
    {
        options ??= CalibrationOptions.Default;
        options.Validate();
        if (confidences.IsEmpty)
        {
            throw new ArgumentException("At least one prediction is needed; confidences is empty.", nameof(confidences));
        }

        if (correct.Length != confidences.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"correct has {correct.Length} elements but confidences has {confidences.Length}; they must match."),
                nameof(correct));
        }

        // One pass: validity, Brier, the log-likelihood and, for equal-width bins, the bin sums.
        int bins = options.Bins;
        bool equalWidth = options.Binning == CalibrationBinning.EqualWidth;
        EqualWidthHistogram histogram = equalWidth ? EqualWidthHistogram.Rent(bins) : default;
        try
        {
            OutcomePass.Totals totals = OutcomePass.Run(confidences, correct, histogram);
            if (!totals.Valid)
            {
                ThrowFirstInvalid(confidences);
            }

            int n = confidences.Length;
            double brier = totals.BrierSum / n;
            double nll = -totals.LogLikelihood / n;
            return equalWidth
                ? CalibrationCore.Report(histogram.ToBins(), correct, options, brier, nll)
                : CalibrationCore.Report(confidences, correct, options, brier, nll);
        }
        finally
        {
            histogram.Return();
        }
    }

    private static void ThrowFirstInvalid(ReadOnlySpan<double> confidences)
    {
        for (int i = 0; i < confidences.Length; i++)
        {
            double c = confidences[i];
            if (!(c >= 0d && c <= 1d))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"confidences[{i}] = {c} is not a probability in [0, 1]."),
                    nameof(confidences));
            }
        }
    }

    /// <summary>
    /// Top-label calibration of a classifier that outputs a probability row per example: the confidence is the row's
    /// largest probability (the first on ties) and the prediction is correct when that class is the label.
    /// </summary>
    /// <param name="probabilities">n rows of <paramref name="classes"/> probabilities, row-major; each in [0, 1], each row
    /// summing to 1 within <see cref="ProbabilityRowTolerance"/>.</param>
    /// <param name="classes">K ≥ 1, the row length.</param>
    /// <param name="labels">The true class of each row, in [0, K).</param>
    /// <param name="options">Bins, binning and norm; <see cref="CalibrationOptions.Default"/> when null.</param>
    /// <returns>The report. <see cref="CalibrationReport.BrierScore"/> is the multiclass Brier score
    /// (1/n) Σᵢ Σₖ (pᵢₖ − 1[k = yᵢ])² (Brier 1950; in [0, 2]), and <see cref="CalibrationReport.NegativeLogLikelihood"/>
    /// is −(1/n) Σᵢ ln pᵢ,yᵢ (+∞ when a label had probability 0).</returns>
    /// <exception cref="ArgumentException">No rows; a probabilities length that is not n·K (parameter
    /// <paramref name="probabilities"/>); a probability outside [0, 1] or NaN, or a row that does not sum to 1 (the message names
    /// the row); a label outside [0, K) (parameter <paramref name="labels"/>, naming the index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt; 1, or invalid options.</exception>
    public static CalibrationReport EvaluateProbabilities(
        ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels, CalibrationOptions? options = null)
    {
        options ??= CalibrationOptions.Default;
        options.Validate();
        int n = CheckRows(probabilities, classes, labels);

        double[] confidences = ArrayPool<double>.Shared.Rent(n);
        bool[] correct = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            double brier = 0d;
            double nll = 0d;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<float> row = probabilities.Slice(i * classes, classes);
                int top = TensorPrimitives.IndexOfMax(row);
                int label = labels[i];
                confidences[i] = row[top];
                correct[i] = top == label;

                // Σₖ (pₖ − 1[k = y])² = Σₖ pₖ² − 2 p_y + 1.
                brier += TensorPrimitives.SumOfSquares(row) - (2d * row[label]) + 1d;
                nll -= Math.Log(row[label]);
            }

            return CalibrationCore.Report(confidences.AsSpan(0, n), correct.AsSpan(0, n), options, brier / n, nll / n);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(confidences);
            ArrayPool<bool>.Shared.Return(correct);
        }
    }

    /// <summary>Validates a row-major probability matrix and its labels; returns n.</summary>
    private static int CheckRows(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        CalibrationCore.CheckMatrix(probabilities.Length, classes, labels, nameof(probabilities), minimumClasses: 1);
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(i * classes, classes);
            double sum = 0d;
            for (int k = 0; k < row.Length; k++)
            {
                float p = row[k];
                if (!(p >= 0f && p <= 1f))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"probabilities[{(i * classes) + k}] (row {i}, class {k}) = {p} is not a probability in [0, 1]."),
                        nameof(probabilities));
                }

                sum += p;
            }

            if (!(Math.Abs(sum - 1d) <= ProbabilityRowTolerance))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Row {i} of probabilities sums to {sum:0.######}, not 1 (tolerance {ProbabilityRowTolerance}); pass softmax outputs, or TemperatureScaling.Apply's."),
                    nameof(probabilities));
            }
        }

        return labels.Length;
    }
}
