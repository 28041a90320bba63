using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Benchmarks.Peers.Harness;
using Bedrock.Foundations.Sampling;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// Case (a): T = 0.8, top-k 40, top-p 0.95, one token drawn, one row, one thread — ours against llama.cpp's sampler chain
/// and Hugging Face's warpers on LibTorch. llama.cpp is run twice: in its default chain order (top-k → top-p → temp →
/// dist, so top-p sees the untempered distribution) and temperature-first (the distribution ours and HF's draw from).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the instance; [GlobalCleanup] disposes the native handles.")]
public class TopKTopPPeerBenchmarks : LogitRowBenchmark
{
    private const float Temperature = 0.8f;
    private const int TopK = 40;
    private const float TopP = 0.95f;

    private TokenSampler _sampler = null!;
    private SortBasedSampler _baseline = null!;
    private LlamaSamplerChain _llamaDefaultOrder = null!;
    private LlamaSamplerChain _llamaTemperatureFirst = null!;
    private TorchHfSampler _torch = null!;
    private Tensor _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupRow();
        _sampler = new TokenSampler(new SamplingOptions(Temperature: Temperature, TopK: TopK, TopP: TopP), seed: 1);
        _baseline = new SortBasedSampler(V);
        _llamaDefaultOrder = new LlamaSamplerChain(V, static c =>
        {
            c.AddTopK(TopK);
            c.AddTopP(TopP, 1);
            c.AddTemperature(Temperature);
            c.AddDistributionSampler(1);
        });
        _llamaTemperatureFirst = new LlamaSamplerChain(V, static c =>
        {
            c.AddTemperature(Temperature);
            c.AddTopK(TopK);
            c.AddTopP(TopP, 1);
            c.AddDistributionSampler(1);
        });
        _torch = new TorchHfSampler(Temperature, TopK, TopP, seed: 1);
        _scores = PeerChecks.ToScores(Logits);
        PeerChecks.Require(PeerChecks.CheckTopKTopP(Logits, Temperature, TopK, TopP));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _llamaDefaultOrder.Dispose();
        _llamaTemperatureFirst.Dispose();
        _torch.Dispose();
        _scores.Dispose();
    }

    [Benchmark(Baseline = true, Description = "(a) sort-based (HF, managed)")]
    public int SortBased() => _baseline.Sample(Logits, Temperature, TopK, TopP);

    [Benchmark(Description = "(a) TokenSampler.Sample")]
    public int Sample() => _sampler.Sample(Logits);

    [Benchmark(Description = "(a) TokenSampler.Filter")]
    public int Filter() => _sampler.Filter(Logits, Probabilities);

    [Benchmark(Description = "(a) llama.cpp top-k→top-p→temp→dist")]
    public int LlamaDefaultOrder() => _llamaDefaultOrder.Sample(Logits);

    [Benchmark(Description = "(a) llama.cpp temp→top-k→top-p→dist")]
    public int LlamaTemperatureFirst() => _llamaTemperatureFirst.Sample(Logits);

    [Benchmark(Description = "(a) LibTorch HF warpers + multinomial")]
    public long Torch() => _torch.Sample(_scores);
}
