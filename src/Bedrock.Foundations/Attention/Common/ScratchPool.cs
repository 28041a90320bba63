namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// Working buffers for tiles, shared by every thread: a few slots taken and given back with one interlocked exchange
/// each. A thread-pool thread that is new (the pool retires idle threads and starts others) finds a buffer here
/// instead of allocating one, so the calls stay allocation-free after warm-up whatever the pool does.
/// </summary>
internal static class ScratchPool
{
    private static readonly float[]?[] Slots = new float[]?[Math.Max(4, 2 * Environment.ProcessorCount)];

    /// <summary>A buffer of at least <paramref name="length"/> floats (contents undefined); give it back with <see cref="Return"/>.</summary>
    internal static float[] Rent(int length)
    {
        float[]?[] slots = Slots;
        for (int i = 0; i < slots.Length; i++)
        {
            float[]? buffer = Interlocked.Exchange(ref slots[i], null);
            if (buffer is not null && buffer.Length >= length)
            {
                return buffer;
            }

            // A buffer too small for this call is dropped: the one allocated below replaces it when returned, so the
            // pool grows to the largest tiles in use instead of filling with small buffers.
        }

        return new float[Math.Max(length, 4096)];
    }

    /// <summary>Gives a buffer back (dropped when every slot is taken).</summary>
    internal static void Return(float[] buffer)
    {
        float[]?[] slots = Slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref slots[i], buffer, null) is null)
            {
                return;
            }
        }
    }
}
