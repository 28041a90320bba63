using Bedrock.Foundations.Benchmarks.Attention;

namespace Bedrock.Foundations.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (use <c>--filter</c>, <c>--job</c>, <c>--artifacts</c> as usual).
/// Exits with 1 when any benchmark failed to run, so CI notices a benchmark that throws.
/// <c>--decode-report [ROUNDS] [SHAPE...]</c> runs <see cref="DecodeReport"/> instead (the project's own interleaved runner).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int report = Array.IndexOf(args, "--decode-report");
        if (report >= 0)
        {
            return DecodeReport.Run(args[(report + 1)..]);
        }

        return BenchmarkEntry.Run(typeof(Program).Assembly, args);
    }
}
