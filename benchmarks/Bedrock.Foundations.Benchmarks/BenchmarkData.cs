using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bedrock.Foundations.Benchmarks;

/// <summary>Inputs shared by the benchmarks: seeded, so every run measures the same data.</summary>
public static class BenchmarkData
{
    /// <summary>
    /// Vocabulary sizes of real models (Llama 2 / Mistral, Llama 3, Gemma). Setting <c>BENCHMARK_CI=1</c> keeps only
    /// 128 256, for the short pass in .ci/run.
    /// </summary>
    public static IEnumerable<int> VocabularySizes =>
        Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1" ? [128_256] : [32_000, 128_256, 262_144];

    /// <summary>Gaussian logits N(0, σ²), σ = 2: a moderately peaked next-token distribution (entropy ≈ 8.6 nats at V = 128 256).</summary>
    public static float[] Logits(int length, int seed = 42, double sigma = 2.0)
    {
        var random = new Random(seed);
        var logits = new float[length];
        for (int i = 0; i < length; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            logits[i] = (float)(sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return logits;
    }
}

/// <summary>
/// A benchmark over one row of logits for each vocabulary size in <see cref="BenchmarkData.VocabularySizes"/>: the
/// <see cref="Logits"/> row and a <see cref="Probabilities"/> buffer of the same length, made by <see cref="SetupRow"/>.
/// </summary>
public abstract class LogitRowBenchmark
{
    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.VocabularySizes))]
    public int V { get; set; }

    /// <summary>The seeded logits row (see <see cref="BenchmarkData.Logits"/>).</summary>
    protected float[] Logits { get; private set; } = [];

    /// <summary>A destination as long as the row.</summary>
    protected float[] Probabilities { get; private set; } = [];

    /// <summary>Makes the row for the current <see cref="V"/>; a derived [GlobalSetup] calls this first.</summary>
    protected void SetupRow()
    {
        Logits = BenchmarkData.Logits(V);
        Probabilities = new float[V];
    }
}

/// <summary>Runs BenchmarkDotNet's switcher and turns its summaries into an exit code for CI.</summary>
public static class BenchmarkEntry
{
    /// <summary>
    /// Runs the benchmarks of <paramref name="assembly"/> that <paramref name="args"/> select (<c>--filter</c>, <c>--job</c>,
    /// <c>--artifacts</c>, …); returns 1 when none ran or any failed to run, so a benchmark that throws fails the build.
    /// </summary>
    public static int Run(Assembly assembly, string[] args)
    {
        Summary[] summaries = BenchmarkSwitcher.FromAssembly(assembly).Run(args).ToArray();
        bool failed = summaries.Length == 0
            || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
        if (failed)
        {
            Console.Error.WriteLine("One or more benchmarks failed (or none ran).");
        }

        return failed ? 1 : 0;
    }
}
