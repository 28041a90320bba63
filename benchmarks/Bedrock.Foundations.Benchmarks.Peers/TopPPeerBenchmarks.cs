using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Benchmarks.Peers.Harness;
using Bedrock.Foundations.Sampling;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// Case (b), the hard case: top-p 0.9 alone (no top-k to shrink V), one token drawn, one row, one thread — ours against
/// llama.cpp's top-p → dist chain and Hugging Face's TopPLogitsWarper on LibTorch.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the instance; [GlobalCleanup] disposes the native handles.")]
public class TopPPeerBenchmarks : LogitRowBenchmark
{
    private const float TopP = 0.9f;

    private TokenSampler _sampler = null!;
    private SortBasedSampler _baseline = null!;
    private LlamaSamplerChain _llama = null!;
    private TorchHfSampler _torch = null!;
    private Tensor _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupRow();
        _sampler = new TokenSampler(new SamplingOptions(TopP: TopP), seed: 1);
        _baseline = new SortBasedSampler(V);
        _llama = new LlamaSamplerChain(V, static c =>
        {
            c.AddTopP(TopP, 1);
            c.AddDistributionSampler(1);
        });
        _torch = new TorchHfSampler(1f, 0, TopP, seed: 1);
        _scores = PeerChecks.ToScores(Logits);
        PeerChecks.Require(PeerChecks.CheckTopP(Logits, TopP));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _llama.Dispose();
        _torch.Dispose();
        _scores.Dispose();
    }

    [Benchmark(Baseline = true, Description = "(b) sort-based top-p (HF, managed)")]
    public int SortBased() => _baseline.Sample(Logits, 1f, 0, TopP);

    [Benchmark(Description = "(b) TokenSampler.Sample top-p")]
    public int Sample() => _sampler.Sample(Logits);

    [Benchmark(Description = "(b) TokenSampler.Filter top-p")]
    public int Filter() => _sampler.Filter(Logits, Probabilities);

    [Benchmark(Description = "(b) llama.cpp top-p→dist")]
    public int Llama() => _llama.Sample(Logits);

    [Benchmark(Description = "(b) LibTorch HF TopPLogitsWarper + multinomial")]
    public long Torch() => _torch.Sample(_scores);
}
