using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Benchmarks.Sampling;

/// <summary>
/// Case (c) in detail: softmax and entropy against a scalar textbook version and against the BCL's
/// <see cref="TensorPrimitives.SoftMax(ReadOnlySpan{float}, Span{float})"/> (given logits already shifted by their max,
/// since it does not shift).
/// </summary>
[MemoryDiagnoser]
public class SoftmaxBenchmarks
{
    private float[] _logits = [];
    private float[] _shifted = [];
    private float[] _probabilities = [];

    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.VocabularySizes))]
    public int V { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _logits = BenchmarkData.Logits(V);
        _probabilities = new float[V];
        _shifted = new float[V];
        TensorPrimitives.Subtract(_logits, TensorPrimitives.Max(_logits), _shifted);
    }

    [Benchmark(Baseline = true, Description = "naive scalar softmax")]
    public void NaiveSoftmaxOnly() => NaiveSoftmax.Softmax(_logits, _probabilities);

    [Benchmark(Description = "TensorPrimitives.SoftMax (pre-shifted)")]
    public void TensorPrimitivesSoftmax() => TensorPrimitives.SoftMax(_shifted, _probabilities);

    [Benchmark(Description = "Distribution.Softmax")]
    public void Softmax() => Distribution.Softmax(_logits, _probabilities);

    [Benchmark(Description = "Distribution.SoftmaxWithEntropy")]
    public double SoftmaxWithEntropy() => Distribution.SoftmaxWithEntropy(_logits, _probabilities);

    [Benchmark(Description = "Distribution.LogSoftmax")]
    public void LogSoftmax() => Distribution.LogSoftmax(_logits, _probabilities);

    [Benchmark(Description = "Distribution.EntropyOfLogits")]
    public double EntropyOfLogits() => Distribution.EntropyOfLogits(_logits);

    [Benchmark(Description = "naive softmax + entropy")]
    public double NaiveSoftmaxEntropy()
    {
        NaiveSoftmax.Softmax(_logits, _probabilities);
        return NaiveSoftmax.Entropy(_probabilities);
    }
}
