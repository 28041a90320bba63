using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Benchmarks.Sampling;

/// <summary>Case (a) of the sampling issue: T = 0.8, top-k 40, top-p 0.95 — a typical chat decoding setting.</summary>
[MemoryDiagnoser]
public class TopKTopPBenchmarks
{
    private float[] _logits = [];
    private float[] _probabilities = [];
    private TokenSampler _sampler = null!;
    private SortBasedSampler _baseline = null!;

    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.VocabularySizes))]
    public int V { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _logits = BenchmarkData.Logits(V);
        _probabilities = new float[V];
        _sampler = new TokenSampler(new SamplingOptions(Temperature: 0.8f, TopK: 40, TopP: 0.95f), seed: 1);
        _baseline = new SortBasedSampler(V);
    }

    [Benchmark(Baseline = true, Description = "(a) sort-based (HF)")]
    public int SortBased() => _baseline.Sample(_logits, 0.8f, 40, 0.95f);

    [Benchmark(Description = "(a) TokenSampler.Sample")]
    public int Sample() => _sampler.Sample(_logits);

    [Benchmark(Description = "(a) TokenSampler.Filter")]
    public int Filter() => _sampler.Filter(_logits, _probabilities);
}
