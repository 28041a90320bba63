using BenchmarkDotNet.Attributes;

namespace Bedrock.Foundations.Benchmarks.Machine;

/// <summary>
/// DRAM read bandwidth: <see cref="System.Numerics.Tensors.TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/> over a 256 MiB
/// float buffer (8× a 32 MiB L3), on 1 thread and on 2 threads each summing one half. One invocation reads
/// 268 435 456 bytes; the GB/s column is that over the mean time (10⁹ bytes per second).
/// </summary>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.BytesRead)]
public class PeakBandwidthBenchmarks : IWorkloadBenchmark
{
    /// <summary>Bytes summed per invocation.</summary>
    public const int Bytes = 256 << 20;

    private float[] _buffer = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new float[Bytes / sizeof(float)];
        Array.Fill(_buffer, 1f); // touches every page
    }

    [Benchmark(Description = "sum 256 MiB (DRAM read)")]
    public float Sum() => PeakKernels.Sum(_buffer, Threads);

    public Workload WorkOf(string benchmarkMethod) => new(Bytes, Threads);
}
