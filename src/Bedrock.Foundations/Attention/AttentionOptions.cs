namespace Bedrock.Foundations.Attention;

/// <summary>Options of <see cref="ScaledDotProductAttention.Compute"/>.</summary>
public sealed class AttentionOptions
{
    /// <summary>Not causal, scale 1/√D, no mask, all cores.</summary>
    public static AttentionOptions Default { get; } = new();

    /// <summary>
    /// Whether query i may only see keys j ≤ i + (Lk − Lq): the causal mask aligned bottom-right, so that the last query
    /// sees every key and a one-token decode step sees the whole cache.
    /// </summary>
    /// <value>Default false.</value>
    /// <remarks>
    /// With Lq = Lk this is PyTorch's <c>is_causal</c>. With Lq ≠ Lk they differ: PyTorch's <c>is_causal</c> is aligned
    /// top-left (query i sees keys j ≤ i, so with Lq = 1 it sees only key 0), which is what its
    /// <c>torch.nn.attention.bias.causal_upper_left</c> names; ours is <c>causal_lower_right</c>, what decoding through a
    /// key/value cache needs. When Lk &lt; Lq, the first Lq − Lk queries see no key at all and get zeros.
    /// </remarks>
    public bool IsCausal { get; init; }

    /// <summary>The factor applied to QKᵀ before the softmax; 1/√D when null.</summary>
    /// <value>Finite when set; default null.</value>
    public float? Scale { get; init; }

    /// <summary>
    /// Added to the scaled scores before the softmax: [Lq, Lk] (broadcast over batch and heads) or [B, 1, Lq, Lk]
    /// (broadcast over heads), row-major. −∞ masks a key out; a query whose keys are all masked gets zeros.
    /// </summary>
    /// <value>Empty (no mask) by default.</value>
    public ReadOnlyMemory<float> AdditiveMask { get; init; }

    /// <summary>How many threads may work on one call: −1 for all cores, otherwise at least 1.</summary>
    /// <value>Default −1. Results are bit-identical for every value.</value>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks <see cref="Scale"/> and <see cref="MaxDegreeOfParallelism"/> (the mask is checked against a shape
    /// when used).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range (parameter <c>options</c>).</exception>
    public void Validate()
    {
        if (Scale is float scale && !float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException("options", scale, $"AttentionOptions.Scale must be finite; it is {scale}.");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException("options", MaxDegreeOfParallelism,
                $"AttentionOptions.MaxDegreeOfParallelism must be -1 (all cores) or at least 1; it is {MaxDegreeOfParallelism}.");
        }
    }

    /// <summary>The degree of parallelism to use: the option, with −1 meaning <see cref="Environment.ProcessorCount"/>.</summary>
    internal int EffectiveParallelism => MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
}
