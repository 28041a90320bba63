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
    private readonly AttentionShape _shape = AttentionCases.Decode;
    private float[] _query = [];
    private float[][] _keys = [];
    private float[][] _values = [];
    private KeyValueCache[] _caches = [];
    private float[] _output = [];
    private AttentionOptions _oneThread = null!;
    private AttentionOptions _twoThreads = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        int copies = AttentionCases.DecodeCopies;
        _query = AttentionCases.Uniform(_shape.QueryElementCount, 1);
        _output = new float[_shape.QueryElementCount];
        _keys = new float[copies][];
        _values = new float[copies][];
        _caches = new KeyValueCache[copies];
        for (int c = 0; c < copies; c++)
        {
            _keys[c] = AttentionCases.Uniform(_shape.KeyValueElementCount, 10 + c);
            _values[c] = AttentionCases.Uniform(_shape.KeyValueElementCount, 20 + c);
            _caches[c] = new KeyValueCache(_shape.Batch, _shape.KeyValueHeads, _shape.HeadDimension, _shape.KeyLength);
            _caches[c].Append(_keys[c], _values[c], _shape.KeyLength);
        }

        _oneThread = new AttentionOptions { MaxDegreeOfParallelism = 1 };
        _twoThreads = new AttentionOptions { MaxDegreeOfParallelism = 2 };
    }

    [Benchmark(Baseline = true, Description = "naive materializing, 1 thread")]
    public void Naive()
    {
        int c = Next();
        AttentionCases.Naive(_query, _keys[c], _values[c], _output, _shape, isCausal: false);
    }

    [Benchmark(Description = "Compute (Lq = 1), 1 thread")]
    public void Compute1()
    {
        int c = Next();
        ScaledDotProductAttention.Compute(_query, _keys[c], _values[c], _output, _shape, _oneThread);
    }

    [Benchmark(Description = "Compute (Lq = 1), 2 threads")]
    public void Compute2()
    {
        int c = Next();
        ScaledDotProductAttention.Compute(_query, _keys[c], _values[c], _output, _shape, _twoThreads);
    }

    [Benchmark(Description = "KeyValueCache.Attend, 1 thread")]
    public void Attend1() => _caches[Next()].Attend(_query, _output, _shape.QueryHeads, 1, _oneThread);

    [Benchmark(Description = "KeyValueCache.Attend, 2 threads")]
    public void Attend2() => _caches[Next()].Attend(_query, _output, _shape.QueryHeads, 1, _twoThreads);

    public Workload WorkOf(string benchmarkMethod) =>
        new(2.0 * _shape.KeyValueElementCount * sizeof(float), benchmarkMethod is nameof(Compute2) or nameof(Attend2) ? 2 : 1);

    private int Next()
    {
        int c = _next;
        _next = (c + 1) % AttentionCases.DecodeCopies;
        return c;
    }
}
