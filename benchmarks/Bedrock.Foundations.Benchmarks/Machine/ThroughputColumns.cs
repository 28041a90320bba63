using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bedrock.Foundations.Benchmarks.Machine;

/// <summary>What one invocation of a benchmark method does.</summary>
/// <param name="Amount">Floating-point operations, or bytes read from memory; 0 when the figure does not apply to the row.</param>
/// <param name="Threads">Threads the row may use: the reference of its "% of peak" column is the peak at that many threads.</param>
public readonly record struct Workload(double Amount, int Threads);

/// <summary>What a throughput column counts.</summary>
public enum WorkKind
{
    /// <summary>Floating-point operations: the column shows GFLOP/s and % of the FP32 FMA peak.</summary>
    FloatingPointOperations,

    /// <summary>Bytes read: the column shows GB/s (10⁹ bytes per second) and % of the DRAM read bandwidth.</summary>
    BytesRead,
}

/// <summary>
/// A benchmark class whose rows do a known amount of work per invocation. The throughput columns create an instance,
/// set its [Params] properties to the row's values (no [GlobalSetup] runs), and ask it.
/// </summary>
public interface IWorkloadBenchmark
{
    /// <summary>The work of one invocation of <paramref name="benchmarkMethod"/> under the current parameters.</summary>
    public Workload WorkOf(string benchmarkMethod);
}

/// <summary>
/// Adds two columns to a class implementing <see cref="IWorkloadBenchmark"/>: the throughput (work / mean time) and
/// the percentage of the machine's peak at the row's thread count (<see cref="MachinePeak"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class WorkloadColumnsAttribute(WorkKind kind)
    : ColumnConfigBaseAttribute(new ThroughputColumn(kind), new PercentOfPeakColumn(kind))
{
    /// <summary>What the columns count.</summary>
    public WorkKind Kind { get; } = kind;
}

/// <summary>Shared plumbing of the two columns.</summary>
public abstract class WorkloadColumn(WorkKind kind) : NumericColumn
{
    /// <summary>What the column counts.</summary>
    protected WorkKind Kind { get; } = kind;

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        Workload work = WorkOf(benchmarkCase);
        if (meanNanoseconds is not > 0 || work.Amount <= 0)
        {
            return "-";
        }

        // Work per nanosecond is work per second in units of 10⁹.
        return Format(work.Amount / meanNanoseconds.Value, work.Threads);
    }

    /// <summary>The cell for a throughput in G per second (GFLOP/s or GB/s) on <paramref name="threads"/> threads.</summary>
    protected abstract string Format(double gigaPerSecond, int threads);

    /// <summary>The work of one invocation of the case's method under its parameters (default when the class has none).</summary>
    internal static Workload WorkOf(BenchmarkCase benchmarkCase)
    {
        Type type = benchmarkCase.Descriptor.Type;
        if (Activator.CreateInstance(type) is not IWorkloadBenchmark instance)
        {
            return default;
        }

        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            type.GetProperty(parameter.Name, BindingFlags.Public | BindingFlags.Instance)?.SetValue(instance, parameter.Value);
        }

        return instance.WorkOf(benchmarkCase.Descriptor.WorkloadMethod.Name);
    }
}

/// <summary>Work / mean time: GFLOP/s or GB/s.</summary>
public sealed class ThroughputColumn(WorkKind kind) : WorkloadColumn(kind)
{
    public override string Id => "Throughput." + Kind;

    public override string ColumnName => Kind == WorkKind.FloatingPointOperations ? "GFLOP/s" : "GB/s";

    public override string Legend => Kind == WorkKind.FloatingPointOperations
        ? "Floating-point operations per invocation (IWorkloadBenchmark.WorkOf) / mean time, in 10^9 per second"
        : "Bytes read per invocation (IWorkloadBenchmark.WorkOf) / mean time, in 10^9 bytes per second";

    protected override string Format(double gigaPerSecond, int threads) => gigaPerSecond.ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>The throughput as a percentage of the machine's peak at the row's thread count (<see cref="MachinePeak"/>).</summary>
public sealed class PercentOfPeakColumn(WorkKind kind) : WorkloadColumn(kind)
{
    public override string Id => "PercentOfPeak." + Kind;

    public override string ColumnName => Kind == WorkKind.FloatingPointOperations ? "% FMA peak" : "% DRAM BW";

    public override string Legend => Kind == WorkKind.FloatingPointOperations
        ? "GFLOP/s as a percentage of the FP32 FMA peak at the row's thread count, measured in the host process (MachinePeak)"
        : "GB/s as a percentage of the DRAM read bandwidth at the row's thread count, measured in the host process (MachinePeak)";

    protected override string Format(double gigaPerSecond, int threads)
    {
        double peak = Kind == WorkKind.FloatingPointOperations ? MachinePeak.Gflops(threads) : MachinePeak.GigabytesPerSecond(threads);
        return (100 * gigaPerSecond / peak).ToString("F1", CultureInfo.InvariantCulture) + " %";
    }
}

/// <summary>
/// Adds a column giving each row's throughput as a percentage of a reference row of the same class, the same parameters
/// and the same thread count: the method named <see cref="ReferencePrefix"/> + the thread count (e.g. "Read1", "Read2").
/// Both figures come from the same run, so the percentage does not depend on how fast the machine was that minute.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PercentOfReferenceColumnAttribute(string referencePrefix, string columnName)
    : ColumnConfigBaseAttribute(new PercentOfReferenceColumn(referencePrefix, columnName))
{
    /// <summary>The reference methods' name without the thread count.</summary>
    public string ReferencePrefix { get; } = referencePrefix;

    /// <summary>The column's header.</summary>
    public string ColumnName { get; } = columnName;
}

/// <summary>Throughput / the throughput of the reference row at the same thread count, as a percentage.</summary>
public sealed class PercentOfReferenceColumn(string referencePrefix, string columnName) : NumericColumn
{
    public override string Id => "PercentOfReference." + referencePrefix;

    public override string ColumnName => columnName;

    public override string Legend => $"Throughput as a percentage of the '{referencePrefix}<threads>' row's, same parameters and thread count, same run";

    public override int PriorityInCategory => 1;

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        Workload work = WorkloadColumn.WorkOf(benchmarkCase);
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        BenchmarkCase? reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == referencePrefix + work.Threads.ToString(CultureInfo.InvariantCulture)
            && c.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        if (reference is null || mean is not > 0 || work.Amount <= 0)
        {
            return "-";
        }

        Workload referenceWork = WorkloadColumn.WorkOf(reference);
        double? referenceMean = summary[reference]?.ResultStatistics?.Mean;
        if (referenceMean is not > 0 || referenceWork.Amount <= 0)
        {
            return "-";
        }

        double percent = 100 * (work.Amount / mean.Value) / (referenceWork.Amount / referenceMean.Value);
        return percent.ToString("F1", CultureInfo.InvariantCulture) + " %";
    }
}
