using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bedrock.Foundations.Attention;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// <c>--decode-report [ROUNDS] [SHAPE...]</c>: the decode step's read bandwidth against a plain read of the same K and V,
/// interleaved. Each round times 8 calls of one variant (Compute or Attend, 1 or 2 threads) and right after it 8 plain
/// reads (<see cref="DecodeInputs.ReadKeysAndValues"/>) at the same thread count, cycling through the same
/// copies of K/V (<see cref="AttentionCases.DecodeCopiesOf"/>); the round's ratio compares the two. The table gives the
/// median GB/s of each and the median ratio with its interquartile range over the rounds. A third measurement per round
/// sums a 256 MiB buffer (<see cref="Machine.PeakKernels.Sum"/>, what <c>PeakBandwidthBenchmarks</c> times) at the same
/// thread count: the machine's bandwidth on one long array, which runs faster than the same bytes spread over K/V arrays.
/// </summary>
/// <remarks>
/// Why not only BenchmarkDotNet: it runs every iteration of one row, then every iteration of the next, and this
/// machine's memory bandwidth drifts by 20–40 % over minutes (21.6 and 26.0 GB/s for the same read in two runs an hour
/// apart), so a ratio of two rows measured minutes apart mixes the kernel's speed with the machine's. Pairing each
/// measurement with a read taken a few milliseconds later cancels the drift.
/// </remarks>
public static class DecodeReport
{
    private const int CallsPerMeasurement = 8;

    /// <summary>Runs the report for <paramref name="args"/> (the arguments after <c>--decode-report</c>) and prints it.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int rounds = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) ? r : 21;
        string[] shapes = args.SkipWhile(a => int.TryParse(a, out _)).ToArray();
        if (shapes.Length == 0)
        {
            shapes = [.. AttentionCases.DecodeShapes];
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Decode read bandwidth, interleaved with a plain read of the same K/V ({rounds} rounds of {CallsPerMeasurement} calls each; median, IQR of the ratio)");
        text.AppendLine();
        text.AppendLine("| Shape (B,Hq,Hkv,Lk,D) | Threads | Read K/V GB/s | 256 MiB sum GB/s | Compute GB/s | % of read K/V (IQR) | % of 256 MiB | Attend GB/s | % of read K/V (IQR) | % of 256 MiB |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var big = new float[Machine.PeakBandwidthBenchmarks.Bytes / sizeof(float)];
        Array.Fill(big, 1f);
        foreach (string shape in shapes)
        {
            var inputs = new DecodeInputs(AttentionCases.ParseDecode(shape));
            double bytes = DecodeInputs.BytesOf(inputs.Shape);
            foreach (int threads in new[] { 1, 2 })
            {
                var options = new AttentionOptions { MaxDegreeOfParallelism = threads };
                Action compute = () =>
                {
                    int c = inputs.Next();
                    ScaledDotProductAttention.Compute(inputs.Query, inputs.Keys[c], inputs.Values[c], inputs.Output, inputs.Shape, options);
                };
                Action attend = () => inputs.Caches[inputs.Next()].Attend(inputs.Query, inputs.Output, inputs.Shape.QueryHeads, 1, options);
                Action read = () => inputs.ReadKeysAndValues(threads);
                Action sumBig = () => Machine.PeakKernels.Sum(big, threads);
                (double computeSeconds, double readForCompute, double computeRatio, double computeLow, double computeHigh) = Measure(compute, read, rounds, inputs.Copies);
                (double attendSeconds, double readForAttend, double attendRatio, double attendLow, double attendHigh) = Measure(attend, read, rounds, inputs.Copies);
                (double bigSeconds, _, _, _, _) = Measure(sumBig, read, Math.Max(3, rounds / 4), inputs.Copies);
                double readSeconds = Median([readForCompute, readForAttend]);
                double bigGigabytes = big.Length * (double)sizeof(float) / bigSeconds / 1e9;
                double computeGigabytes = bytes / computeSeconds / 1e9, attendGigabytes = bytes / attendSeconds / 1e9;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {shape} | {threads} | {bytes / readSeconds / 1e9:F1} | {bigGigabytes:F1} | {computeGigabytes:F1} | {100 * computeRatio:F1} % ({100 * computeLow:F0}–{100 * computeHigh:F0}) | {100 * computeGigabytes / bigGigabytes:F0} % | {attendGigabytes:F1} | {100 * attendRatio:F1} % ({100 * attendLow:F0}–{100 * attendHigh:F0}) | {100 * attendGigabytes / bigGigabytes:F0} % |");
                Console.Error.WriteLine($"{shape}, {threads} thread(s) done");
            }
        }

        Console.WriteLine(text.ToString());
        return 0;
    }

    /// <summary>Median seconds per call of <paramref name="kernel"/> and of <paramref name="read"/>, and the median, lower and upper quartile of read time / kernel time.</summary>
    private static (double Kernel, double Read, double Ratio, double Low, double High) Measure(Action kernel, Action read, int rounds, int copies)
    {
        for (int w = 0; w < 3 * copies; w++)
        {
            kernel();
            read();
        }

        var kernelTimes = new double[rounds];
        var readTimes = new double[rounds];
        var ratios = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            kernelTimes[r] = Time(kernel);
            readTimes[r] = Time(read);
            ratios[r] = readTimes[r] / kernelTimes[r];
        }

        Array.Sort(ratios);
        return (Median(kernelTimes), Median(readTimes), Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75));
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < CallsPerMeasurement; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / CallsPerMeasurement;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return Quantile(sorted, 0.5);
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double at = p * (sorted.Length - 1);
        int low = (int)Math.Floor(at);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((at - low) * (sorted[high] - sorted[low]));
    }
}
