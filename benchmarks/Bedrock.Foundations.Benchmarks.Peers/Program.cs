using Bedrock.Foundations.Benchmarks.Attention;
using Bedrock.Foundations.Benchmarks.Retrieval;
using Bedrock.Foundations.Benchmarks.Peers.Harness;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// Entry point. <c>--validate</c> cross-checks the sampling peers against ours on every benchmark size and exits (1 on a
/// failure); <c>--validate-attention</c> does the same for attention (every prefill shape, causal and not, and decode);
/// <c>--validate-retrieval</c> checks our exact search against FAISS's <c>IndexFlatIP</c>; <c>--hnsw-report [N]</c> writes
/// results/hnsw-peer-report.md (<see cref="HnswPeerReport"/>); anything else goes to BenchmarkDotNet's switcher (<c>--filter</c>, <c>--job</c>, <c>--artifacts</c>, …).
/// Exits with 1 when any benchmark failed to run. Before BenchmarkDotNet builds its own project, the GLIBCXX patch for
/// LibTorch is hooked into that build (README.md, tools/WeakenGlibcxx.targets).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--validate"))
        {
            return Validate() ? 0 : 1;
        }

        if (args.Contains("--validate-attention"))
        {
            return ValidateAttention() ? 0 : 1;
        }

        int reportAt = Array.IndexOf(args, "--hnsw-report");
        if (reportAt >= 0)
        {
            // --hnsw-report [N] [DATASET...]: N defaults to 100 000, the data sets to both of HnswBenchmarks'.
            int n = reportAt + 1 < args.Length ? int.Parse(args[reportAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            HnswDataset[] datasets = [.. args.Skip(reportAt + 2).Select(Enum.Parse<HnswDataset>)];
            string markdown = HnswPeerReport.Run(n, datasets.Length > 0 ? datasets : Enum.GetValues<HnswDataset>());
            Console.WriteLine(markdown);
            Directory.CreateDirectory("results");
            File.WriteAllText(Path.Combine("results", "hnsw-peer-report.md"), markdown);
            return 0;
        }

        if (args.Contains("--validate-retrieval"))
        {
            return ValidateRetrieval() ? 0 : 1;
        }

        // The project BenchmarkDotNet generates and builds for the benchmark processes gets its own unpatched copy of
        // libLibTorchSharp.so; MSBuild reads this variable as a property and imports the patch after its build.
        const string PatchHook = "CustomAfterMicrosoftCommonTargets";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PatchHook)))
        {
            Environment.SetEnvironmentVariable(PatchHook, Path.Combine(AppContext.BaseDirectory, "tools", "WeakenGlibcxx.targets"));
        }

        return BenchmarkEntry.Run(typeof(Program).Assembly, args);
    }

    private static bool ValidateRetrieval()
    {
        const int Dimensions = 384;
        Console.WriteLine($"FAISS BLAS: {FaissIndex.DescribeBlas()}");
        bool passed = true;
        foreach (int n in new[] { 1_000, 50_000 })
        {
            float[] rows = RetrievalPeerData.NormalizedGaussian(n, Dimensions, seed: n);
            using FaissIndex faiss = FaissIndex.CreateFlatInnerProduct(Dimensions);
            faiss.Add(rows);
            float[] queries = RetrievalPeerData.NormalizedGaussian(50, Dimensions, seed: 3);
            CheckResult result = RetrievalPeerChecks.CheckSameTopK(RetrievalPeerData.FlatIndex(rows, Dimensions), faiss, queries, 10);
            Console.WriteLine(result.Report);
            passed &= result.Passed;
        }

        Console.WriteLine(passed ? "Retrieval validation passed." : "Retrieval validation FAILED.");
        return passed;
    }

    private static bool ValidateAttention()
    {
        Console.WriteLine(PeerRuntime.Describe());
        bool passed = true;
        var checks = new List<Func<CheckResult>>();
        foreach (string shape in AttentionCases.PrefillShapes)
        {
            checks.Add(() => AttentionPeerChecks.CheckPrefill(shape, isCausal: false));
            checks.Add(() => AttentionPeerChecks.CheckPrefill(shape, isCausal: true));
        }

        checks.Add(AttentionPeerChecks.CheckDecode);
        foreach (Func<CheckResult> check in checks)
        {
            CheckResult result = check();
            Console.WriteLine(result.Report);
            passed &= result.Passed;
        }

        Console.WriteLine(passed ? "Attention validation passed." : "Attention validation FAILED.");
        return passed;
    }

    private static bool Validate()
    {
        Console.WriteLine(PeerRuntime.Describe());
        bool passed = true;
        foreach (int v in BenchmarkData.VocabularySizes)
        {
            float[] logits = BenchmarkData.Logits(v);
            foreach (CheckResult result in new[]
            {
                PeerChecks.CheckTopKTopP(logits, 0.8f, 40, 0.95f),
                PeerChecks.CheckTopP(logits, 0.9f),
                PeerChecks.CheckSoftmax(logits),
            })
            {
                Console.WriteLine(result.Report);
                passed &= result.Passed;
            }
        }

        Console.WriteLine(passed ? "Validation passed." : "Validation FAILED.");
        return passed;
    }
}
