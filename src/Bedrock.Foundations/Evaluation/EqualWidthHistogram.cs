using System.Buffers;

namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// Per-bin count, hits and confidence sum for B equal-width bins, kept in <see cref="OutcomePass.Lanes"/> copies (one per
/// lane, slot = lane·B + bin) so that consecutive elements landing in the same bin do not wait on each other's
/// read-modify-write. The copies are merged in a fixed order. Arrays come from the shared pool; <see cref="Return"/>
/// gives them back.
/// </summary>
internal readonly struct EqualWidthHistogram
{
    private readonly long[] _countsAndHits; // count in the low 32 bits, hits in the high 32
    private readonly double[] _sums;

    private EqualWidthHistogram(int bins)
    {
        Bins = bins;
        int slots = OutcomePass.Lanes * bins;
        _countsAndHits = ArrayPool<long>.Shared.Rent(slots);
        _sums = ArrayPool<double>.Shared.Rent(slots);
        Array.Clear(_countsAndHits, 0, slots);
        Array.Clear(_sums, 0, slots);
    }

    /// <summary>B, or 0 for the default (absent) histogram.</summary>
    internal int Bins { get; }

    internal static EqualWidthHistogram Rent(int bins) => new(bins);

    /// <summary>Adds one element to a slot.</summary>
    internal void Add(int slot, double confidence, int hit)
    {
        _countsAndHits[slot] += 1L | ((long)hit << 32);
        _sums[slot] += confidence;
    }

    /// <summary>Adds a chunk: slot, confidence and outcome (a nonzero byte is a hit) per element.</summary>
    internal void Add(ReadOnlySpan<long> slots, ReadOnlySpan<double> confidences, ReadOnlySpan<byte> outcomes)
    {
        long[] countsAndHits = _countsAndHits;
        double[] sums = _sums;
        for (int j = 0; j < slots.Length; j++)
        {
            long slot = slots[j];
            long hit = (long)((uint)-outcomes[j] >> 31); // 1 for any nonzero byte, without a branch
            countsAndHits[slot] += 1L | (hit << 32);
            sums[slot] += confidences[j];
        }
    }

    /// <summary>The bins in order, the lane copies merged in order 0, 1, 2, 3.</summary>
    internal CalibrationBin[] ToBins()
    {
        var result = new CalibrationBin[Bins];
        for (int b = 0; b < Bins; b++)
        {
            long count = 0;
            long hits = 0;
            double sum = 0d;
            for (int lane = 0; lane < OutcomePass.Lanes; lane++)
            {
                long packed = _countsAndHits[(lane * Bins) + b];
                count += packed & uint.MaxValue;
                hits += packed >>> 32;
                sum += _sums[(lane * Bins) + b];
            }

            result[b] = CalibrationCore.Bin((double)b / Bins, (double)(b + 1) / Bins, (int)count, sum, (int)hits);
        }

        return result;
    }

    internal void Return()
    {
        if (_countsAndHits is null)
        {
            return;
        }

        ArrayPool<long>.Shared.Return(_countsAndHits);
        ArrayPool<double>.Shared.Return(_sums);
    }
}
