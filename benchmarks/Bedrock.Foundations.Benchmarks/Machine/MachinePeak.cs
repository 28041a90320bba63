using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bedrock.Foundations.Benchmarks.Machine;

/// <summary>
/// The machine's FP32 FMA peak and DRAM read bandwidth per thread count, measured once per process with the loops of
/// <see cref="PeakKernels"/> (the best of repeated runs over about 1.5 s, so that the loops reach their optimized tier). It is the reference of the "% of peak" columns, measured in the
/// host process when the summary is printed, after the benchmarks have run, so on an otherwise idle machine. The
/// committed figures of record are those of the <c>PeakFmaBenchmarks</c> and <c>PeakBandwidthBenchmarks</c>
/// tables; the two agree to a few percent.
/// </summary>
/// <remarks>Thread-safe (values are cached in a concurrent dictionary; a race measures twice).</remarks>
public static class MachinePeak
{
    private const long FmaIterations = 1 << 22;
    private const int BandwidthBytes = 256 << 20;
    private static readonly TimeSpan MeasuringTime = TimeSpan.FromSeconds(1.5);
    private static readonly ConcurrentDictionary<int, double> s_gflops = new();
    private static readonly ConcurrentDictionary<int, double> s_gigabytesPerSecond = new();

    /// <summary>FP32 GFLOP/s of the widest accelerated FMA loop on <paramref name="threads"/> threads.</summary>
    public static double Gflops(int threads) => s_gflops.GetOrAdd(threads, static t =>
    {
        double best = double.MaxValue;
        for (long begin = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(begin) < MeasuringTime;)
        {
            long start = Stopwatch.GetTimestamp();
            PeakKernels.OnThreads(t, FmaIterations, PeakKernels.FmaWidest);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return t * PeakKernels.FmaWidestFlops(FmaIterations) / best / 1e9;
    });

    /// <summary>Read bandwidth in GB/s (10⁹ bytes) summing a 256 MiB buffer on <paramref name="threads"/> threads.</summary>
    public static double GigabytesPerSecond(int threads) => s_gigabytesPerSecond.GetOrAdd(threads, static t =>
    {
        var buffer = new float[BandwidthBytes / sizeof(float)];
        Array.Fill(buffer, 1f);
        double best = double.MaxValue;
        for (long begin = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(begin) < MeasuringTime;)
        {
            long start = Stopwatch.GetTimestamp();
            PeakKernels.Sum(buffer, t);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return BandwidthBytes / best / 1e9;
    });
}
