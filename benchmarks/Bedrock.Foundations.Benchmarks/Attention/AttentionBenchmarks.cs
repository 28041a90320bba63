using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Benchmarks.Machine;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// Prefill: <see cref="ScaledDotProductAttention.Compute"/> on the shapes (B, Hq, Hkv, L, D), causal and not,
/// capped at 1 and at 2 threads (<see cref="AttentionOptions.MaxDegreeOfParallelism"/>), against the naive materializing
/// implementation (<see cref="Baselines.NaiveAttention"/>, one thread; on L &gt; 512 only with <c>BENCHMARK_NAIVE_ALL=1</c>).
/// GFLOP/s = 4·B·Hq·Lq·Lk·D / time, halved when causal (<see cref="AttentionShape.FloatingPointOperations"/>), for every
/// row, the naive one included (it computes the masked half too, but is credited the same work); "% FMA peak" is
/// against the FMA peak at the row's thread count.
/// </summary>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.FloatingPointOperations)]
[NaiveOnSmallShapes]
public class AttentionBenchmarks : IWorkloadBenchmark
{
    private AttentionShape _shape;
    private float[] _query = [];
    private float[] _key = [];
    private float[] _value = [];
    private float[] _output = [];
    private AttentionOptions _oneThread = null!;
    private AttentionOptions _twoThreads = null!;

    public static IEnumerable<string> Shapes => AttentionCases.PrefillShapes;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = AttentionCases.SmallPrefill;

    [Params(false, true)]
    public bool Causal { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _shape = AttentionCases.ParsePrefill(Shape);
        _query = AttentionCases.Uniform(_shape.QueryElementCount, 1);
        _key = AttentionCases.Uniform(_shape.KeyValueElementCount, 2);
        _value = AttentionCases.Uniform(_shape.KeyValueElementCount, 3);
        _output = new float[_shape.QueryElementCount];
        _oneThread = new AttentionOptions { IsCausal = Causal, MaxDegreeOfParallelism = 1 };
        _twoThreads = new AttentionOptions { IsCausal = Causal, MaxDegreeOfParallelism = 2 };
    }

    [Benchmark(Baseline = true, Description = "naive materializing, 1 thread")]
    public void Naive() => AttentionCases.Naive(_query, _key, _value, _output, _shape, Causal);

    [Benchmark(Description = "Compute, 1 thread")]
    public void Compute1() => ScaledDotProductAttention.Compute(_query, _key, _value, _output, _shape, _oneThread);

    [Benchmark(Description = "Compute, 2 threads")]
    public void Compute2() => ScaledDotProductAttention.Compute(_query, _key, _value, _output, _shape, _twoThreads);

    public Workload WorkOf(string benchmarkMethod) =>
        new(AttentionCases.ParsePrefill(Shape).FloatingPointOperations(Causal), benchmarkMethod == nameof(Compute2) ? 2 : 1);
}
