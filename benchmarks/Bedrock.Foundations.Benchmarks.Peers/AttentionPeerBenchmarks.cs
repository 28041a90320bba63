using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Benchmarks.Attention;
using Bedrock.Foundations.Benchmarks.Machine;
using Bedrock.Foundations.Benchmarks.Peers.Harness;
using TorchSharp;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers;

/// <summary>
/// Prefill attention, ours against LibTorch 2.10's <c>scaled_dot_product_attention</c> (TorchSharp-cpu 0.107) on the
/// issue's shapes (B, Hq, Hkv, L, D), causal and not, with both held to the same number of threads: LibTorch through
/// <c>torch.set_num_threads(Threads)</c>, ours through <see cref="AttentionOptions.MaxDegreeOfParallelism"/> = Threads.
/// LibTorch is the baseline, so Ratio = our time / LibTorch's time in the same run (below 1: ours is faster).
/// GFLOP/s = 4·B·Hq·Lq·Lk·D / time, halved when causal. LibTorch allocates its output tensor (native memory, not in the
/// Allocated column) on every call; ours writes into a preallocated buffer. The outputs are cross-checked in
/// [GlobalSetup] (<see cref="AttentionPeerChecks"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[WorkloadColumns(WorkKind.FloatingPointOperations)]
public class AttentionPeerBenchmarks : IWorkloadBenchmark
{
    private AttentionShape _shape;
    private float[] _query = [];
    private float[] _key = [];
    private float[] _value = [];
    private float[] _output = [];
    private AttentionOptions _options = null!;
    private Tensor _tq = null!;
    private Tensor _tk = null!;
    private Tensor _tv = null!;

    public static IEnumerable<string> Shapes => AttentionCases.PrefillShapes;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = AttentionCases.SmallPrefill;

    [Params(false, true)]
    public bool Causal { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerChecks.Require(AttentionPeerChecks.CheckPrefill(Shape, Causal));
        torch.set_num_threads(Threads);
        _shape = AttentionCases.ParsePrefill(Shape);
        _query = AttentionCases.Uniform(_shape.QueryElementCount, 1);
        _key = AttentionCases.Uniform(_shape.KeyValueElementCount, 2);
        _value = AttentionCases.Uniform(_shape.KeyValueElementCount, 3);
        _output = new float[_shape.QueryElementCount];
        _options = new AttentionOptions { IsCausal = Causal, MaxDegreeOfParallelism = Threads };
        _tq = TorchAttention.ToTensor(_query, _shape.Batch, _shape.QueryHeads, _shape.QueryLength, _shape.HeadDimension);
        _tk = TorchAttention.ToTensor(_key, _shape.Batch, _shape.KeyValueHeads, _shape.KeyLength, _shape.HeadDimension);
        _tv = TorchAttention.ToTensor(_value, _shape.Batch, _shape.KeyValueHeads, _shape.KeyLength, _shape.HeadDimension);
        Console.WriteLine($"// LibTorch intra-op threads: {torch.get_num_threads()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tq.Dispose();
        _tk.Dispose();
        _tv.Dispose();
    }

    [Benchmark(Baseline = true, Description = "LibTorch sdpa")]
    public void Torch()
    {
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        TorchAttention.Prefill(_tq, _tk, _tv, Causal);
    }

    [Benchmark(Description = "ScaledDotProductAttention.Compute")]
    public void Ours() => ScaledDotProductAttention.Compute(_query, _key, _value, _output, _shape, _options);

    public Workload WorkOf(string benchmarkMethod) => new(AttentionCases.ParsePrefill(Shape).FloatingPointOperations(Causal), Threads);
}
