using Bedrock.Foundations.Attention;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// LibTorch's <c>torch.nn.functional.scaled_dot_product_attention</c> as TorchSharp 0.107 exposes it:
/// <c>scaled_dot_product_attention(query, key, value, attn_mask = null, p = 0, is_casual = false)</c> (sic: the flag is
/// spelled <c>is_casual</c>). That binding has neither <c>scale</c> (LibTorch's default 1/√D is ours too) nor
/// <c>enable_gqa</c>, so grouped-query attention (Hq ≠ Hkv) needs one of two rewrites:
/// <list type="bullet">
/// <item><description><see cref="RepeatedHeads"/>: repeat each K/V head G = Hq/Hkv times along the head axis
/// (<c>repeat_interleave</c>, query head h then reads K/V head h / G, as ours does), which copies K and V on every call —
/// what LibTorch's math fallback does with <c>enable_gqa</c>;</description></item>
/// <item><description><see cref="FoldedQueryHeads"/>: for one query token without a causal mask, view the query
/// [B, Hq, 1, D] as [B, Hkv, G, D] (the G query heads sharing a K/V head become G query rows), which is exact and copies
/// nothing.</description></item>
/// </list>
/// LibTorch's <c>is_causal</c> is top-left aligned (query i sees keys j ≤ i); ours is bottom-right aligned; with
/// Lq = Lk, as in every prefill shape here, they are the same mask. Decode runs without a causal mask.
/// </summary>
public static class TorchAttention
{
    /// <summary>A [B, H, L, D] float32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor ToTensor(float[] data, int batch, int heads, int length, int headDimension)
    {
        PeerRuntime.EnsureTorch();
        return tensor(data, [batch, heads, length, headDimension]);
    }

    /// <summary>sdpa for Hq = Hkv (the prefill shapes); the result is in the current dispose scope.</summary>
    public static Tensor Prefill(Tensor query, Tensor key, Tensor value, bool isCausal) =>
        nn.functional.scaled_dot_product_attention(query, key, value, is_casual: isCausal);

    /// <summary>One-token GQA decode with K/V heads repeated G times (a copy of K and V per call).</summary>
    public static Tensor RepeatedHeads(Tensor query, Tensor key, Tensor value, int group) =>
        nn.functional.scaled_dot_product_attention(query, key.repeat_interleave(group, 1), value.repeat_interleave(group, 1));

    /// <summary>One-token GQA decode with the query heads of each group folded into G query rows (no copy); output [B, Hq, 1, D].</summary>
    public static Tensor FoldedQueryHeads(Tensor query, Tensor key, Tensor value, AttentionShape shape) =>
        nn.functional.scaled_dot_product_attention(
                query.view(shape.Batch, shape.KeyValueHeads, shape.GroupSize, shape.HeadDimension), key, value)
            .view(shape.Batch, shape.QueryHeads, 1, shape.HeadDimension);
}
