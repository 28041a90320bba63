using System.Globalization;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Machine;

namespace Bedrock.Foundations.Benchmarks.Aws;

/// <summary>
/// Bytes decoded per invocation (<see cref="IWorkloadBenchmark.WorkOf"/>, <see cref="WorkKind.BytesRead"/>) / mean time,
/// in MB/s (10⁶ bytes per second). A decoder is bound by parsing and checksums, not by DRAM, so it gets this column
/// instead of the "% DRAM BW" pair of <see cref="WorkloadColumnsAttribute"/>.
/// </summary>
public sealed class EventStreamThroughputColumn() : WorkloadColumn(WorkKind.BytesRead)
{
    public override string Id => "Throughput.MegabytesPerSecond";

    public override string ColumnName => "MB/s";

    public override string Legend => "Event-stream bytes decoded per invocation (IWorkloadBenchmark.WorkOf) / mean time, in 10^6 bytes per second";

    protected override string Format(double gigaPerSecond, int threads) =>
        (gigaPerSecond * 1_000).ToString("F0", CultureInfo.InvariantCulture);
}

/// <summary>Adds <see cref="EventStreamThroughputColumn"/> to a benchmark class implementing <see cref="IWorkloadBenchmark"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EventStreamThroughputColumnAttribute() : ColumnConfigBaseAttribute(new EventStreamThroughputColumn());
