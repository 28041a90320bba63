using System.Buffers;
using System.Globalization;

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
        EqualWidthSums sums = EqualWidthSums.Rent(bins);
        try
        {
            for (int i = 0; i < confidences.Length; i++)
            {
                sums.Add(confidences[i], correct[i] ? 1 : 0);
            }

            return sums.ToBins();
        }
        finally
        {
            sums.Return();
        }
    }

    /// <summary>Per-bin count, confidence sum and hits for equal-width bins, in pooled arrays.</summary>
    internal readonly struct EqualWidthSums
    {
        private readonly int[] _counts;
        private readonly int[] _hits;
        private readonly double[] _sums;
        private readonly double[] _edges;
        private readonly int _bins;

        private EqualWidthSums(int bins)
        {
            _bins = bins;
            _counts = ArrayPool<int>.Shared.Rent(bins);
            _hits = ArrayPool<int>.Shared.Rent(bins);
            _sums = ArrayPool<double>.Shared.Rent(bins);
            _edges = ArrayPool<double>.Shared.Rent(bins + 1);
            Array.Clear(_counts, 0, bins);
            Array.Clear(_hits, 0, bins);
            Array.Clear(_sums, 0, bins);
            for (int b = 0; b <= bins; b++)
            {
                _edges[b] = (double)b / bins; // bin b is [b/B, (b+1)/B), the last closed at 1
            }
        }

        internal static EqualWidthSums Rent(int bins) => new(bins);

        /// <summary>Adds a confidence c (any value: invalid ones are rejected by the caller afterwards) and its outcome.</summary>
        internal void Add(double c, int hit)
        {
            // c·B rounds to the right bin almost always; settle the rare case it crossed an edge against the edges.
            int b = Math.Clamp((int)(c * _bins), 0, _bins - 1);
            if (b > 0 && c < _edges[b])
            {
                b--;
            }
            else if (b < _bins - 1 && c >= _edges[b + 1])
            {
                b++;
            }

            _counts[b]++;
            _sums[b] += c;
            _hits[b] += hit;
        }

        internal CalibrationBin[] ToBins()
        {
            var result = new CalibrationBin[_bins];
            for (int b = 0; b < _bins; b++)
            {
                result[b] = Bin(_edges[b], _edges[b + 1], _counts[b], _sums[b], _hits[b]);
            }

            return result;
        }

        internal void Return()
        {
            if (_counts is null)
            {
                return;
            }

            ArrayPool<int>.Shared.Return(_counts);
            ArrayPool<int>.Shared.Return(_hits);
            ArrayPool<double>.Shared.Return(_sums);
            ArrayPool<double>.Shared.Return(_edges);
        }
    }

    private static CalibrationBin[] EqualMass(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, int bins)
    {
        int n = confidences.Length;
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(n);
        ulong[] keysScratch = ArrayPool<ulong>.Shared.Rent(n);
        int[] order = ArrayPool<int>.Shared.Rent(n);
        int[] orderScratch = ArrayPool<int>.Shared.Rent(n);
        try
        {
            // Confidences are in [0, 1], so their bit patterns sort as unsigned integers; a stable LSD radix sort keeps
            // tied confidences in input order, which makes the split well defined. O(n), no comparisons.
            Span<ulong> sortedKeys = keys.AsSpan(0, n);
            Span<int> index = order.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                sortedKeys[i] = BitConverter.DoubleToUInt64Bits(confidences[i]);
                index[i] = i;
            }

            RadixSort(ref sortedKeys, ref index, keysScratch.AsSpan(0, n), orderScratch.AsSpan(0, n));

            var result = new CalibrationBin[bins];
            int size = n / bins;
            int larger = n % bins;
            int position = 0;
            double previous = BitConverter.UInt64BitsToDouble(sortedKeys[0]);
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
                for (int k = position; k < position + count; k++)
                {
                    sum += BitConverter.UInt64BitsToDouble(sortedKeys[k]);
                    hits += correct[index[k]] ? 1 : 0;
                }

                double lower = BitConverter.UInt64BitsToDouble(sortedKeys[position]);
                previous = BitConverter.UInt64BitsToDouble(sortedKeys[position + count - 1]);
                result[b] = Bin(lower, previous, count, sum, hits);
                position += count;
            }

            return result;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(keysScratch);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(orderScratch);
        }
    }

    /// <summary>
    /// Stable least-significant-digit radix sort of <paramref name="keys"/> (16-bit digits, a pass skipped when every key
    /// shares its digit), carrying <paramref name="items"/>; the sorted data ends in whichever buffers the spans then name.
    /// </summary>
    private static void RadixSort(ref Span<ulong> keys, ref Span<int> items, Span<ulong> keysScratch, Span<int> itemsScratch)
    {
        int[] counts = ArrayPool<int>.Shared.Rent(1 << 16);
        try
        {
            for (int shift = 0; shift < 64; shift += 16)
            {
                Span<int> count = counts.AsSpan(0, 1 << 16);
                count.Clear();
                foreach (ulong key in keys)
                {
                    count[(int)((key >> shift) & 0xFFFF)]++;
                }

                if (count[(int)((keys[0] >> shift) & 0xFFFF)] == keys.Length)
                {
                    continue; // every key has this digit: the pass would not move anything
                }

                int running = 0;
                for (int d = 0; d < count.Length; d++)
                {
                    int c = count[d];
                    count[d] = running;
                    running += c;
                }

                for (int i = 0; i < keys.Length; i++)
                {
                    int slot = count[(int)((keys[i] >> shift) & 0xFFFF)]++;
                    keysScratch[slot] = keys[i];
                    itemsScratch[slot] = items[i];
                }

                Span<ulong> k = keys;
                keys = keysScratch;
                keysScratch = k;
                Span<int> t = items;
                items = itemsScratch;
                itemsScratch = t;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private static CalibrationBin Bin(double lower, double upper, int count, double sum, int hits) =>
        count == 0
            ? new CalibrationBin(lower, upper, 0, double.NaN, double.NaN)
            : new CalibrationBin(lower, upper, count, sum / count, (double)hits / count);
}
