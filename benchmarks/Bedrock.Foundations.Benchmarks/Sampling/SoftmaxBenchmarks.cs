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
public class SoftmaxBenchmarks : LogitRowBenchmark
{
    private float[] _shifted = [];

    [GlobalSetup]
    public void Setup()
    {
        SetupRow();
        _shifted = new float[V];
        TensorPrimitives.Subtract(Logits, TensorPrimitives.Max(Logits), _shifted);
    }

    [Benchmark(Baseline = true, Description = "naive scalar softmax")]
    public void NaiveSoftmaxOnly() => NaiveSoftmax.Softmax(Logits, Probabilities);

    [Benchmark(Description = "TensorPrimitives.SoftMax (pre-shifted)")]
    public void TensorPrimitivesSoftmax() => TensorPrimitives.SoftMax(_shifted, Probabilities);

    [Benchmark(Description = "Distribution.Softmax")]
    public void Softmax() => Distribution.Softmax(Logits, Probabilities);

    [Benchmark(Description = "Distribution.SoftmaxWithEntropy")]
    public double SoftmaxWithEntropy() => Distribution.SoftmaxWithEntropy(Logits, Probabilities);

    [Benchmark(Description = "Distribution.LogSoftmax")]
    public void LogSoftmax() => Distribution.LogSoftmax(Logits, Probabilities);

    [Benchmark(Description = "Distribution.EntropyOfLogits")]
    public double EntropyOfLogits() => Distribution.EntropyOfLogits(Logits);

    [Benchmark(Description = "naive softmax + entropy")]
    public double NaiveSoftmaxEntropy()
    {
        NaiveSoftmax.Softmax(Logits, Probabilities);
        return NaiveSoftmax.Entropy(Probabilities);
    }
}
