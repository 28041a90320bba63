namespace Bedrock.Foundations.Tests.Sampling;

/// <summary>Seeded inputs. Every test that uses randomness goes through here, so every run sees the same data.</summary>
internal static class TestData
{
    /// <summary>The lengths every kernel is checked at: 1..256 and three vocabulary sizes of real models.</summary>
    public static IEnumerable<int> Lengths()
    {
        for (int n = 1; n <= 256; n++)
        {
            yield return n;
        }

        yield return 32_000;
        yield return 128_256;
        yield return 262_144;
    }

    /// <summary>Gaussian logits N(0, σ²) (Box–Muller over a seeded <see cref="Random"/>), a few set to −∞ when asked.</summary>
    public static float[] Logits(int length, int seed, double sigma = 2.0, double maskedFraction = 0.0)
    {
        var random = new Random(seed);
        var logits = new float[length];
        for (int i = 0; i < length; i++)
        {
            logits[i] = (float)(sigma * Gaussian(random));
        }

        if (maskedFraction > 0)
        {
            for (int i = 0; i < length; i++)
            {
                if (random.NextDouble() < maskedFraction)
                {
                    logits[i] = float.NegativeInfinity;
                }
            }

            if (logits.All(float.IsNegativeInfinity))
            {
                logits[random.Next(length)] = 0f;
            }
        }

        return logits;
    }

    /// <summary>A probability vector (float) with some exact zeros when asked, normalized in double.</summary>
    public static float[] Probabilities(int length, int seed, double zeroFraction = 0.0)
    {
        var random = new Random(seed);
        var weights = new double[length];
        for (int i = 0; i < length; i++)
        {
            weights[i] = random.NextDouble() < zeroFraction ? 0 : Math.Exp(2 * Gaussian(random));
        }

        if (weights.All(w => w == 0))
        {
            weights[0] = 1;
        }

        double sum = weights.Sum();
        return weights.Select(w => (float)(w / sum)).ToArray();
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>|actual − expected| ≤ relative·|expected| + absolute.</summary>
    public static bool Close(double actual, double expected, double relative, double absolute) =>
        actual == expected || Math.Abs(actual - expected) <= (relative * Math.Abs(expected)) + absolute;
}
