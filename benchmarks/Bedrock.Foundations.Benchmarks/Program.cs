using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bedrock.Foundations.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (use <c>--filter</c>, <c>--job</c>, <c>--artifacts</c> as usual).
/// Exits with 1 when any benchmark failed to run, so CI notices a benchmark that throws.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToArray();
        bool failed = summaries.Length == 0
            || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
        if (failed)
        {
            Console.Error.WriteLine("One or more benchmarks failed (or none ran).");
        }

        return failed ? 1 : 0;
    }
}
