using System.Buffers;

namespace Bedrock.Foundations.Evaluation;

/// <summary>Binning and the error norms, shared by <see cref="Calibration.Evaluate"/> and <see cref="Calibration.EvaluateProbabilities"/>.</summary>
internal static class CalibrationCore
{
    internal static CalibrationReport Report(
        ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, CalibrationOptions options, double brier, double nll)
    {
        CalibrationBin[] bins = options.Binning == CalibrationBinning.EqualWidth
            ? EqualWidth(confidences, correct, options.Bins)
            : EqualMass(confidences, correct, options.Bins);

        int n = confidences.Length;
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

    /// <summary>The equal-width bin of c: the largest i with i/B ≤ c (edges in double precision), at most B − 1.</summary>
    internal static int EqualWidthBin(double c, int bins)
    {
        int b = (int)(c * bins);
        if (b >= bins)
        {
            return bins - 1;
        }

        // c·B can round across an edge; settle against the edges exactly as defined.
        if (b > 0 && c < (double)b / bins)
        {
            b--;
        }
        else if (b < bins - 1 && c >= (double)(b + 1) / bins)
        {
            b++;
        }

        return b;
    }

    private static CalibrationBin[] EqualWidth(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, int bins)
    {
        int[] counts = ArrayPool<int>.Shared.Rent(bins);
        int[] hits = ArrayPool<int>.Shared.Rent(bins);
        double[] sums = ArrayPool<double>.Shared.Rent(bins);
        try
        {
            Array.Clear(counts, 0, bins);
            Array.Clear(hits, 0, bins);
            Array.Clear(sums, 0, bins);
            for (int i = 0; i < confidences.Length; i++)
            {
                double c = confidences[i];
                int b = EqualWidthBin(c, bins);
                counts[b]++;
                sums[b] += c;
                hits[b] += correct[i] ? 1 : 0;
            }

            var result = new CalibrationBin[bins];
            for (int b = 0; b < bins; b++)
            {
                result[b] = Bin((double)b / bins, (double)(b + 1) / bins, counts[b], sums[b], hits[b]);
            }

            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<int>.Shared.Return(hits);
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    private static CalibrationBin[] EqualMass(ReadOnlySpan<double> confidences, ReadOnlySpan<bool> correct, int bins)
    {
        int n = confidences.Length;
        double[] keys = ArrayPool<double>.Shared.Rent(n);
        int[] order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<double> sorted = keys.AsSpan(0, n);
            Span<int> index = order.AsSpan(0, n);
            confidences.CopyTo(sorted);
            for (int i = 0; i < n; i++)
            {
                index[i] = i;
            }

            sorted.Sort(index);

            // Sorting is not stable: put tied confidences back in input order, so the split is well defined.
            for (int start = 0; start < n;)
            {
                int end = start + 1;
                while (end < n && sorted[end] == sorted[start])
                {
                    end++;
                }

                if (end - start > 1)
                {
                    index[start..end].Sort();
                }

                start = end;
            }

            var result = new CalibrationBin[bins];
            int size = n / bins;
            int larger = n % bins;
            int position = 0;
            double previous = n > 0 ? sorted[0] : 0d;
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
                    sum += sorted[k];
                    hits += correct[index[k]] ? 1 : 0;
                }

                result[b] = Bin(sorted[position], sorted[position + count - 1], count, sum, hits);
                previous = sorted[position + count - 1];
                position += count;
            }

            return result;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    private static CalibrationBin Bin(double lower, double upper, int count, double sum, int hits) =>
        count == 0
            ? new CalibrationBin(lower, upper, 0, double.NaN, double.NaN)
            : new CalibrationBin(lower, upper, count, sum / count, (double)hits / count);
}
