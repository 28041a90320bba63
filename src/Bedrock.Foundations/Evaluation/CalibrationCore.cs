using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Evaluation;

/// <summary>Binning and the error norms, shared by <see cref="Calibration.Evaluate"/> and <see cref="Calibration.EvaluateProbabilities"/>.</summary>
internal static class CalibrationCore
{
    /// <summary>
    /// Checks an n × K row-major matrix (probabilities or logits) against its labels: K ≥ <paramref name="minimumClasses"/>,
    /// n ≥ 1, a length of exactly n·K, every label in [0, K).
    /// </summary>
    internal static void CheckMatrix(int length, int classes, ReadOnlySpan<int> labels, string matrixName, int minimumClasses)
    {
        if (classes < minimumClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be at least {minimumClasses}.");
        }

        if (labels.IsEmpty)
        {
            throw new ArgumentException("At least one example is needed; labels is empty.", nameof(labels));
        }

        if ((long)labels.Length * classes != length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{matrixName} has {length} elements; {labels.Length} labels × {classes} classes need {(long)labels.Length * classes}."),
                matrixName);
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"labels[{i}] = {labels[i]} is not a class in [0, {classes})."),
                    nameof(labels));
            }
        }
    }

    internal static CalibrationReport Report(
        ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, CalibrationOptions options, double brier, double nll)
    {
        CalibrationBin[] bins = options.Binning == CalibrationBinning.EqualWidth
            ? EqualWidth(confidences, correct, options.Bins)
            : EqualMass(confidences, correct, options.Bins);
        return Report(bins, correct, options, brier, nll);
    }

    internal static CalibrationReport Report(CalibrationBin[] bins, ReadOnlySpan<bool> correct, CalibrationOptions options, double brier, double nll)
    {
        int n = correct.Length;
        double ece = 0d;
        double mce = 0d;
        double squares = 0d;
        foreach (CalibrationBin bin in bins)
        {
            double weight = (double)bin.Count / n;
            double gap = bin.Gap;
            ece += weight * gap;
            squares += weight * gap * gap;
            if (bin.Count > 0)
            {
                mce = Math.Max(mce, gap);
            }
        }

        double rms = Math.Sqrt(squares);
        double error = options.Norm switch
        {
            CalibrationNorm.L1 => ece,
            CalibrationNorm.L2 => rms,
            _ => mce,
        };

        double accuracy = (double)correct.Count(true) / n;
        return new CalibrationReport(error, ece, mce, brier, nll, accuracy, n, bins)
        {
            RootMeanSquareCalibrationError = rms,
        };
    }

    private static CalibrationBin[] EqualWidth(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, int bins)
    {
        EqualWidthHistogram histogram = EqualWidthHistogram.Rent(bins);
        try
        {
            for (int i = 0; i < confidences.Length; i++)
            {
                double c = confidences[i];
                histogram.Add(OutcomePass.Bin(c, bins) + ((i & (OutcomePass.Lanes - 1)) * bins), c, correct[i] ? 1 : 0);
            }

            return histogram.ToBins();
        }
        finally
        {
            histogram.Return();
        }
    }

    private static CalibrationBin[] EqualMass(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, int bins)
    {
        int n = confidences.Length;
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(n);
        ulong[] scratch = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            // A confidence in [0, 1] (−0.0 made +0.0) has bits 62 and 63 clear, and its bit pattern sorts as an unsigned integer. The
            // outcome rides in bit 63, which the sort ignores; a stable LSD radix sort then keeps tied confidences in
            // input order, which makes the split well defined. O(n), no comparisons, no index array.
            Span<ulong> sorted = keys.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                // + 0.0 turns −0.0 (sign bit set) into +0.0, so bit 63 is free for the outcome.
                sorted[i] = BitConverter.DoubleToUInt64Bits(confidences[i] + 0d) | (correct[i] ? HitBit : 0UL);
            }

            sorted = RadixSort(sorted, scratch.AsSpan(0, n));

            var result = new CalibrationBin[bins];
            int size = n / bins;
            int larger = n % bins;
            int position = 0;
            double previous = Confidence(sorted[0]);
            for (int b = 0; b < bins; b++)
            {
                int count = size + (b < larger ? 1 : 0);
                if (count == 0)
                {
                    result[b] = Bin(previous, previous, 0, 0d, 0);
                    continue;
                }

                double sum = 0d;
                int hits = 0;
                foreach (ulong key in sorted.Slice(position, count))
                {
                    sum += Confidence(key);
                    hits += (int)(key >> 63);
                }

                double lower = Confidence(sorted[position]);
                previous = Confidence(sorted[position + count - 1]);
                result[b] = Bin(lower, previous, count, sum, hits);
                position += count;
            }

            return result;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    private const ulong HitBit = 1UL << 63;
    private const int DigitBits = 11;
    private const int Digits = 6; // 6 × 11 bits cover the 62 that order a confidence

    private static double Confidence(ulong key) => BitConverter.UInt64BitsToDouble(key & ~HitBit);

    /// <summary>
    /// Stable least-significant-digit radix sort on bits 0–61 of <paramref name="keys"/> (11-bit digits, all six
    /// histograms counted in one pass, a pass skipped when every key shares its digit); returns the span holding the
    /// sorted keys (<paramref name="keys"/> or <paramref name="scratch"/>).
    /// </summary>
    private static Span<ulong> RadixSort(Span<ulong> keys, Span<ulong> scratch)
    {
        const int Radix = 1 << DigitBits;
        const ulong Mask = Radix - 1;
        const ulong TopMask = Mask >> 4; // the top digit is bits 55–61: the outcome in bit 63 never counts
        int[] counts = ArrayPool<int>.Shared.Rent(Digits * Radix);
        try
        {
            Span<int> all = counts.AsSpan(0, Digits * Radix);
            all.Clear();
            ref int c0 = ref MemoryMarshal.GetReference(all);
            foreach (ulong key in keys)
            {
                // Unrolled: six independent increments per key, each index below Digits · Radix by construction.
                Unsafe.Add(ref c0, (int)(key & Mask))++;
                Unsafe.Add(ref c0, Radix + (int)((key >> DigitBits) & Mask))++;
                Unsafe.Add(ref c0, (2 * Radix) + (int)((key >> (2 * DigitBits)) & Mask))++;
                Unsafe.Add(ref c0, (3 * Radix) + (int)((key >> (3 * DigitBits)) & Mask))++;
                Unsafe.Add(ref c0, (4 * Radix) + (int)((key >> (4 * DigitBits)) & Mask))++;
                Unsafe.Add(ref c0, (5 * Radix) + (int)((key >> (5 * DigitBits)) & TopMask))++;
            }

            for (int d = 0; d < Digits; d++)
            {
                int shift = d * DigitBits;
                ulong digitMask = d == Digits - 1 ? TopMask : Mask;
                Span<int> count = all.Slice(d * Radix, Radix);
                if (count[(int)((keys[0] >> shift) & digitMask)] == keys.Length)
                {
                    continue; // every key has this digit: the pass would not move anything
                }

                int running = 0;
                for (int digit = 0; digit < Radix; digit++)
                {
                    int c = count[digit];
                    count[digit] = running;
                    running += c;
                }

                // Every slot is below keys.Length: the offsets are prefix sums of this digit's counts.
                ref int offsets = ref MemoryMarshal.GetReference(count);
                ref ulong destination = ref MemoryMarshal.GetReference(scratch);
                foreach (ulong key in keys)
                {
                    Unsafe.Add(ref destination, Unsafe.Add(ref offsets, (int)((key >> shift) & digitMask))++) = key;
                }

                Span<ulong> swap = keys;
                keys = scratch;
                scratch = swap;
            }

            return keys;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    internal static CalibrationBin Bin(double lower, double upper, int count, double sum, int hits) =>
        count == 0
            ? new CalibrationBin(lower, upper, 0, double.NaN, double.NaN)
            : new CalibrationBin(lower, upper, count, sum / count, (double)hits / count);
}
