using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Benchmarks.Sampling;

/// <summary>The building blocks of the sampling kernels, each against its BCL counterpart where one exists.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private float[] _logits = [];
    private float[] _destination = [];
    private float _max;
    private float _min;
    private float[] _e = [];
    private float[] _scratchA = [];
    private float[] _scratchB = [];
    private float[] _scratchC = [];
    private double _z;
    private float _threshold;

    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.VocabularySizes))]
    public int V { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _logits = BenchmarkData.Logits(V);
        _destination = new float[V];
        _max = TensorPrimitives.Max(_logits);
        _min = TensorPrimitives.Min(_logits);
        _e = new float[V];
        _scratchA = new float[V + ThresholdSelector.ScratchPadding];
        _scratchB = new float[V + ThresholdSelector.ScratchPadding];
        _scratchC = new float[V + ThresholdSelector.ScratchPadding];
        _z = ExpSum.Compute(_logits, _max, 1f, _e);
        _threshold = ThresholdSelector.Select<MassWeight>(_e, 0.9 * _z, _z, _scratchA, _scratchB, _scratchC);
    }

    [Benchmark(Description = "ThresholdSelector top-p 0.9")]
    public float SelectTopP() => ThresholdSelector.Select<MassWeight>(_e, 0.9 * _z, _z, _scratchA, _scratchB, _scratchC);

    [Benchmark(Description = "ThresholdSelector top-k 40")]
    public float SelectTopK() => ThresholdSelector.Select<CountWeight>(_logits, 40, V, _scratchA, _scratchB, _scratchC);

    [Benchmark(Description = "Candidates.SumAtLeast")]
    public double SumAtLeast() => Candidates.SumAtLeast(_e, _threshold, out _);

    [Benchmark(Description = "Candidates.Draw (u = 0.5)")]
    public int Draw() => Candidates.Draw(_e, _threshold, 0.5 * 0.9 * _z);

    [Benchmark(Baseline = true, Description = "TensorPrimitives.Max")]
    public float Max() => TensorPrimitives.Max(_logits);

    [Benchmark(Description = "LogitChecks.ValidateRange")]
    public float ValidateRange() => LogitChecks.ValidateRange(_logits, "logits").Max;

    [Benchmark(Description = "TensorPrimitives.Exp (store)")]
    public void BclExp() => TensorPrimitives.Exp(_logits, _destination);

    [Benchmark(Description = "TensorPrimitives.Sum")]
    public float BclSum() => TensorPrimitives.Sum(_logits);

    [Benchmark(Description = "ExpSum (store, flush test)")]
    public double ExpSumStoreFlush() => ExpSum.Compute(_logits, _max, 1f, _destination, float.NegativeInfinity);

    [Benchmark(Description = "ExpSum (store)")]
    public double ExpSumStore() => ExpSum.Compute(_logits, _max, 1f, _destination, _min);

    [Benchmark(Description = "ExpSum (no store)")]
    public double ExpSumNoStore() => ExpSum.Compute(_logits, _max, 1f, [], _min);

    [Benchmark(Description = "ExpSum.ComputeWithMoment (store)")]
    public double ExpMomentStore() => ExpSum.ComputeWithMoment(_logits, _max, 1f, _destination, _min).Z;

    [Benchmark(Description = "TensorPrimitives.Multiply (scale)")]
    public void BclScale() => TensorPrimitives.Multiply(_destination, 1f, _destination);

    [Benchmark(Description = "ExpSum.Scale")]
    public void Scale() => ExpSum.Scale(_destination, 1f);
}
