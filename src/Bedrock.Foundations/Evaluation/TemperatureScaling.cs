using System.Globalization;
using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al. 2017): one scalar T &gt; 0 divides every logit, fitted on held-out data to minimize
/// the negative log-likelihood; the arg-max, so the accuracy, is unchanged, and the confidences are usually far better
/// calibrated.
/// </summary>
/// <remarks>
/// <para>With β = 1/T the mean NLL is f(β) = (1/n) Σᵢ [ln Σₖ exp(β zᵢₖ) − β zᵢ,yᵢ], a convex function of β with
/// f′(β) = (1/n) Σᵢ (E_p[zᵢ] − zᵢ,yᵢ) and f″(β) = (1/n) Σᵢ Var_p(zᵢ) ≥ 0 (p = softmax(β zᵢ)). <see cref="Fit"/> solves
/// f′(β) = 0 by Newton's method safeguarded by a bracket (a bisection step whenever Newton would leave it) until T
/// changes by less than 10⁻⁹ relatively (the contract is 10⁻⁶), over T ∈ [<see cref="MinimumTemperature"/>,
/// <see cref="MaximumTemperature"/>]: when the optimum lies beyond (for example every example right with a growing
/// margin), the bound is returned.</para>
/// <para>Everything is evaluated in double precision from the float logits.</para>
/// </remarks>
public static class TemperatureScaling
{
    /// <summary>The smallest temperature <see cref="Fit"/> returns: 0.01.</summary>
    public const double MinimumTemperature = 0.01;

    /// <summary>The largest temperature <see cref="Fit"/> returns: 100.</summary>
    public const double MaximumTemperature = 100;

    private const int MaxIterations = 200;

    /// <summary>The temperature that minimizes the mean NLL of <paramref name="labels"/> under softmax(z/T).</summary>
    /// <param name="logits">n rows of <paramref name="classes"/> logits, row-major; finite.</param>
    /// <param name="classes">K ≥ 2.</param>
    /// <param name="labels">The true class of each row, in [0, K).</param>
    /// <returns>T in [<see cref="MinimumTemperature"/>, <see cref="MaximumTemperature"/>].</returns>
    /// <exception cref="ArgumentException">No rows; a logits length that is not n·K; a NaN or infinite logit (naming it); a label
    /// outside [0, K).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt; 2.</exception>
    public static double Fit(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels) =>
        Solve(logits, classes, labels).Temperature;

    /// <summary>
    /// Fits T as <see cref="Fit"/> does and reports the NLL and calibration before (T = 1) and after, on the same data.
    /// </summary>
    /// <param name="logits">n rows of <paramref name="classes"/> logits, row-major; finite.</param>
    /// <param name="classes">K ≥ 2.</param>
    /// <param name="labels">The true class of each row, in [0, K).</param>
    /// <param name="options">Binning for the two calibration reports; <see cref="CalibrationOptions.Default"/> when null.</param>
    /// <returns>T, the Newton iterations taken, and the two calibration reports.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Fit"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Fit"/>, or invalid options.</exception>
    public static TemperatureScalingResult FitAndEvaluate(
        ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels, CalibrationOptions? options = null)
    {
        options ??= CalibrationOptions.Default;
        options.Validate();
        (double temperature, int iterations) = Solve(logits, classes, labels);
        var probabilities = new float[logits.Length];
        Apply(logits, classes, 1d, probabilities);
        CalibrationReport before = Calibration.EvaluateProbabilities(probabilities, classes, labels, options);
        Apply(logits, classes, temperature, probabilities);
        CalibrationReport after = Calibration.EvaluateProbabilities(probabilities, classes, labels, options);
        return new TemperatureScalingResult(temperature, iterations, before, after);
    }

    /// <summary>Writes softmax(zᵢ/T) for every row (see <see cref="Distribution.Softmax"/>).</summary>
    /// <param name="logits">n rows of <paramref name="classes"/> logits, row-major; −∞ allowed (masked), NaN and +∞ not.</param>
    /// <param name="classes">K ≥ 1.</param>
    /// <param name="temperature">T &gt; 0, finite.</param>
    /// <param name="probabilities">Receives n rows of K probabilities; exactly as long as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException">A logits length that is not a multiple of K, a destination of another length, or a bad
    /// row (as for <see cref="Distribution.Softmax"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt; 1, or a temperature that is not positive and
    /// finite.</exception>
    public static void Apply(ReadOnlySpan<float> logits, int classes, double temperature, Span<float> probabilities)
    {
        if (classes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes must be at least 1.");
        }

        if (!(temperature > 0d) || double.IsPositiveInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive and finite.");
        }

        if (logits.Length % classes != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"logits has {logits.Length} elements, not a multiple of {classes} classes."),
                nameof(logits));
        }

        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"probabilities has {probabilities.Length} elements; logits has {logits.Length}."),
                nameof(probabilities));
        }

        for (int start = 0; start < logits.Length; start += classes)
        {
            Distribution.Softmax(logits.Slice(start, classes), probabilities.Slice(start, classes), (float)temperature);
        }
    }

    private static (double Temperature, int Iterations) Solve(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels)
    {
        Check(logits, classes, labels);
        double lo = 1d / MaximumTemperature;
        double hi = 1d / MinimumTemperature;
        if (Derivatives(logits, classes, labels, lo).First >= 0d)
        {
            return (MaximumTemperature, 0);
        }

        if (Derivatives(logits, classes, labels, hi).First <= 0d)
        {
            return (MinimumTemperature, 0);
        }

        double beta = 1d;
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            (double first, double second) = Derivatives(logits, classes, labels, beta);
            if (first > 0d)
            {
                hi = beta;
            }
            else
            {
                lo = beta;
            }

            double next = second > 0d ? beta - (first / second) : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - beta) <= 1e-9 * beta || hi - lo <= 1e-12 * hi)
            {
                return (1d / next, iteration);
            }

            beta = next;
        }

        return (1d / beta, MaxIterations);
    }

    /// <summary>f′(β) and f″(β) of the mean NLL (see the remarks).</summary>
    private static (double First, double Second) Derivatives(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels, double beta)
    {
        double first = 0d;
        double second = 0d;
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * classes, classes);
            double max = double.NegativeInfinity;
            foreach (float z in row)
            {
                max = Math.Max(max, z);
            }

            double sum = 0d;
            double mean = 0d;
            double meanSquare = 0d;
            foreach (float z in row)
            {
                double w = Math.Exp(beta * (z - max));
                sum += w;
                mean += w * z;
                meanSquare += w * z * z;
            }

            mean /= sum;
            double variance = Math.Max(0d, (meanSquare / sum) - (mean * mean));
            first += mean - row[labels[i]];
            second += variance;
        }

        return (first / labels.Length, second / labels.Length);
    }

    private static void Check(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels)
    {
        CalibrationCore.CheckMatrix(logits.Length, classes, labels, nameof(logits), minimumClasses: 2);
        for (int i = 0; i < logits.Length; i++)
        {
            if (!float.IsFinite(logits[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"logits[{i}] = {logits[i]}; temperature scaling needs finite logits."),
                    nameof(logits));
            }
        }
    }
}

/// <summary>What <see cref="TemperatureScaling.FitAndEvaluate"/> found.</summary>
/// <param name="Temperature">The fitted T.</param>
/// <param name="Iterations">Newton/bisection iterations taken (0 when T is a bound).</param>
/// <param name="Before">Calibration at T = 1 (its <see cref="CalibrationReport.NegativeLogLikelihood"/> is the NLL before).</param>
/// <param name="After">Calibration at the fitted T, on the same data.</param>
public sealed record TemperatureScalingResult(double Temperature, int Iterations, CalibrationReport Before, CalibrationReport After);
