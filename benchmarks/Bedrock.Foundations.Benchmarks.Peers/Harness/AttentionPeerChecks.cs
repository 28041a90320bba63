using System.Globalization;
using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Benchmarks.Attention;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// Checks, on the benchmarks' own seeded inputs, that <see cref="ScaledDotProductAttention.Compute"/> (and, for decode,
/// <see cref="KeyValueCache.Attend"/>) agree with LibTorch's sdpa, and with the naive baseline where it is cheap
/// (L = 512 and decode): max |ours − LibTorch| ≤ <see cref="Tolerance"/>.
/// </summary>
public static class AttentionPeerChecks
{
    /// <summary>Largest |ours − LibTorch| accepted; outputs are O(0.1) and sums over up to 2048 keys in float32.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>One prefill shape, causal or not.</summary>
    public static CheckResult CheckPrefill(string shapeText, bool isCausal)
    {
        AttentionShape shape = AttentionCases.ParsePrefill(shapeText);
        float[] q = AttentionCases.Uniform(shape.QueryElementCount, 1);
        float[] k = AttentionCases.Uniform(shape.KeyValueElementCount, 2);
        float[] v = AttentionCases.Uniform(shape.KeyValueElementCount, 3);
        var ours = new float[shape.QueryElementCount];
        ScaledDotProductAttention.Compute(q, k, v, ours, shape, new AttentionOptions { IsCausal = isCausal });

        float[] theirs;
        using (no_grad())
        using (NewDisposeScope())
        {
            Tensor tq = TorchAttention.ToTensor(q, shape.Batch, shape.QueryHeads, shape.QueryLength, shape.HeadDimension);
            Tensor tk = TorchAttention.ToTensor(k, shape.Batch, shape.KeyValueHeads, shape.KeyLength, shape.HeadDimension);
            Tensor tv = TorchAttention.ToTensor(v, shape.Batch, shape.KeyValueHeads, shape.KeyLength, shape.HeadDimension);
            theirs = TorchAttention.Prefill(tq, tk, tv, isCausal).contiguous().data<float>().ToArray();
        }

        float[]? naive = null;
        if (shape.QueryLength <= 512)
        {
            naive = new float[shape.QueryElementCount];
            AttentionCases.Naive(q, k, v, naive, shape, isCausal);
        }

        return Report($"prefill {shapeText}, {(isCausal ? "causal" : "not causal")}", ours, [("LibTorch sdpa", theirs)], naive);
    }

    /// <summary>One-token decode, both GQA rewrites of LibTorch, Compute and KeyValueCache.Attend.</summary>
    public static CheckResult CheckDecode()
    {
        AttentionShape shape = AttentionCases.Decode;
        float[] q = AttentionCases.Uniform(shape.QueryElementCount, 1);
        float[] k = AttentionCases.Uniform(shape.KeyValueElementCount, 10);
        float[] v = AttentionCases.Uniform(shape.KeyValueElementCount, 20);
        var ours = new float[shape.QueryElementCount];
        ScaledDotProductAttention.Compute(q, k, v, ours, shape);
        var cache = new KeyValueCache(shape.Batch, shape.KeyValueHeads, shape.HeadDimension, shape.KeyLength);
        cache.Append(k, v, shape.KeyLength);
        var fromCache = new float[shape.QueryElementCount];
        cache.Attend(q, fromCache, shape.QueryHeads, 1);

        float[] repeated;
        float[] folded;
        using (no_grad())
        using (NewDisposeScope())
        {
            Tensor tq = TorchAttention.ToTensor(q, shape.Batch, shape.QueryHeads, 1, shape.HeadDimension);
            Tensor tk = TorchAttention.ToTensor(k, shape.Batch, shape.KeyValueHeads, shape.KeyLength, shape.HeadDimension);
            Tensor tv = TorchAttention.ToTensor(v, shape.Batch, shape.KeyValueHeads, shape.KeyLength, shape.HeadDimension);
            repeated = TorchAttention.RepeatedHeads(tq, tk, tv, shape.GroupSize).contiguous().data<float>().ToArray();
            folded = TorchAttention.FoldedQueryHeads(tq, tk, tv, shape).contiguous().data<float>().ToArray();
        }

        var naive = new float[shape.QueryElementCount];
        AttentionCases.Naive(q, k, v, naive, shape, isCausal: false);
        return Report(
            "decode (1, 32, 8, Lk = 4096, 128), Compute",
            ours,
            [("LibTorch sdpa, K/V heads repeated", repeated), ("LibTorch sdpa, query heads folded", folded), ("KeyValueCache.Attend", fromCache)],
            naive);
    }

    private static CheckResult Report(string title, float[] ours, (string Name, float[] Values)[] peers, float[]? naive)
    {
        bool passed = true;
        var parts = new List<string>();
        foreach ((string name, float[] values) in peers)
        {
            double diff = MaxAbsDifference(ours, values);
            passed &= diff <= Tolerance;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"max |ours − {name}| = {diff:E2}"));
        }

        if (naive is not null)
        {
            double diff = MaxAbsDifference(ours, naive);
            passed &= diff <= Tolerance;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"max |ours − naive| = {diff:E2}"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"max |{peers[0].Name} − naive| = {MaxAbsDifference(peers[0].Values, naive):E2}"));
        }

        string report = string.Create(CultureInfo.InvariantCulture,
            $"{title}: {string.Join("; ", parts)} (tolerance {Tolerance:E0}, max |output| {MaxAbs(ours):F3}) {(passed ? "ok" : "FAILED")}");
        return new CheckResult(passed, report);
    }

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }

        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs((double)a[i] - b[i]);
            max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
        }

        return max;
    }

    private static double MaxAbs(float[] a)
    {
        double max = 0;
        foreach (float x in a)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        return max;
    }
}
