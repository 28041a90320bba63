using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Benchmarks.Machine;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// Decode: one query token against Lk = 4096 cached keys, through <see cref="ScaledDotProductAttention.Compute"/>
/// (Lq = 1) and <see cref="KeyValueCache.Attend"/> on a full cache, at 1 and 2 threads, against the naive materializing
/// implementation (the baseline) and against a plain read of the same K and V (the memory's speed). Decode is bound by
/// reading K and V, so the GB/s column is 2·B·Hkv·Lk·D·4 bytes / time, and "% of read" divides it by the read row's GB/s
/// at the same thread count in the same run — the "≥ 80 % of DRAM read bandwidth". The "% DRAM BW" column
/// divides by a bandwidth measured separately in the host process (<see cref="MachinePeak"/>).
/// Every row cycles through <see cref="AttentionCases.DecodeCopies"/> independent copies of K/V (one per call): a call
/// never finds its K/V left in the 32 MiB L3 by the previous one.
/// </summary>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.BytesRead)]
[PercentOfReferenceColumn("Read", "% of read")]
public class DecodeBenchmarks : IWorkloadBenchmark
{
    private DecodeInputs _in = null!;
    private AttentionOptions _oneThread = null!;
    private AttentionOptions _twoThreads = null!;

    /// <summary>"(B, Hq, Hkv, Lk, D)".</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = AttentionCases.MainDecode;

    public static IEnumerable<string> Shapes => AttentionCases.DecodeShapes;

    [GlobalSetup]
    public void Setup()
    {
        _in = new DecodeInputs(AttentionCases.ParseDecode(Shape));
        _oneThread = new AttentionOptions { MaxDegreeOfParallelism = 1 };
        _twoThreads = new AttentionOptions { MaxDegreeOfParallelism = 2 };
    }

    [Benchmark(Baseline = true, Description = "naive materializing, 1 thread")]
    public void Naive()
    {
        int c = _in.Next();
        AttentionCases.Naive(_in.Query, _in.Keys[c], _in.Values[c], _in.Output, _in.Shape, isCausal: false);
    }

    [Benchmark(Description = "read K and V (sum), 1 thread")]
    public float Read1() => _in.ReadKeysAndValues(1);

    [Benchmark(Description = "read K and V (sum), 2 threads")]
    public float Read2() => _in.ReadKeysAndValues(2);

    [Benchmark(Description = "Compute (Lq = 1), 1 thread")]
    public void Compute1()
    {
        int c = _in.Next();
        ScaledDotProductAttention.Compute(_in.Query, _in.Keys[c], _in.Values[c], _in.Output, _in.Shape, _oneThread);
    }

    [Benchmark(Description = "Compute (Lq = 1), 2 threads")]
    public void Compute2()
    {
        int c = _in.Next();
        ScaledDotProductAttention.Compute(_in.Query, _in.Keys[c], _in.Values[c], _in.Output, _in.Shape, _twoThreads);
    }

    [Benchmark(Description = "KeyValueCache.Attend, 1 thread")]
    public void Attend1() => _in.Caches[_in.Next()].Attend(_in.Query, _in.Output, _in.Shape.QueryHeads, 1, _oneThread);

    [Benchmark(Description = "KeyValueCache.Attend, 2 threads")]
    public void Attend2() => _in.Caches[_in.Next()].Attend(_in.Query, _in.Output, _in.Shape.QueryHeads, 1, _twoThreads);

    public Workload WorkOf(string benchmarkMethod) =>
        new(DecodeInputs.BytesOf(AttentionCases.ParseDecode(Shape)), benchmarkMethod is nameof(Compute2) or nameof(Attend2) or nameof(Read2) ? 2 : 1);
}
