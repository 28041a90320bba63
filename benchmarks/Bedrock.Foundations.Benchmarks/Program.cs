namespace Bedrock.Foundations.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (use <c>--filter</c>, <c>--job</c>, <c>--artifacts</c> as usual).
/// Exits with 1 when any benchmark failed to run, so CI notices a benchmark that throws.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        return BenchmarkEntry.Run(typeof(Program).Assembly, args);
    }
}
