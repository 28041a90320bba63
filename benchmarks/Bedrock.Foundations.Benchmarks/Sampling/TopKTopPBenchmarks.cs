using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Benchmarks.Sampling;

/// <summary>Case (a) of the sampling issue: T = 0.8, top-k 40, top-p 0.95 — a typical chat decoding setting.</summary>
[MemoryDiagnoser]
public class TopKTopPBenchmarks : LogitRowBenchmark
{
    private TokenSampler _sampler = null!;
    private SortBasedSampler _baseline = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupRow();
        _sampler = new TokenSampler(new SamplingOptions(Temperature: 0.8f, TopK: 40, TopP: 0.95f), seed: 1);
        _baseline = new SortBasedSampler(V);
    }

    [Benchmark(Baseline = true, Description = "(a) sort-based (HF)")]
    public int SortBased() => _baseline.Sample(Logits, 0.8f, 40, 0.95f);

    [Benchmark(Description = "(a) TokenSampler.Sample")]
    public int Sample() => _sampler.Sample(Logits);

    [Benchmark(Description = "(a) TokenSampler.Filter")]
    public int Filter() => _sampler.Filter(Logits, Probabilities);
}
