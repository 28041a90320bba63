using Bedrock.Foundations.Evaluation;

namespace Bedrock.Foundations.Benchmarks.Baselines;

/// <summary>
/// The straightforward LINQ calibration report a team would write first: bin index per prediction, GroupBy, averages,
/// Brier and log loss with Select/Average. The baseline for <see cref="Calibration.Evaluate"/>.
/// </summary>
public static class NaiveCalibration
{
    public static (double Ece, double Mce, double Brier, double LogLoss, double Accuracy) Evaluate(double[] confidences, bool[] correct, int bins, bool equalMass)
    {
        var items = confidences.Select((c, i) => (Confidence: c, Correct: correct[i], Index: i)).ToList();
        List<(int Bin, double Confidence, bool Correct)> binned = equalMass
            ? items.OrderBy(x => x.Confidence).ThenBy(x => x.Index)
                .Select((x, rank) => (Bin: (int)((long)rank * bins / items.Count), x.Confidence, x.Correct)).ToList()
            : items.Select(x => (Bin: Math.Min((int)(x.Confidence * bins), bins - 1), x.Confidence, x.Correct)).ToList();

        var groups = binned.GroupBy(x => x.Bin)
            .Select(g => new
            {
                Weight = (double)g.Count() / items.Count,
                Gap = Math.Abs(g.Average(x => x.Correct ? 1.0 : 0.0) - g.Average(x => x.Confidence)),
            })
            .ToList();

        double brier = items.Average(x => Math.Pow(x.Confidence - (x.Correct ? 1 : 0), 2));
        double logLoss = -items.Average(x => Math.Log(x.Correct ? x.Confidence : 1 - x.Confidence));
        return (groups.Sum(g => g.Weight * g.Gap), groups.Max(g => g.Gap), brier, logLoss, items.Average(x => x.Correct ? 1.0 : 0.0));
    }
}
