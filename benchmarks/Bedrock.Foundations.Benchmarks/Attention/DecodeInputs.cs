using System.Numerics.Tensors;
using Bedrock.Foundations.Attention;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// A decode case's seeded inputs, shared by the main and the peer decode benchmarks: one query token, an output, and
/// <see cref="AttentionCases.DecodeCopiesOf"/> independent copies of K/V (128 MiB or more in all) with a full <see cref="KeyValueCache"/> for each,
/// handed out in turn by <see cref="Next"/> so that a call never finds its K/V left in the L3 by the previous one.
/// </summary>
public sealed class DecodeInputs
{
    private int _next;

    /// <summary>The shape, <see cref="AttentionCases.Decode"/>.</summary>
    public DecodeInputs()
        : this(AttentionCases.Decode)
    {
    }

    public DecodeInputs(AttentionShape shape)
    {
        Shape = shape;
        int copies = AttentionCases.DecodeCopiesOf(shape);
        Query = AttentionCases.Uniform(shape.QueryElementCount, 1);
        Output = new float[shape.QueryElementCount];
        Keys = new float[copies][];
        Values = new float[copies][];
        Caches = new KeyValueCache[copies];
        for (int c = 0; c < copies; c++)
        {
            Keys[c] = AttentionCases.Uniform(shape.KeyValueElementCount, 10 + c);
            Values[c] = AttentionCases.Uniform(shape.KeyValueElementCount, 20 + c);
            Caches[c] = new KeyValueCache(shape.Batch, shape.KeyValueHeads, shape.HeadDimension, shape.KeyLength);
            Caches[c].Append(Keys[c], Values[c], shape.KeyLength);
        }
    }

    public AttentionShape Shape { get; }

    /// <summary>How many copies of K/V the calls cycle through.</summary>
    public int Copies => Keys.Length;

    public float[] Query { get; }

    public float[] Output { get; }

    public float[][] Keys { get; }

    public float[][] Values { get; }

    public KeyValueCache[] Caches { get; }

    /// <summary>Bytes of K and V one call of the shape reads: 2·B·Hkv·Lk·D·4 (32 MiB); static, as the summary asks before any setup.</summary>
    public static double BytesPerCall => BytesOf(AttentionCases.Decode);

    /// <summary>Bytes of K and V one decode call of <paramref name="shape"/> reads: 2·B·Hkv·Lk·D·4.</summary>
    public static double BytesOf(AttentionShape shape) => 2.0 * shape.KeyValueElementCount * sizeof(float);

    /// <summary>The copy the next call reads.</summary>
    public int Next()
    {
        int c = _next;
        _next = (c + 1) % Keys.Length;
        return c;
    }

    /// <summary>
    /// Reads the next copy's K and V as a plain sum (<see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/>), on
    /// <paramref name="threads"/> threads each summing one contiguous part of both: the memory's read speed on exactly
    /// the bytes (and pages) a decode call reads.
    /// </summary>
    public float ReadKeysAndValues(int threads)
    {
        int c = Next();
        float[] keys = Keys[c], values = Values[c];
        if (threads == 1)
        {
            return TensorPrimitives.Sum<float>(keys) + TensorPrimitives.Sum<float>(values);
        }

        var partial = new float[threads];
        int part = keys.Length / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int start = t * part;
            int length = t == threads - 1 ? keys.Length - start : part;
            partial[t] = TensorPrimitives.Sum<float>(keys.AsSpan(start, length)) + TensorPrimitives.Sum<float>(values.AsSpan(start, length));
        });
        return TensorPrimitives.Sum<float>(partial);
    }
}
