using System.Runtime.Intrinsics;
using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Tests.Sampling.Common;

/// <summary>The internal building blocks, against scalar arithmetic and <see cref="Math"/>.</summary>
[TestFixture]
public sealed class KernelTests
{
    [Test]
    public void ExpNonPositive_IsWithinOneAndAHalfUlpOfMathExp_AndVectorEqualsScalarBitForBit()
    {
        var random = new Random(5);
        double worstUlps = 0;
        for (int trial = 0; trial < 20_000; trial++)
        {
            var z = new float[16];
            for (int j = 0; j < 16; j++)
            {
                z[j] = trial < 100 ? -(trial * 16 + j) * 0.0547f : (float)(-random.NextDouble() * 86.8);
            }

            Vector512<float> vector = VectorMath.ExpNonPositive(Vector512.Create(z));
            for (int j = 0; j < 16; j++)
            {
                float scalar = VectorMath.ExpNonPositive(z[j]);
                Assert.That(BitConverter.SingleToInt32Bits(vector[j]), Is.EqualTo(BitConverter.SingleToInt32Bits(scalar)), $"z = {z[j]:R}");
                if (z[j] < VectorMath.ExpFlushBelow)
                {
                    Assert.That(scalar, Is.Zero, $"z = {z[j]:R} is below the documented flush");
                    continue;
                }

                double exact = Math.Exp(z[j]);
                worstUlps = Math.Max(worstUlps, Math.Abs(scalar - exact) / Ulp((float)exact));
                Assert.That(Math.Abs(scalar - exact), Is.LessThanOrEqualTo(1.5 * Ulp((float)exact)), $"exp({z[j]:R}) = {scalar:R}, exact {exact:R}");
            }
        }

        TestContext.Out.WriteLine($"worst error {worstUlps:0.00} ulp");
    }

    [TestCase(0f, 1f)]
    [TestCase(-86.8f, 2.0101925e-38f)] // e^-87 · e^0.2 = 1.64581e-38 · 1.22140
    [TestCase(-87f, 0f)]
    [TestCase(float.NegativeInfinity, 0f)]
    public void ExpNonPositive_EdgeValues(float z, float expected)
    {
        Assert.That(VectorMath.ExpNonPositive(z), Is.EqualTo(expected).Within(0.01f * expected));
        Assert.That(VectorMath.ExpNonPositive(Vector512.Create(z))[3], Is.EqualTo(VectorMath.ExpNonPositive(z)));
    }

    [Test]
    public void LogPositive_IsWithinTwoUlpOfMathLog_AndVectorEqualsScalarBitForBit()
    {
        var random = new Random(6);
        for (int trial = 0; trial < 20_000; trial++)
        {
            var x = new float[16];
            for (int j = 0; j < 16; j++)
            {
                // Log-uniform over normal and subnormal floats, plus values near 1 where ln is small.
                x[j] = trial % 4 == 0 ? 1f + (float)((random.NextDouble() - 0.5) * 0.01) : (float)Math.Exp(-random.NextDouble() * 103);
            }

            Vector512<float> vector = VectorMath.LogPositive(Vector512.Create(x));
            for (int j = 0; j < 16; j++)
            {
                float scalar = VectorMath.LogPositive(x[j]);
                Assert.That(BitConverter.SingleToInt32Bits(vector[j]), Is.EqualTo(BitConverter.SingleToInt32Bits(scalar)), $"x = {x[j]:R}");
                double exact = Math.Log(x[j]);
                Assert.That(Math.Abs(scalar - exact), Is.LessThanOrEqualTo((2.5 * Ulp((float)exact)) + 1e-12), $"ln({x[j]:R}) = {scalar:R}, exact {exact:R}");
            }
        }
    }

    [Test]
    public void LaneSum_AddsInTheDocumentedOrder()
    {
        // Terms whose sum depends on the order: the canonical order is lane = i mod 32, lanes summed in index order,
        // then combined pairwise (16, 8, 4, 2, 1).
        var random = new Random(7);
        float[] terms = Enumerable.Range(0, 32 * 37 + 13).Select(_ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-8, 9)))).ToArray();

        LaneSum sum = default;
        int i = 0;
        for (; i + 32 <= terms.Length; i += 32)
        {
            sum.Add(Vector512.Create(terms.AsSpan(i, 16)), Vector512.Create(terms.AsSpan(i + 16, 16)));
        }

        double actual = LaneSum.Total(sum, terms.AsSpan(i));

        var lanes = new double[32];
        for (int k = 0; k < terms.Length; k++)
        {
            lanes[k % 32] += terms[k];
        }

        for (int width = 16; width >= 1; width /= 2)
        {
            for (int j = 0; j < width; j++)
            {
                lanes[j] += lanes[j + width];
            }
        }

        Assert.That(actual, Is.EqualTo(lanes[0]), "bit-identical to the documented order");
    }

    [Test]
    public void QuadLaneSum_AddsInTheDocumentedOrder()
    {
        // The canonical order: per lane j (0..15), block b gives q = (t_j + t_{j+16}) + (t_{j+32} + t_{j+48}) in float;
        // the q of each chunk of four blocks are added in float to a lane starting at 0, widened into double lane j at
        // the chunk's end (and at the input's end); the partial last block's q goes straight into double lane j; then
        // the lanes are combined pairwise (8, 4, 2, 1).
        var random = new Random(8);
        float[] terms = Enumerable.Range(0, 64 * 19 + 45).Select(_ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-8, 9)))).ToArray();

        QuadLaneSum sum = default;
        int i = 0;
        for (; i + 64 <= terms.Length; i += 64)
        {
            sum.Add(Vector512.Create(terms.AsSpan(i, 16)), Vector512.Create(terms.AsSpan(i + 16, 16)),
                Vector512.Create(terms.AsSpan(i + 32, 16)), Vector512.Create(terms.AsSpan(i + 48, 16)));
            if ((i / 64) % 4 == 3)
            {
                sum.Commit();
            }
        }

        double actual = QuadLaneSum.Total(sum, terms.AsSpan(i));

        float Term(int k) => k < terms.Length ? terms[k] : 0f;
        int fullBlocks = terms.Length / 64;
        var lanes = new double[16];
        for (int j = 0; j < 16; j++)
        {
            float chunk = 0f;
            for (int block = 0; block < fullBlocks; block++)
            {
                int k = (block * 64) + j;
                chunk += (Term(k) + Term(k + 16)) + (Term(k + 32) + Term(k + 48));
                if (block % 4 == 3 || block == fullBlocks - 1)
                {
                    lanes[j] += chunk;
                    chunk = 0f;
                }
            }

            int t = (fullBlocks * 64) + j;
            lanes[j] += (Term(t) + Term(t + 16)) + (Term(t + 32) + Term(t + 48));
        }

        for (int width = 8; width >= 1; width /= 2)
        {
            for (int j = 0; j < width; j++)
            {
                lanes[j] += lanes[j + width];
            }
        }

        Assert.That(actual, Is.EqualTo(lanes[0]), "bit-identical to the documented order");
        Assert.That(actual, Is.EqualTo(terms.Sum(t => (double)t)).Within(1e-4).Percent, "and accurate: at most 16 float roundings per chunk");
    }

    [Test]
    public void QuadLaneSum_AddProducts_FusesInTheDocumentedOrder()
    {
        var random = new Random(9);
        float[] a = Enumerable.Range(0, 64 * 9).Select(_ => (float)random.NextDouble()).ToArray();
        float[] b = Enumerable.Range(0, 64 * 9).Select(_ => (float)(-random.NextDouble() * 20)).ToArray();

        QuadLaneSum sum = default;
        for (int i = 0; i < a.Length; i += 64)
        {
            Vector512<float> A(int k) => Vector512.Create(a.AsSpan(i + k, 16));
            Vector512<float> B(int k) => Vector512.Create(b.AsSpan(i + k, 16));
            sum.AddProducts(A(0), B(0), A(16), B(16), A(32), B(32), A(48), B(48));
            if ((i / 64) % 4 == 3)
            {
                sum.Commit();
            }
        }

        double actual = QuadLaneSum.Total(sum, []);

        var lanes = new double[16];
        for (int j = 0; j < 16; j++)
        {
            float chunk = 0f;
            for (int block = 0; block < 9; block++)
            {
                for (int q = 0; q < 4; q++)
                {
                    int k = (block * 64) + (q * 16) + j;
                    chunk = MathF.FusedMultiplyAdd(a[k], b[k], chunk);
                }

                if (block % 4 == 3 || block == 8)
                {
                    lanes[j] += chunk;
                    chunk = 0f;
                }
            }
        }

        for (int width = 8; width >= 1; width /= 2)
        {
            for (int j = 0; j < width; j++)
            {
                lanes[j] += lanes[j + width];
            }
        }

        Assert.That(actual, Is.EqualTo(lanes[0]));
        Assert.That(actual, Is.EqualTo(a.Zip(b, (x, y) => (double)x * y).Sum()).Within(1e-4).Percent);
    }

    [TestCase(1f)]
    [TestCase(0.7f)]
    public void ExpSum_LoopWithoutFlushTest_IsBitIdenticalToTheFlushingLoop(float temperature)
    {
        foreach (int length in new[] { 1, 31, 32, 33, 100, 4099 })
        {
            float[] x = TestData.Logits(length, seed: length, sigma: 3.0);
            float max = x.Max();
            float min = x.Min();
            var flushed = new float[length];
            var unflushed = new float[length];

            double z1 = ExpSum.Compute(x, max, 1f / temperature, flushed, float.NegativeInfinity);
            double z2 = ExpSum.Compute(x, max, 1f / temperature, unflushed, min);
            (double zm1, double s1) = ExpSum.ComputeWithMoment(x, max, 1f / temperature, flushed, float.NegativeInfinity);
            (double zm2, double s2) = ExpSum.ComputeWithMoment(x, max, 1f / temperature, unflushed, min);

            Assert.That(z2, Is.EqualTo(z1), $"V={length}");
            Assert.That(unflushed, Is.EqualTo(flushed), $"V={length}");
            Assert.That((zm2, s2), Is.EqualTo((zm1, s1)), $"V={length}");
            Assert.That(zm1, Is.EqualTo(z1), $"V={length}");
        }
    }

    public static IEnumerable<int> Lengths() => Enumerable.Range(0, 200).Concat([1000, 4099]);

    [TestCaseSource(nameof(Lengths))]
    public void TryRangeBelowInfinity_FiniteRows_ReturnTrueAndTheMaximum(int length)
    {
        float[] x = length == 0 ? [] : TestData.Logits(length, seed: length, maskedFraction: 0.1);

        bool ok = LogitChecks.TryRangeBelowInfinity(x, out float max, out float min);

        Assert.That(ok, Is.True);
        Assert.That(max, Is.EqualTo(length == 0 ? float.NegativeInfinity : x.Max()));
        Assert.That(min, Is.EqualTo(length == 0 ? float.PositiveInfinity : x.Min()));
    }

    [TestCase(1)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(200)]
    public void TryRangeBelowInfinity_NaNOrPlusInfinityAnywhere_ReturnsFalse(int length)
    {
        for (int position = 0; position < length; position++)
        {
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
            {
                float[] x = TestData.Logits(length, seed: 3);
                x[position] = bad;

                Assert.That(LogitChecks.TryRangeBelowInfinity(x, out _, out _), Is.False, $"{bad} at {position} of {length}");
            }
        }
    }

    private static double Ulp(float value) => (double)MathF.BitIncrement(Math.Abs(value)) - Math.Abs(value);
}
