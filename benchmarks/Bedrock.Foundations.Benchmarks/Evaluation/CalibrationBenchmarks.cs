using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Evaluation;

namespace Bedrock.Foundations.Benchmarks.Evaluation;

/// <summary>
/// <see cref="Calibration.Evaluate"/> over n = 10⁶ predictions (15 bins) against the naive LINQ report, equal width
/// (one pass) and equal mass (a sort), with allocations.
/// </summary>
[MemoryDiagnoser]
public class CalibrationBenchmarks
{
    private double[] _confidences = [];
    private bool[] _correct = [];
    private CalibrationOptions _equalMass = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _confidences = new double[N];
        _correct = new bool[N];
        for (int i = 0; i < N; i++)
        {
            double c = 0.5 + (0.5 * random.NextDouble());
            _confidences[i] = c;
            _correct[i] = random.NextDouble() < c * c;
        }

        _equalMass = new CalibrationOptions(Binning: CalibrationBinning.EqualMass);
    }

    [Benchmark(Baseline = true, Description = "naive LINQ, equal width")]
    public double NaiveEqualWidth() => NaiveCalibration.Evaluate(_confidences, _correct, 15, equalMass: false).Ece;

    [Benchmark(Description = "Calibration.Evaluate, equal width")]
    public double EqualWidth() => Calibration.Evaluate(_confidences, _correct).ExpectedCalibrationError;

    [Benchmark(Description = "naive LINQ, equal mass")]
    public double NaiveEqualMass() => NaiveCalibration.Evaluate(_confidences, _correct, 15, equalMass: true).Ece;

    [Benchmark(Description = "Calibration.Evaluate, equal mass")]
    public double EqualMass() => Calibration.Evaluate(_confidences, _correct, _equalMass).ExpectedCalibrationError;
}
