namespace Bedrock.Foundations.Benchmarks.Baselines;

/// <summary>Textbook scalar softmax and entropy (max, exp, sum, divide; −Σ p ln p) with MathF.</summary>
public static class NaiveSoftmax
{
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        float max = float.NegativeInfinity;
        foreach (float x in logits)
        {
            max = MathF.Max(max, x);
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] = MathF.Exp(logits[i] - max);
            sum += destination[i];
        }

        float scale = (float)(1 / sum);
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] *= scale;
        }
    }

    public static double Entropy(ReadOnlySpan<float> probabilities)
    {
        double h = 0;
        foreach (float p in probabilities)
        {
            if (p > 0)
            {
                h -= p * Math.Log(p);
            }
        }

        return h;
    }
}
