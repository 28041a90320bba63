using System.Globalization;
using Bedrock.Foundations.Attention.Common;

namespace Bedrock.Foundations.Attention;

/// <summary>
/// Attention(Q, K, V) = softmax(scale·QKᵀ + M)·V per head (Vaswani et al. 2017, "Attention Is All You Need"), on the CPU:
/// tiled with an online softmax so memory stays O(tile) (FlashAttention), vectorized, and parallel over (batch,
/// key/value head, block of query rows).
/// </summary>
/// <remarks>
/// <para><b>Layouts</b> (PyTorch's, row-major float32): query and output [B, Hq, Lq, D]; key and value [B, Hkv, Lk, D].
/// Query head h reads key/value head h / (Hq/Hkv) (grouped-query attention; multi-query when Hkv = 1).</para>
/// <para><b>Masks.</b> <see cref="AttentionOptions.IsCausal"/> is aligned bottom-right (query i sees keys
/// j ≤ i + Lk − Lq; see there for how that differs from PyTorch's <c>is_causal</c>); <see cref="AttentionOptions.AdditiveMask"/>
/// is added to the scaled scores. A query that sees no key (all masked) gets a zero output row, never NaN.</para>
/// <para><b>NaN</b> in the inputs propagates to the outputs it touches (a NaN in query row i makes output row i NaN; in a
/// value, every row that sees its key; in a key, every row that sees it and, as NaN + (−∞) is NaN, also rows whose
/// additive mask hides it — the causal mask does not let it through); it never throws.</para>
/// <para><b>Threads and reproducibility.</b> Each tile is computed by one thread in a fixed order, so the result is
/// bit-identical whatever <see cref="AttentionOptions.MaxDegreeOfParallelism"/> is. The method is thread-safe.</para>
/// </remarks>
public static class ScaledDotProductAttention
{
    /// <summary>Computes attention for every batch entry and query head.</summary>
    /// <param name="query">[B, Hq, Lq, D].</param>
    /// <param name="key">[B, Hkv, Lk, D].</param>
    /// <param name="value">[B, Hkv, Lk, D].</param>
    /// <param name="output">[B, Hq, Lq, D], written entirely.</param>
    /// <param name="shape">The sizes.</param>
    /// <param name="options">Causality, scale, mask and parallelism; <see cref="AttentionOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size ≤ 0 (parameter <c>shape</c>); a bad scale or degree of
    /// parallelism (parameter <c>options</c>).</exception>
    /// <exception cref="ArgumentException">Hq not a multiple of Hkv (parameter <c>shape</c>); a span whose length is not
    /// the shape's (the message gives both); a mask whose length is neither Lq·Lk nor B·Lq·Lk (parameter
    /// <c>options</c>). Nothing is written to <paramref name="output"/> when an argument is bad.</exception>
    public static void Compute(
        ReadOnlySpan<float> query, ReadOnlySpan<float> key, ReadOnlySpan<float> value, Span<float> output,
        AttentionShape shape, AttentionOptions? options = null)
    {
        options ??= AttentionOptions.Default;
        shape.Validate();
        options.Validate();
        CheckLength(query.Length, shape.QueryElementCount, nameof(query), "[B, Hq, Lq, D]");
        CheckLength(key.Length, shape.KeyValueElementCount, nameof(key), "[B, Hkv, Lk, D]");
        CheckLength(value.Length, shape.KeyValueElementCount, nameof(value), "[B, Hkv, Lk, D]");
        CheckLength(output.Length, shape.QueryElementCount, nameof(output), "[B, Hq, Lq, D]");
        long maskBatchStride = MaskBatchStride(options, shape.Batch, shape.QueryLength, shape.KeyLength);
        Run(query, key, value, output, shape, (long)shape.KeyLength * shape.HeadDimension, options, maskBatchStride);
    }

    /// <summary>Runs validated arguments; key/value heads are <paramref name="keyValueHeadStride"/> elements apart.</summary>
    internal static unsafe void Run(
        ReadOnlySpan<float> query, ReadOnlySpan<float> key, ReadOnlySpan<float> value, Span<float> output,
        AttentionShape shape, long keyValueHeadStride, AttentionOptions options, long maskBatchStride)
    {
        fixed (float* q = query)
        fixed (float* k = key)
        fixed (float* v = value)
        fixed (float* o = output)
        fixed (float* m = options.AdditiveMask.Span)
        {
            var job = new AttentionJob
            {
                Query = q,
                Key = k,
                Value = v,
                Output = o,
                Mask = options.AdditiveMask.IsEmpty ? null : m,
                Batch = shape.Batch,
                QueryHeads = shape.QueryHeads,
                KeyValueHeads = shape.KeyValueHeads,
                QueryLength = shape.QueryLength,
                KeyLength = shape.KeyLength,
                HeadDimension = shape.HeadDimension,
                KeyValueHeadStride = keyValueHeadStride,
                MaskBatchStride = maskBatchStride,
                Scale = options.Scale ?? (float)(1d / Math.Sqrt(shape.HeadDimension)),
                IsCausal = options.IsCausal,
            };
            AttentionKernel.Run(ref job, options.EffectiveParallelism);
        }
    }

    internal static void CheckLength(int actual, long expected, string name, string layout)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name} must hold {layout} = {expected} elements (expected {expected}); it has {actual}."),
                name);
        }
    }

    /// <summary>0 for no mask or an [Lq, Lk] mask, Lq·Lk for [B, 1, Lq, Lk]; throws for any other length.</summary>
    internal static long MaskBatchStride(AttentionOptions options, int batch, int queryLength, int keyLength)
    {
        int maskLength = options.AdditiveMask.Length;
        long plane = (long)queryLength * keyLength;
        if (maskLength == 0 || maskLength == plane)
        {
            return 0;
        }

        if (maskLength == plane * batch)
        {
            return plane;
        }

        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture,
                $"AttentionOptions.AdditiveMask has {maskLength} elements; it must be [Lq, Lk] = {plane} or [B, 1, Lq, Lk] = {plane * batch}."),
            nameof(options));
    }
}
