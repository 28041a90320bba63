using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Benchmarks.Attention;
using Bedrock.Foundations.Benchmarks.Machine;
using Bedrock.Foundations.Benchmarks.Peers.Harness;
using TorchSharp;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// One-token decode, (B, Hq, Hkv, Lk, D) = (1, 32, 8, 4096, 128), no causal mask: ours
/// (<see cref="ScaledDotProductAttention.Compute"/> with Lq = 1, and <see cref="KeyValueCache.Attend"/>) against
/// LibTorch's sdpa with the two GQA rewrites of <see cref="TorchAttention"/> (query heads folded: no copy, the baseline;
/// K/V heads repeated: a copy per call), at the same thread count. GB/s = 2·B·Hkv·Lk·D·4 bytes (K and V, 32 MiB) /
/// time. Every row cycles through <see cref="AttentionCases.DecodeCopies"/> copies of K/V (128 MiB), so no call finds
/// its K/V in the L3.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[WorkloadColumns(WorkKind.BytesRead)]
public class DecodePeerBenchmarks : IWorkloadBenchmark
{
    private readonly AttentionShape _shape = AttentionCases.Decode;
    private float[] _query = [];
    private float[][] _keys = [];
    private float[][] _values = [];
    private KeyValueCache[] _caches = [];
    private float[] _output = [];
    private AttentionOptions _options = null!;
    private Tensor _tq = null!;
    private Tensor[] _tk = [];
    private Tensor[] _tv = [];
    private int _next;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerChecks.Require(AttentionPeerChecks.CheckDecode());
        torch.set_num_threads(Threads);
        int copies = AttentionCases.DecodeCopies;
        _query = AttentionCases.Uniform(_shape.QueryElementCount, 1);
        _output = new float[_shape.QueryElementCount];
        _keys = new float[copies][];
        _values = new float[copies][];
        _caches = new KeyValueCache[copies];
        _tk = new Tensor[copies];
        _tv = new Tensor[copies];
        _tq = TorchAttention.ToTensor(_query, _shape.Batch, _shape.QueryHeads, 1, _shape.HeadDimension);
        for (int c = 0; c < copies; c++)
        {
            _keys[c] = AttentionCases.Uniform(_shape.KeyValueElementCount, 10 + c);
            _values[c] = AttentionCases.Uniform(_shape.KeyValueElementCount, 20 + c);
            _caches[c] = new KeyValueCache(_shape.Batch, _shape.KeyValueHeads, _shape.HeadDimension, _shape.KeyLength);
            _caches[c].Append(_keys[c], _values[c], _shape.KeyLength);
            _tk[c] = TorchAttention.ToTensor(_keys[c], _shape.Batch, _shape.KeyValueHeads, _shape.KeyLength, _shape.HeadDimension);
            _tv[c] = TorchAttention.ToTensor(_values[c], _shape.Batch, _shape.KeyValueHeads, _shape.KeyLength, _shape.HeadDimension);
        }

        _options = new AttentionOptions { MaxDegreeOfParallelism = Threads };
        Console.WriteLine($"// LibTorch intra-op threads: {torch.get_num_threads()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tq.Dispose();
        foreach (Tensor t in _tk.Concat(_tv))
        {
            t.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "LibTorch sdpa, query heads folded")]
    public void TorchFolded()
    {
        int c = Next();
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        TorchAttention.FoldedQueryHeads(_tq, _tk[c], _tv[c], _shape);
    }

    [Benchmark(Description = "LibTorch sdpa, K/V heads repeated")]
    public void TorchRepeated()
    {
        int c = Next();
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        TorchAttention.RepeatedHeads(_tq, _tk[c], _tv[c], _shape.GroupSize);
    }

    [Benchmark(Description = "ScaledDotProductAttention.Compute (Lq = 1)")]
    public void Ours()
    {
        int c = Next();
        ScaledDotProductAttention.Compute(_query, _keys[c], _values[c], _output, _shape, _options);
    }

    [Benchmark(Description = "KeyValueCache.Attend")]
    public void OursCache() => _caches[Next()].Attend(_query, _output, _shape.QueryHeads, 1, _options);

    public Workload WorkOf(string benchmarkMethod) => new(2.0 * _shape.KeyValueElementCount * sizeof(float), Threads);

    private int Next()
    {
        int c = _next;
        _next = (c + 1) % AttentionCases.DecodeCopies;
        return c;
    }
}
