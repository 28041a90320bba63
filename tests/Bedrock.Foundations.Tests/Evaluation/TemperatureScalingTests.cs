using Bedrock.Foundations.Evaluation;

namespace Bedrock.Foundations.Tests.Evaluation;

[TestFixture]
public sealed class TemperatureScalingTests
{
    /// <summary>
    /// n rows of K logits whose labels are drawn from softmax(true logits); the model reports true logits × scale, so
    /// the temperature that undoes it is the scale.
    /// </summary>
    internal static (float[] Logits, int[] Labels) Overconfident(int n, int classes, double scale, int seed)
    {
        var random = new Random(seed);
        var logits = new float[n * classes];
        var labels = new int[n];
        var p = new double[classes];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k < classes; k++)
            {
                double z = 1.5 * Sampling.TestData.Gaussian(random);
                logits[(i * classes) + k] = (float)(scale * z);
                p[k] = Math.Exp(z);
                sum += p[k];
            }

            double u = random.NextDouble() * sum;
            int label = 0;
            while (label < classes - 1 && (u -= p[label]) > 0)
            {
                label++;
            }

            labels[i] = label;
        }

        return (logits, labels);
    }

    [TestCase(3.0)]
    [TestCase(0.5)]
    [TestCase(1.0)]
    public void Fit_RecoversTheScaleThatMadeTheLogitsOverOrUnderConfident(double scale)
    {
        (float[] logits, int[] labels) = Overconfident(20_000, 5, scale, seed: 11);

        double temperature = TemperatureScaling.Fit(logits, 5, labels);

        Assert.That(temperature, Is.EqualTo(scale).Within(0.08 * scale));
    }

    [Test]
    public void Fit_IsTheMinimizerToOneInAMillion()
    {
        (float[] logits, int[] labels) = Overconfident(3_000, 4, 2.0, seed: 12);

        double t = TemperatureScaling.Fit(logits, 4, labels);

        // The NLL at T(1 ± 10⁻⁶)·… is never lower: check a ladder of nearby temperatures.
        double best = Nll(logits, 4, labels, t);
        foreach (double factor in new[] { 1 - 1e-3, 1 - 1e-5, 1 + 1e-5, 1 + 1e-3 })
        {
            Assert.That(Nll(logits, 4, labels, t * factor), Is.GreaterThanOrEqualTo(best - 1e-12), $"factor {factor}");
        }

        // And the derivative of the NLL in β = 1/T vanishes there (central difference).
        double beta = 1 / t;
        double h = 1e-4 * beta;
        double slope = (Nll(logits, 4, labels, 1 / (beta + h)) - Nll(logits, 4, labels, 1 / (beta - h))) / (2 * h);
        Assert.That(Math.Abs(slope), Is.LessThan(1e-6));
    }

    [Test]
    public void FitAndEvaluate_LowersNllAndEce_AndKeepsAccuracy()
    {
        (float[] logits, int[] labels) = Overconfident(10_000, 5, 3.0, seed: 13);

        TemperatureScalingResult result = TemperatureScaling.FitAndEvaluate(logits, 5, labels);

        Assert.That(result.After.NegativeLogLikelihood, Is.LessThan(result.Before.NegativeLogLikelihood!.Value));
        Assert.That(result.After.ExpectedCalibrationError, Is.LessThan(result.Before.ExpectedCalibrationError / 3));
        Assert.That(result.After.Accuracy, Is.EqualTo(result.Before.Accuracy));
        Assert.That(result.Temperature, Is.EqualTo(TemperatureScaling.Fit(logits, 5, labels)));
        Assert.That(result.Iterations, Is.InRange(1, 60));
    }

    [Test]
    public void Fit_PerfectlySeparatedData_ReturnsTheSmallestTemperature()
    {
        // Every label is the arg-max with a margin: sharper is always better, so the optimum is past the bound.
        float[] logits = [5f, 0f, 0f, 5f, 5f, 0f];
        int[] labels = [0, 1, 0];

        Assert.That(TemperatureScaling.Fit(logits, 2, labels), Is.EqualTo(TemperatureScaling.MinimumTemperature));
    }

    [Test]
    public void Apply_WritesRowSoftmaxAtTheTemperature()
    {
        float[] logits = [2f, 1f, 0.1f, 0f, 0f, 0f];
        var probabilities = new float[6];

        TemperatureScaling.Apply(logits, 3, 0.5, probabilities);

        // §9 example at T = 0.5: (0.863777, 0.116900, 0.019323); a flat row stays flat.
        Assert.That(probabilities[..3], Is.EqualTo(new[] { 0.863777f, 0.116900f, 0.019323f }).Within(1e-6f));
        Assert.That(probabilities[3..], Is.All.EqualTo(1f / 3).Within(1e-7f));
    }

    [Test]
    public void BadInputs_Throw()
    {
        float[] logits = [1f, 2f, 3f, 4f];
        var destination = new float[4];

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureScaling.Fit(logits, 1, [0, 0, 0, 0]))!.ParamName, Is.EqualTo("classes"));
            Assert.That(Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit(logits, 2, [0]))!.ParamName, Is.EqualTo("logits"));
            Assert.That(Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit(logits, 2, [0, 2]))!.Message, Does.Contain("labels[1] = 2"));
            Assert.That(Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([1f, float.NaN], 2, [0]))!.Message, Does.Contain("logits[1]"));
            Assert.That(Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([], 2, []))!.ParamName, Is.EqualTo("labels"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureScaling.Apply(logits, 2, 0, destination))!.ParamName, Is.EqualTo("temperature"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureScaling.Apply(logits, 2, double.NaN, destination))!.ParamName, Is.EqualTo("temperature"));
            Assert.That(Assert.Throws<ArgumentException>(() => TemperatureScaling.Apply(logits, 3, 1, destination))!.ParamName, Is.EqualTo("logits"));
            Assert.That(Assert.Throws<ArgumentException>(() => TemperatureScaling.Apply(logits, 2, 1, new float[3]))!.ParamName, Is.EqualTo("probabilities"));
            Assert.That(destination, Is.All.Zero);
        });
    }

    internal static double Nll(float[] logits, int classes, int[] labels, double temperature)
    {
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
            {
                max = Math.Max(max, logits[(i * classes) + k] / temperature);
            }

            double sum = 0;
            for (int k = 0; k < classes; k++)
            {
                sum += Math.Exp((logits[(i * classes) + k] / temperature) - max);
            }

            total += max + Math.Log(sum) - (logits[(i * classes) + labels[i]] / temperature);
        }

        return total / labels.Length;
    }
}
