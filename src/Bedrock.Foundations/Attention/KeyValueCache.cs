using System.Globalization;

namespace Bedrock.Foundations.Attention;

/// <summary>
/// The keys and values of the tokens seen so far, for incremental decoding: a fixed capacity per (batch entry,
/// key/value head), filled by <see cref="Append"/>, read by <see cref="Attend"/>.
/// </summary>
/// <remarks>
/// Storage is [B, Hkv, capacity, D] floats for the keys and as much for the values, allocated once in the constructor.
/// Not thread-safe: one writer at a time, and no <see cref="Attend"/> while an <see cref="Append"/> runs.
/// </remarks>
public sealed class KeyValueCache
{
    private readonly float[] _keys;
    private readonly float[] _values;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="batch">B ≥ 1.</param>
    /// <param name="keyValueHeads">Hkv ≥ 1.</param>
    /// <param name="headDimension">D ≥ 1.</param>
    /// <param name="capacity">Tokens it can hold, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size ≤ 0, or a cache of more than 2³¹ − 1 floats.</exception>
    public KeyValueCache(int batch, int keyValueHeads, int headDimension, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyValueHeads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headDimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        long size = (long)batch * keyValueHeads * headDimension * capacity;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Array.MaxLength, nameof(capacity));
        Batch = batch;
        KeyValueHeads = keyValueHeads;
        HeadDimension = headDimension;
        Capacity = capacity;
        _keys = new float[size];
        _values = new float[size];
    }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>Hkv.</summary>
    public int KeyValueHeads { get; }

    /// <summary>D.</summary>
    public int HeadDimension { get; }

    /// <summary>How many tokens fit.</summary>
    public int Capacity { get; }

    /// <summary>How many tokens are cached.</summary>
    public int Length { get; private set; }

    /// <summary>Appends the keys and values of new tokens.</summary>
    /// <param name="keys">[B, Hkv, tokens, D].</param>
    /// <param name="values">[B, Hkv, tokens, D].</param>
    /// <param name="tokens">How many tokens, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">A span of the wrong length (the message gives both).</exception>
    /// <exception cref="InvalidOperationException">The tokens do not fit; nothing is appended.</exception>
    public void Append(ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        long expected = (long)Batch * KeyValueHeads * tokens * HeadDimension;
        ScaledDotProductAttention.CheckLength(keys.Length, expected, nameof(keys), "[B, Hkv, tokens, D]");
        ScaledDotProductAttention.CheckLength(values.Length, expected, nameof(values), "[B, Hkv, tokens, D]");
        if (tokens > Capacity - Length)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The cache holds {Length} of {Capacity} tokens; {tokens} more do not fit. Create a larger cache or Reset it."));
        }

        int d = HeadDimension;
        int chunk = tokens * d;
        for (int bh = 0; bh < Batch * KeyValueHeads; bh++)
        {
            long destination = (((long)bh * Capacity) + Length) * d;
            keys.Slice(bh * chunk, chunk).CopyTo(_keys.AsSpan((int)destination, chunk));
            values.Slice(bh * chunk, chunk).CopyTo(_values.AsSpan((int)destination, chunk));
        }

        Length += tokens;
    }

    /// <summary>Forgets every cached token (the storage is kept).</summary>
    public void Reset() => Length = 0;

    /// <summary>The cached keys of one (batch entry, key/value head): <see cref="Length"/> rows of D.</summary>
    /// <param name="batch">In [0, B).</param>
    /// <param name="head">In [0, Hkv).</param>
    /// <returns>A view into the cache, valid until the next <see cref="Append"/> or <see cref="Reset"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index out of range.</exception>
    public ReadOnlySpan<float> Keys(int batch, int head) => Slice(_keys, batch, head);

    /// <summary>The cached values of one (batch entry, key/value head): <see cref="Length"/> rows of D.</summary>
    /// <param name="batch">In [0, B).</param>
    /// <param name="head">In [0, Hkv).</param>
    /// <returns>A view into the cache, valid until the next <see cref="Append"/> or <see cref="Reset"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index out of range.</exception>
    public ReadOnlySpan<float> Values(int batch, int head) => Slice(_values, batch, head);

    /// <summary>
    /// Attends queries to every cached token: <see cref="ScaledDotProductAttention.Compute"/> with Lk = <see cref="Length"/>,
    /// reading the cache in place. With <see cref="AttentionOptions.IsCausal"/> the mask is aligned bottom-right, so a
    /// one-token query sees the whole cache and a block of Lq new tokens (already appended) sees what precedes each.
    /// </summary>
    /// <param name="query">[B, Hq, Lq, D].</param>
    /// <param name="output">[B, Hq, Lq, D].</param>
    /// <param name="queryHeads">Hq, a multiple of Hkv.</param>
    /// <param name="queryLength">Lq ≥ 1.</param>
    /// <param name="options">Causality, scale, mask ([Lq, Length] or [B, 1, Lq, Length]) and parallelism.</param>
    /// <exception cref="InvalidOperationException">The cache is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="queryHeads"/> or <paramref name="queryLength"/> ≤ 0, or a
    /// bad option.</exception>
    /// <exception cref="ArgumentException">A span of the wrong length, <paramref name="queryHeads"/> not a multiple of Hkv, or
    /// a mask of the wrong length. Nothing is written to <paramref name="output"/> when an argument is bad.</exception>
    public void Attend(ReadOnlySpan<float> query, Span<float> output, int queryHeads, int queryLength, AttentionOptions? options = null)
    {
        if (Length == 0)
        {
            throw new InvalidOperationException("The cache is empty: Append the keys and values of at least one token first.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryHeads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryLength);
        if (queryHeads % KeyValueHeads != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"queryHeads ({queryHeads}) must be a multiple of the cache's KeyValueHeads ({KeyValueHeads})."),
                nameof(queryHeads));
        }

        options ??= AttentionOptions.Default;
        var shape = new AttentionShape(Batch, queryHeads, KeyValueHeads, queryLength, Length, HeadDimension);
        shape.Validate();
        options.Validate();
        ScaledDotProductAttention.CheckLength(query.Length, shape.QueryElementCount, nameof(query), "[B, Hq, Lq, D]");
        ScaledDotProductAttention.CheckLength(output.Length, shape.QueryElementCount, nameof(output), "[B, Hq, Lq, D]");
        long maskBatchStride = ScaledDotProductAttention.MaskBatchStride(options, Batch, queryLength, Length);
        ScaledDotProductAttention.Run(query, _keys, _values, output, shape, (long)Capacity * HeadDimension, options, maskBatchStride);
    }

    private ReadOnlySpan<float> Slice(float[] storage, int batch, int head)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, Batch);
        ArgumentOutOfRangeException.ThrowIfNegative(head);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(head, KeyValueHeads);
        long start = (((long)batch * KeyValueHeads) + head) * Capacity * HeadDimension;
        return storage.AsSpan((int)start, Length * HeadDimension);
    }
}
