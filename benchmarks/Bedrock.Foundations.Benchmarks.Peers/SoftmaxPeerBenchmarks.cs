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
public class SoftmaxPeerBenchmarks : LogitRowBenchmark
{
    private Tensor _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupRow();
        _scores = PeerChecks.ToScores(Logits);
        PeerChecks.Require(PeerChecks.CheckSoftmax(Logits));
    }

    [GlobalCleanup]
    public void Cleanup() => _scores.Dispose();

    [Benchmark(Baseline = true, Description = "(c) naive softmax + entropy")]
    public double NaiveSoftmaxEntropy()
    {
        NaiveSoftmax.Softmax(Logits, Probabilities);
        return NaiveSoftmax.Entropy(Probabilities);
    }

    [Benchmark(Description = "(c) Distribution.SoftmaxWithEntropy")]
    public double SoftmaxWithEntropy() => Distribution.SoftmaxWithEntropy(Logits, Probabilities, 1f);

    [Benchmark(Description = "(c) Distribution.Softmax")]
    public void Softmax() => Distribution.Softmax(Logits, Probabilities);

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
