using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Bedrock.Foundations.Benchmarks.Machine;

/// <summary>
/// The machine's FP32 peak: 16 independent FMA chains (<see cref="PeakKernels"/>), 2²² iterations per thread, on 1 and
/// 2 threads. One invocation does Threads · 2²² · 16 · lanes · 2 floating-point operations (lanes = 16 for Vector512,
/// 8 for Vector256): 2.1 GFLOP per thread with Vector512. The GFLOP/s column divides that by the mean time.
/// "widest" is Vector512 when it is hardware-accelerated and Vector256 otherwise; the Vector256 row shows whether the
/// 512-bit path buys anything (on Zen 4 it should not: AVX-512 runs on the same two 256-bit FMA pipes).
/// </summary>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.FloatingPointOperations)]
public class PeakFmaBenchmarks : IWorkloadBenchmark
{
    /// <summary>Iterations of the 16-FMA loop body per thread and invocation.</summary>
    public const long Iterations = 1 << 22;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark(Description = "FMA peak, widest vector")]
    public float Widest() => PeakKernels.OnThreads(Threads, Iterations, PeakKernels.FmaWidest);

    [Benchmark(Description = "FMA peak, Vector256")]
    public float Fma256() => PeakKernels.OnThreads(Threads, Iterations, PeakKernels.Fma256);

    public Workload WorkOf(string benchmarkMethod) => new(
        Threads * (benchmarkMethod == nameof(Fma256) ? PeakKernels.Fma256Flops(Iterations) : PeakKernels.FmaWidestFlops(Iterations)),
        Threads);

    /// <summary>Which loop "widest" ran (printed in the log).</summary>
    [GlobalSetup]
    public void Setup() => Console.WriteLine($"// FMA peak: widest = Vector{(PeakKernels.Use512 ? 512 : 256)}, Vector512.IsHardwareAccelerated = {Vector512.IsHardwareAccelerated}");
}
