using Bedrock.Foundations.Attention;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// The decode case's seeded inputs, shared by the main and the peer decode benchmarks: one query token, an output, and
/// <see cref="AttentionCases.DecodeCopies"/> independent copies of K/V with a full <see cref="KeyValueCache"/> for each,
/// handed out in turn by <see cref="Next"/> so that a call never finds its K/V left in the L3 by the previous one.
/// </summary>
public sealed class DecodeInputs
{
    private int _next;

    public DecodeInputs()
    {
        AttentionShape shape = Shape;
        int copies = AttentionCases.DecodeCopies;
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

    public AttentionShape Shape => AttentionCases.Decode;

    public float[] Query { get; }

    public float[] Output { get; }

    public float[][] Keys { get; }

    public float[][] Values { get; }

    public KeyValueCache[] Caches { get; }

    /// <summary>Bytes of K and V one call reads: 2·B·Hkv·Lk·D·4 (32 MiB); static, as the summary asks before any setup.</summary>
    public static double BytesPerCall => 2.0 * AttentionCases.Decode.KeyValueElementCount * sizeof(float);

    /// <summary>The copy the next call reads.</summary>
    public int Next()
    {
        int c = _next;
        _next = (c + 1) % AttentionCases.DecodeCopies;
        return c;
    }
}
