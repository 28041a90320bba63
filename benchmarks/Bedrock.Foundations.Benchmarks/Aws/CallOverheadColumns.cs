using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bedrock.Foundations.Benchmarks.Machine;

namespace Bedrock.Foundations.Benchmarks.Aws;

/// <summary>
/// The client's cost per call, from medians (the shared machine is noisy): in a logical group with a baseline row, the
/// row's median minus the baseline's median (what the client adds to the same HTTP exchange); in a group without one, the
/// row's median itself (a piece of the client measured alone). Shown in µs (<see cref="Percent"/> false) or as a
/// percentage of a 50 ms model call, the reference (<see cref="Percent"/> true).
/// </summary>
public sealed class CallOverheadColumn(bool percent) : NumericColumn
{
    /// <summary>The model call the percentage refers to: 50 ms, in nanoseconds.</summary>
    public const double ReferenceCallNanoseconds = 50_000_000;

    /// <summary>Whether the column shows the percentage of a 50 ms call rather than µs.</summary>
    public bool Percent { get; } = percent;

    public override string Id => Percent ? "CallOverhead.PercentOf50ms" : "CallOverhead.Microseconds";

    public override string ColumnName => Percent ? "% of 50 ms" : "Overhead µs";

    public override string Legend => Percent
        ? "Overhead µs as a percentage of a 50 ms model call"
        : "Median minus the baseline's median in the same category (or the median itself when the class has no baseline), in µs";

    public override int PriorityInCategory => Percent ? 1 : 0;

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (median is null)
        {
            return "-";
        }

        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        if (baseline is not null && ReferenceEquals(baseline, benchmarkCase))
        {
            return "-";
        }

        double overhead = median.Value;
        if (baseline is not null)
        {
            double? baselineMedian = summary[baseline]?.ResultStatistics?.Median;
            if (baselineMedian is null)
            {
                return "-";
            }

            overhead -= baselineMedian.Value;
        }

        return Percent
            ? (100 * overhead / ReferenceCallNanoseconds).ToString("F2", CultureInfo.InvariantCulture) + " %"
            : (overhead / 1_000).ToString("F1", CultureInfo.InvariantCulture);
    }
}

/// <summary>Adds the two <see cref="CallOverheadColumn"/>s (µs and % of 50 ms) to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CallOverheadColumnsAttribute() : ColumnConfigBaseAttribute(new CallOverheadColumn(false), new CallOverheadColumn(true));
