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
/// its K/V in the L3. A plain read of the same K and V at the same thread count gives the memory's speed in the same run.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[WorkloadColumns(WorkKind.BytesRead)]
public class DecodePeerBenchmarks : IWorkloadBenchmark
{
    private DecodeInputs _in = null!;
    private AttentionOptions _options = null!;
    private Tensor _tq = null!;
    private Tensor[] _tk = [];
    private Tensor[] _tv = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerChecks.Require(AttentionPeerChecks.CheckDecode());
        torch.set_num_threads(Threads);
        _in = new DecodeInputs();
        AttentionShape shape = _in.Shape;
        int copies = AttentionCases.DecodeCopies;
        _tk = new Tensor[copies];
        _tv = new Tensor[copies];
        _tq = TorchAttention.ToTensor(_in.Query, shape.Batch, shape.QueryHeads, 1, shape.HeadDimension);
        for (int c = 0; c < copies; c++)
        {
            _tk[c] = TorchAttention.ToTensor(_in.Keys[c], shape.Batch, shape.KeyValueHeads, shape.KeyLength, shape.HeadDimension);
            _tv[c] = TorchAttention.ToTensor(_in.Values[c], shape.Batch, shape.KeyValueHeads, shape.KeyLength, shape.HeadDimension);
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
        int c = _in.Next();
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        TorchAttention.FoldedQueryHeads(_tq, _tk[c], _tv[c], _in.Shape);
    }

    [Benchmark(Description = "LibTorch sdpa, K/V heads repeated")]
    public void TorchRepeated()
    {
        int c = _in.Next();
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        TorchAttention.RepeatedHeads(_tq, _tk[c], _tv[c], _in.Shape.GroupSize);
    }

    [Benchmark(Description = "ScaledDotProductAttention.Compute (Lq = 1)")]
    public void Ours()
    {
        int c = _in.Next();
        ScaledDotProductAttention.Compute(_in.Query, _in.Keys[c], _in.Values[c], _in.Output, _in.Shape, _options);
    }

    [Benchmark(Description = "read K and V (sum), the memory's speed")]
    public float Read() => _in.ReadKeysAndValues(Threads);

    [Benchmark(Description = "KeyValueCache.Attend")]
    public void OursCache() => _in.Caches[_in.Next()].Attend(_in.Query, _in.Output, _in.Shape.QueryHeads, 1, _options);

    public Workload WorkOf(string benchmarkMethod) => new(DecodeInputs.BytesPerCall, Threads);
}
