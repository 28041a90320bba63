using System.Buffers;
using System.Globalization;
using Bedrock.Foundations.Attention.Common;

namespace Bedrock.Foundations.Attention;

/// <summary>
/// A multi-head (or grouped-query) attention layer: Q = xW_qᵀ + b_q, K = xW_kᵀ + b_k, V = xW_vᵀ + b_v split into heads,
/// <see cref="ScaledDotProductAttention"/> per head, heads concatenated and projected by W_o — PyTorch's
/// <c>nn.MultiheadAttention</c> for self-attention (with separate projections and GQA), batch first.
/// </summary>
/// <remarks>
/// Weights use nn.Linear's layout [out_features, in_features] and are copied (kept transposed) at construction; the
/// projections are register-blocked AVX-512 matrix products when the widths are multiples of 16. Thread-safe: working
/// buffers come from the shared array pool per call; a <see cref="KeyValueCache"/> passed to <see cref="Forward"/> is
/// written, so one cache belongs to one sequence of calls at a time.
/// </remarks>
public sealed class MultiHeadAttention
{
    private readonly float[] _queryWeight;
    private readonly float[] _keyWeight;
    private readonly float[] _valueWeight;
    private readonly float[] _outputWeight;
    private readonly float[] _queryBias;
    private readonly float[] _keyBias;
    private readonly float[] _valueBias;
    private readonly float[] _outputBias;

    /// <summary>Creates the layer from its weights.</summary>
    /// <param name="modelDimension">M, the width of the input and output, ≥ 1.</param>
    /// <param name="queryHeads">Hq ≥ 1, a multiple of <paramref name="keyValueHeads"/>.</param>
    /// <param name="keyValueHeads">Hkv ≥ 1.</param>
    /// <param name="headDimension">D ≥ 1 (often M / Hq).</param>
    /// <param name="queryWeight">W_q, [Hq·D, M].</param>
    /// <param name="keyWeight">W_k, [Hkv·D, M].</param>
    /// <param name="valueWeight">W_v, [Hkv·D, M].</param>
    /// <param name="outputWeight">W_o, [M, Hq·D].</param>
    /// <param name="queryBias">b_q, [Hq·D], or null for none.</param>
    /// <param name="keyBias">b_k, [Hkv·D], or null.</param>
    /// <param name="valueBias">b_v, [Hkv·D], or null.</param>
    /// <param name="outputBias">b_o, [M], or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size ≤ 0.</exception>
    /// <exception cref="ArgumentNullException">A weight is null.</exception>
    /// <exception cref="ArgumentException">Hq not a multiple of Hkv (parameter <paramref name="queryHeads"/>), or a weight
    /// or bias of the wrong length (named, with both lengths).</exception>
    public MultiHeadAttention(
        int modelDimension, int queryHeads, int keyValueHeads, int headDimension,
        float[] queryWeight, float[] keyWeight, float[] valueWeight, float[] outputWeight,
        float[]? queryBias = null, float[]? keyBias = null, float[]? valueBias = null, float[]? outputBias = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelDimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryHeads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyValueHeads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headDimension);
        if (queryHeads % keyValueHeads != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"queryHeads ({queryHeads}) must be a multiple of keyValueHeads ({keyValueHeads})."),
                nameof(queryHeads));
        }

        ModelDimension = modelDimension;
        QueryHeads = queryHeads;
        KeyValueHeads = keyValueHeads;
        HeadDimension = headDimension;
        long q = (long)queryHeads * headDimension;
        long kv = (long)keyValueHeads * headDimension;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q * modelDimension, Array.MaxLength, nameof(headDimension)); // a weight that no array can hold
        _queryWeight = Transposed(queryWeight, (int)q, modelDimension, nameof(queryWeight), "[Hq·D, M]");
        _keyWeight = Transposed(keyWeight, (int)kv, modelDimension, nameof(keyWeight), "[Hkv·D, M]");
        _valueWeight = Transposed(valueWeight, (int)kv, modelDimension, nameof(valueWeight), "[Hkv·D, M]");
        _outputWeight = Transposed(outputWeight, modelDimension, (int)q, nameof(outputWeight), "[M, Hq·D]");
        _queryBias = CopyOptional(queryBias, q, nameof(queryBias));
        _keyBias = CopyOptional(keyBias, kv, nameof(keyBias));
        _valueBias = CopyOptional(valueBias, kv, nameof(valueBias));
        _outputBias = CopyOptional(outputBias, modelDimension, nameof(outputBias));
    }

    /// <summary>M.</summary>
    public int ModelDimension { get; }

    /// <summary>Hq.</summary>
    public int QueryHeads { get; }

    /// <summary>Hkv.</summary>
    public int KeyValueHeads { get; }

    /// <summary>D.</summary>
    public int HeadDimension { get; }

    /// <summary>A cache shaped for this layer.</summary>
    /// <param name="batch">B ≥ 1.</param>
    /// <param name="capacity">Tokens it can hold, ≥ 1.</param>
    /// <returns>An empty cache of [B, Hkv, capacity, D].</returns>
    public KeyValueCache CreateCache(int batch, int capacity) => new(batch, KeyValueHeads, HeadDimension, capacity);

    /// <summary>Runs the layer on a batch of sequences.</summary>
    /// <param name="input">x, [B, L, M].</param>
    /// <param name="output">The result, [B, L, M].</param>
    /// <param name="batch">B ≥ 1.</param>
    /// <param name="sequenceLength">L ≥ 1, the tokens in this call.</param>
    /// <param name="cache">Without one, the L tokens attend to each other. With one, their keys and values are appended
    /// to it first and the L queries attend to everything it holds; with <see cref="AttentionOptions.IsCausal"/> (aligned
    /// bottom-right), feeding a sequence token by token gives the same output as feeding it whole.</param>
    /// <param name="options">Causality, scale, mask and parallelism of the attention.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size ≤ 0 or a bad option.</exception>
    /// <exception cref="ArgumentException">A span of the wrong length, or a cache of another shape (parameter
    /// <paramref name="cache"/>).</exception>
    /// <exception cref="InvalidOperationException">The tokens do not fit in the cache (nothing is appended or written).</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int sequenceLength,
        KeyValueCache? cache = null, AttentionOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        options ??= AttentionOptions.Default;
        options.Validate();
        int m = ModelDimension;
        int d = HeadDimension;
        long tokens = (long)batch * sequenceLength;
        ScaledDotProductAttention.CheckLength(input.Length, tokens * m, nameof(input), "[B, L, M]");
        ScaledDotProductAttention.CheckLength(output.Length, tokens * m, nameof(output), "[B, L, M]");
        int keyLength = sequenceLength;
        if (cache is not null)
        {
            if (cache.Batch != batch || cache.KeyValueHeads != KeyValueHeads || cache.HeadDimension != d)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The cache is [B={cache.Batch}, Hkv={cache.KeyValueHeads}, D={cache.HeadDimension}]; this call needs [B={batch}, Hkv={KeyValueHeads}, D={d}]."),
                    nameof(cache));
            }

            if (sequenceLength > cache.Capacity - cache.Length)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The cache holds {cache.Length} of {cache.Capacity} tokens; {sequenceLength} more do not fit."));
            }

            keyLength = cache.Length + sequenceLength;
        }

        ScaledDotProductAttention.MaskBatchStride(options, batch, sequenceLength, keyLength); // validate before any work

        int n = (int)tokens;
        int qWidth = QueryHeads * d;
        int kvWidth = KeyValueHeads * d;
        long working = (3L * n * qWidth) + (4L * n * kvWidth);
        if (working > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength,
                string.Create(CultureInfo.InvariantCulture, $"B·L = {n} tokens need {working} floats of working memory, more than an array holds; call Forward on fewer tokens at a time."));
        }

        float[] rented = ArrayPool<float>.Shared.Rent((int)working);
        try
        {
            Span<float> projectedQ = rented.AsSpan(0, n * qWidth);
            Span<float> projectedK = rented.AsSpan(n * qWidth, n * kvWidth);
            Span<float> projectedV = rented.AsSpan((n * qWidth) + (n * kvWidth), n * kvWidth);
            Span<float> heads = rented.AsSpan((n * qWidth) + (2 * n * kvWidth), n * qWidth);
            Span<float> keysByHead = rented.AsSpan((2 * n * qWidth) + (2 * n * kvWidth), n * kvWidth);
            Span<float> valuesByHead = rented.AsSpan((2 * n * qWidth) + (3 * n * kvWidth), n * kvWidth);
            Span<float> attended = rented.AsSpan((2 * n * qWidth) + (4 * n * kvWidth), n * qWidth);

            Linear.Apply(input, n, m, _queryWeight, _queryBias, qWidth, projectedQ);
            Linear.Apply(input, n, m, _keyWeight, _keyBias, kvWidth, projectedK);
            Linear.Apply(input, n, m, _valueWeight, _valueBias, kvWidth, projectedV);
            SplitHeads(projectedQ, heads, batch, sequenceLength, QueryHeads, d);
            SplitHeads(projectedK, keysByHead, batch, sequenceLength, KeyValueHeads, d);
            SplitHeads(projectedV, valuesByHead, batch, sequenceLength, KeyValueHeads, d);

            if (cache is null)
            {
                var shape = new AttentionShape(batch, QueryHeads, KeyValueHeads, sequenceLength, sequenceLength, d);
                ScaledDotProductAttention.Compute(heads, keysByHead, valuesByHead, attended, shape, options);
            }
            else
            {
                cache.Append(keysByHead, valuesByHead, sequenceLength);
                cache.Attend(heads, attended, QueryHeads, sequenceLength, options);
            }

            MergeHeads(attended, projectedQ, batch, sequenceLength, QueryHeads, d);
            Linear.Apply(projectedQ, n, qWidth, _outputWeight, _outputBias, m, output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>[B, L, H·D] → [B, H, L, D].</summary>
    private static void SplitHeads(ReadOnlySpan<float> source, Span<float> destination, int batch, int length, int heads, int d)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
            {
                for (int h = 0; h < heads; h++)
                {
                    source.Slice((((b * length) + t) * heads * d) + (h * d), d)
                        .CopyTo(destination.Slice((((b * heads) + h) * length * d) + (t * d), d));
                }
            }
        }
    }

    /// <summary>[B, H, L, D] → [B, L, H·D].</summary>
    private static void MergeHeads(ReadOnlySpan<float> source, Span<float> destination, int batch, int length, int heads, int d)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < heads; h++)
            {
                for (int t = 0; t < length; t++)
                {
                    source.Slice((((b * heads) + h) * length * d) + (t * d), d)
                        .CopyTo(destination.Slice((((b * length) + t) * heads * d) + (h * d), d));
                }
            }
        }
    }

    /// <summary>Checks W [out, in] and keeps it transposed, [in, out], the layout the projection kernel reads.</summary>
    private static float[] Transposed(float[] weight, int outputs, int inputs, string name, string layout)
    {
        ArgumentNullException.ThrowIfNull(weight, name);
        ScaledDotProductAttention.CheckLength(weight.Length, (long)outputs * inputs, name, layout);
        return Linear.Transpose(weight, outputs, inputs);
    }

    private static float[] CopyOptional(float[]? bias, long expected, string name)
    {
        if (bias is null)
        {
            return [];
        }

        ScaledDotProductAttention.CheckLength(bias.Length, expected, name, "[out_features]");
        return (float[])bias.Clone();
    }
}
