using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Benchmarks.Peers.Harness;
using Bedrock.Foundations.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// Case (c): softmax + entropy of one row, one thread — ours against LibTorch's <c>softmax</c> and
/// <c>-(p * log_softmax).sum()</c>. llama.cpp has no softmax or entropy entry point of its own (softmax happens inside
/// its samplers), so it has no row here.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SoftmaxPeerBenchmarks
{
    private float[] _logits = [];
    private float[] _probabilities = [];
    private Tensor _scores = null!;

    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.VocabularySizes))]
    public int V { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _logits = BenchmarkData.Logits(V);
        _probabilities = new float[V];
        _scores = PeerChecks.ToScores(_logits);
        PeerChecks.Require(PeerChecks.CheckSoftmax(_logits));
    }

    [GlobalCleanup]
    public void Cleanup() => _scores.Dispose();

    [Benchmark(Baseline = true, Description = "(c) naive softmax + entropy")]
    public double NaiveSoftmaxEntropy()
    {
        NaiveSoftmax.Softmax(_logits, _probabilities);
        return NaiveSoftmax.Entropy(_probabilities);
    }

    [Benchmark(Description = "(c) Distribution.SoftmaxWithEntropy")]
    public double SoftmaxWithEntropy() => Distribution.SoftmaxWithEntropy(_logits, _probabilities, 1f);

    [Benchmark(Description = "(c) Distribution.Softmax")]
    public void Softmax() => Distribution.Softmax(_logits, _probabilities);

    [Benchmark(Description = "(c) LibTorch softmax")]
    public void TorchSoftmax()
    {
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        softmax(_scores, -1);
    }

    [Benchmark(Description = "(c) LibTorch softmax + -(p * log_softmax).sum()")]
    public double TorchSoftmaxEntropy()
    {
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        Tensor p = softmax(_scores, -1);
        return -(p * _scores.log_softmax(-1)).sum().item<float>();
    }
}
