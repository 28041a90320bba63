using System.Globalization;
using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Tests.Attention;

/// <summary>Seeded inputs and comparison helpers for the attention tests. Every random tensor comes from here.</summary>
internal static class AttentionTestData
{
    /// <summary>The value written to outputs before a call that must fail, to prove nothing was written.</summary>
    public const float Sentinel = 12345f;

    /// <summary><paramref name="count"/> draws from N(0, σ²) (Box–Muller over a seeded <see cref="Random"/>).</summary>
    public static float[] Gaussian(long count, int seed, double sigma = 1.0)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (long i = 0; i < count; i++)
        {
            values[i] = (float)(sigma * Gaussian(random));
        }

        return values;
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// An additive mask of <paramref name="count"/> entries: N(0, 1) values with about <paramref name="maskedFraction"/>
    /// of them −∞.
    /// </summary>
    public static float[] Mask(int count, int seed, double maskedFraction = 0.2)
    {
        var random = new Random(seed);
        var mask = new float[count];
        for (int i = 0; i < count; i++)
        {
            mask[i] = random.NextDouble() < maskedFraction ? float.NegativeInfinity : (float)Gaussian(random);
        }

        return mask;
    }

    /// <summary>The mask for <paramref name="kind"/>, or null for <see cref="MaskKind.None"/>.</summary>
    public static float[]? Mask(MaskKind kind, int batch, int queryLength, int keyLength, int seed, double maskedFraction = 0.2) =>
        kind switch
        {
            MaskKind.Broadcast => Mask(queryLength * keyLength, seed, maskedFraction),
            MaskKind.PerBatch => Mask(batch * queryLength * keyLength, seed, maskedFraction),
            _ => null,
        };

    public static float[] Filled(long count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>Tokens [start, start + count) of a [B, H, L, D] tensor, as a [B, H, count, D] tensor.</summary>
    public static float[] SliceTokens(float[] source, int batch, int heads, int length, int headDimension, int start, int count)
    {
        var slice = new float[batch * heads * count * headDimension];
        for (int bh = 0; bh < batch * heads; bh++)
        {
            Array.Copy(source, ((bh * length) + start) * headDimension, slice, bh * count * headDimension, count * headDimension);
        }

        return slice;
    }

    /// <summary>Writes a [B, H, count, D] tensor into tokens [start, start + count) of a [B, H, L, D] tensor.</summary>
    public static void ScatterTokens(float[] slice, float[] destination, int batch, int heads, int length, int headDimension, int start, int count)
    {
        for (int bh = 0; bh < batch * heads; bh++)
        {
            Array.Copy(slice, bh * count * headDimension, destination, ((bh * length) + start) * headDimension, count * headDimension);
        }
    }

    /// <summary>The bit patterns of the floats, so that arrays compare exactly (−0 ≠ +0, NaN payloads count).</summary>
    public static int[] Bits(float[] values) => MemoryMarshal.Cast<float, int>(values).ToArray();

    /// <summary>
    /// Asserts |actual[i] − expected[i]| ≤ <paramref name="tolerance"/> for every i, NaN matching NaN only, and that
    /// every element the reference marks as an exact zero (a row with no visible key) is exactly zero.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double tolerance,
        Func<long, string> describe, ReadOnlySpan<bool> exactZero = default)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), "length");
        long worst = -1;
        double worstError = 0, worstActual = 0, worstExpected = 0;
        bool worstMustBeZero = false;
        int mismatches = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = actual[i];
            double e = expected[i];
            bool ok;
            double error;
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                ok = double.IsNaN(e) && double.IsNaN(a);
                error = ok ? 0 : double.PositiveInfinity;
            }
            else if (!exactZero.IsEmpty && exactZero[i])
            {
                ok = a == 0;
                error = ok ? 0 : double.PositiveInfinity;
            }
            else
            {
                error = Math.Abs(a - e);
                ok = error <= tolerance;
            }

            if (!ok)
            {
                mismatches++;
                if (worst < 0 || error > worstError)
                {
                    worst = i;
                    worstError = error;
                    worstActual = a;
                    worstExpected = e;
                    worstMustBeZero = !exactZero.IsEmpty && exactZero[i];
                }
            }
        }

        Assert.That(mismatches, Is.Zero, () => string.Format(CultureInfo.InvariantCulture,
            "{0} elements outside ±{1:E3}; worst at {2}: actual {3:R}, expected {4:R} (|error| = {5:E3}{6})",
            mismatches, tolerance, describe(worst), worstActual, worstExpected, worstError,
            worstMustBeZero ? ", row with no visible key must be exactly 0" : string.Empty));
    }

    /// <summary>"[b, h, i, d]" for a flat index into a [B, H, L, D] tensor.</summary>
    public static Func<long, string> Bhid(int heads, int length, int headDimension) => index =>
    {
        long d = index % headDimension;
        long i = index / headDimension % length;
        long h = index / headDimension / length % heads;
        long b = index / headDimension / length / heads;
        return string.Create(CultureInfo.InvariantCulture, $"[b={b}, h={h}, i={i}, d={d}]");
    };
}
