using System.Globalization;

namespace Bedrock.Foundations.Attention;

/// <summary>
/// The sizes of one attention call, in PyTorch's layouts: query and output [B, Hq, Lq, D], key and value
/// [B, Hkv, Lk, D], all row-major float32.
/// </summary>
/// <param name="Batch">B ≥ 1.</param>
/// <param name="QueryHeads">Hq ≥ 1, a multiple of <paramref name="KeyValueHeads"/>.</param>
/// <param name="KeyValueHeads">Hkv ≥ 1. Hkv = Hq is multi-head attention, 1 &lt; Hkv &lt; Hq grouped-query attention
/// (query head h reads key/value head h / (Hq/Hkv)), Hkv = 1 multi-query attention.</param>
/// <param name="QueryLength">Lq ≥ 1.</param>
/// <param name="KeyLength">Lk ≥ 1.</param>
/// <param name="HeadDimension">1 ≤ D ≤ <see cref="MaxHeadDimension"/>.</param>
public readonly record struct AttentionShape(int Batch, int QueryHeads, int KeyValueHeads, int QueryLength, int KeyLength, int HeadDimension)
{
    /// <summary>The largest head dimension accepted, 2¹⁶ (models use 64–256; the tile buffers are sized in D).</summary>
    public const int MaxHeadDimension = 1 << 16;

    /// <summary>G = Hq / Hkv, the query heads that share one key/value head.</summary>
    public int GroupSize => QueryHeads / KeyValueHeads;

    /// <summary>B·Hq·Lq·D: the length of the query and of the output.</summary>
    public long QueryElementCount => (long)Batch * QueryHeads * QueryLength * HeadDimension;

    /// <summary>B·Hkv·Lk·D: the length of the key and of the value.</summary>
    public long KeyValueElementCount => (long)Batch * KeyValueHeads * KeyLength * HeadDimension;

    /// <summary>
    /// The floating-point operations of the two matrix products, 4·B·Hq·Lq·Lk·D (QKᵀ and PV, a multiply and an add each),
    /// halved when causal — the convention of FlashAttention's and PyTorch's benchmarks (softmax not counted).
    /// </summary>
    /// <param name="isCausal">Whether the call is causal.</param>
    /// <returns>The count, as a double (it exceeds 2⁶³ for no realistic shape, but doubles are what GFLOP/s need).</returns>
    public double FloatingPointOperations(bool isCausal)
    {
        double flops = 4d * Batch * QueryHeads * QueryLength * KeyLength * HeadDimension;
        return isCausal ? flops / 2 : flops;
    }

    /// <summary>Checks every size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size ≤ 0, or D above <see cref="MaxHeadDimension"/> (parameter
    /// <c>shape</c>; the message names it).</exception>
    /// <exception cref="ArgumentException">Hq is not a multiple of Hkv (parameter <c>shape</c>).</exception>
    public void Validate()
    {
        ReadOnlySpan<(int Value, string Name)> sizes =
        [
            (Batch, nameof(Batch)), (QueryHeads, nameof(QueryHeads)), (KeyValueHeads, nameof(KeyValueHeads)),
            (QueryLength, nameof(QueryLength)), (KeyLength, nameof(KeyLength)), (HeadDimension, nameof(HeadDimension)),
        ];
        foreach ((int value, string name) in sizes)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException("shape", value, $"AttentionShape.{name} must be at least 1; it is {value}.");
            }
        }

        if (HeadDimension > MaxHeadDimension)
        {
            throw new ArgumentOutOfRangeException("shape", HeadDimension, $"AttentionShape.HeadDimension must be at most {MaxHeadDimension}; it is {HeadDimension}.");
        }

        if (QueryHeads % KeyValueHeads != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"AttentionShape.QueryHeads ({QueryHeads}) must be a multiple of KeyValueHeads ({KeyValueHeads}) for grouped-query attention."),
                "shape");
        }
    }
}
