using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Benchmarks.Machine;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// Decode: one query token, (B, Hq, Hkv, Lk, D) = (1, 32, 8, 4096, 128), through
/// <see cref="ScaledDotProductAttention.Compute"/> (Lq = 1) and through <see cref="KeyValueCache.Attend"/> on a full
/// cache, at 1 and 2 threads, against the naive materializing implementation. Decode is bound by reading K and V
/// (32 MiB per call), so the GB/s column is 2·B·Hkv·Lk·D·4 bytes / time and "% DRAM BW" compares it with the summed
/// read bandwidth at the row's thread count. 32 MiB is exactly this machine's L3, so every row cycles through
/// <see cref="AttentionCases.DecodeCopies"/> independent copies of K/V (one per call, 128 MiB in all): a call never
/// finds its K/V left in cache by the previous one.
/// </summary>
[MemoryDiagnoser]
[WorkloadColumns(WorkKind.BytesRead)]
public class DecodeBenchmarks : IWorkloadBenchmark
{
    private DecodeInputs _in = null!;
    private AttentionOptions _oneThread = null!;
    private AttentionOptions _twoThreads = null!;

    [GlobalSetup]
    public void Setup()
    {
        _in = new DecodeInputs();
        _oneThread = new AttentionOptions { MaxDegreeOfParallelism = 1 };
        _twoThreads = new AttentionOptions { MaxDegreeOfParallelism = 2 };
    }

    [Benchmark(Baseline = true, Description = "naive materializing, 1 thread")]
    public void Naive()
    {
        int c = _in.Next();
        AttentionCases.Naive(_in.Query, _in.Keys[c], _in.Values[c], _in.Output, _in.Shape, isCausal: false);
    }

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
        new(DecodeInputs.BytesPerCall, benchmarkMethod is nameof(Compute2) or nameof(Attend2) ? 2 : 1);
}
