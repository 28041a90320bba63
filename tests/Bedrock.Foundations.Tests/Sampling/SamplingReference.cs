namespace Bedrock.Foundations.Tests.Sampling;

/// <summary>
/// Plain double-precision oracles, written from the definitions with no vectorization, no shortcuts and a full sort
/// where one is natural. The production kernels are checked against these.
/// </summary>
internal static class SamplingReference
{
    public static double[] Softmax(ReadOnlySpan<float> logits, double temperature)
    {
        var p = new double[logits.Length];
        if (temperature == 0)
        {
            p[ArgMax(logits)] = 1;
            return p;
        }

        double max = double.NegativeInfinity;
        foreach (float x in logits)
        {
            max = Math.Max(max, x);
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            p[i] = Math.Exp((logits[i] - max) / temperature);
            sum += p[i];
        }

        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    public static double[] LogSoftmax(ReadOnlySpan<float> logits, double temperature)
    {
        double max = double.NegativeInfinity;
        foreach (float x in logits)
        {
            max = Math.Max(max, x);
        }

        double sum = 0;
        foreach (float x in logits)
        {
            sum += Math.Exp((x - max) / temperature);
        }

        double logZ = Math.Log(sum);
        var y = new double[logits.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = ((logits[i] - max) / temperature) - logZ;
        }

        return y;
    }

    public static double Entropy(ReadOnlySpan<double> p)
    {
        double h = 0;
        foreach (double pi in p)
        {
            if (pi > 0)
            {
                h -= pi * Math.Log(pi);
            }
        }

        return h;
    }

    public static double CrossEntropy(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        double h = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] > 0)
            {
                if (q[i] == 0)
                {
                    return double.PositiveInfinity;
                }

                h -= p[i] * Math.Log(q[i]);
            }
        }

        return h;
    }

    public static double KlDivergence(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        double d = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] > 0)
            {
                if (q[i] == 0)
                {
                    return double.PositiveInfinity;
                }

                d += p[i] * (Math.Log(p[i]) - Math.Log(q[i]));
            }
        }

        return d;
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// The truncated distribution by the definitions: full sort for top-k and top-p, cumulative sum in sorted order.
    /// Also reports how close each stage's decision came to its boundary, so a test can tell a real disagreement
    /// from a rounding tie (a cumulative mass within <c>ambiguity</c> of the target).
    /// </summary>
    public static FilterResult Filter(ReadOnlySpan<float> logits, float temperature, int topK, float topP, float minP)
    {
        int n = logits.Length;
        if (temperature == 0)
        {
            return new FilterResult(Softmax(logits, 0), double.PositiveInfinity);
        }

        bool[] keep = new bool[n];
        for (int i = 0; i < n; i++)
        {
            keep[i] = !float.IsNegativeInfinity(logits[i]);
        }

        if (topK > 0 && topK < n)
        {
            float[] sorted = logits.ToArray();
            Array.Sort(sorted);
            Array.Reverse(sorted);
            float kth = sorted[topK - 1];
            for (int i = 0; i < n; i++)
            {
                keep[i] &= logits[i] >= kth;
            }
        }

        double[] p = Softmax(logits, temperature);
        Renormalize(p, keep);
        double margin = double.PositiveInfinity;

        if (topP < 1f)
        {
            int[] order = Enumerable.Range(0, n).Where(i => keep[i]).OrderByDescending(i => p[i]).ThenBy(i => i).ToArray();
            double cumulative = 0;
            double boundary = 0;
            foreach (int i in order)
            {
                double before = cumulative;
                cumulative += p[i];
                margin = Math.Min(margin, Math.Abs(cumulative - topP));
                if (cumulative >= topP)
                {
                    boundary = p[i];
                    margin = Math.Min(margin, Math.Abs(before - topP));
                    break;
                }
            }

            for (int i = 0; i < n; i++)
            {
                keep[i] &= p[i] >= boundary;
            }

            Renormalize(p, keep);
        }

        if (minP > 0f)
        {
            double max = p.Max();
            for (int i = 0; i < n; i++)
            {
                if (keep[i])
                {
                    margin = Math.Min(margin, Math.Abs((p[i] / max) - minP));
                }

                keep[i] &= p[i] >= minP * max;
            }

            Renormalize(p, keep);
        }

        return new FilterResult(p, margin);
    }

    private static void Renormalize(double[] p, bool[] keep)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!keep[i])
            {
                p[i] = 0;
            }

            sum += p[i];
        }

        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }
    }
}

/// <summary>A reference distribution and the smallest distance of a truncation decision from its boundary.</summary>
internal sealed record FilterResult(double[] Probabilities, double DecisionMargin)
{
    public int Support => Probabilities.Count(p => p > 0);
}
