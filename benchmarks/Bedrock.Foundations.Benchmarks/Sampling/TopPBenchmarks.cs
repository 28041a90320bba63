using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Benchmarks.Sampling;

/// <summary>
/// Case (b) of the sampling issue, the hard case: top-p 0.9 alone (no top-k to shrink V), one row, one thread.
/// Case (c), softmax + entropy, is in the same class so the (b)/(c) ratio comes from one run.
/// </summary>
[MemoryDiagnoser]
public class TopPBenchmarks : LogitRowBenchmark
{
    private TokenSampler _sampler = null!;
    private SortBasedSampler _baseline = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupRow();
        _sampler = new TokenSampler(new SamplingOptions(TopP: 0.9f), seed: 1);
        _baseline = new SortBasedSampler(V);
    }

    [Benchmark(Baseline = true, Description = "(b) sort-based top-p (HF)")]
    public int SortBased() => _baseline.Sample(Logits, 1f, 0, 0.9f);

    [Benchmark(Description = "(b) TokenSampler.Sample top-p")]
    public int Sample() => _sampler.Sample(Logits);

    [Benchmark(Description = "(b) TokenSampler.Filter top-p")]
    public int Filter() => _sampler.Filter(Logits, Probabilities);

    [Benchmark(Description = "(c) SoftmaxWithEntropy")]
    public double SoftmaxWithEntropy() => Distribution.SoftmaxWithEntropy(Logits, Probabilities);

    [Benchmark(Description = "(c') Softmax, then Entropy")]
    public double SoftmaxThenEntropy()
    {
        Distribution.Softmax(Logits, Probabilities);
        return Distribution.Entropy(Probabilities);
    }
}
