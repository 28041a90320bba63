using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>The float32 and int8 kernels behind <see cref="FlatVectorIndex"/>, against scalar references.</summary>
[TestFixture]
public sealed class FlatVectorIndexKernelTests
{
    private static IEnumerable<int> Lengths()
    {
        for (int d = 1; d <= 256; d++)
        {
            yield return d;
        }

        yield return 384;
        yield return 1000;
        yield return 4099;
    }

    [Test]
    public void Score_EveryLength_MatchesTheDoublePrecisionReference()
    {
        var random = new Random(1);
        foreach (int d in Lengths())
        {
            float[] q = VectorTestData.Gaussian(random, d);
            float[] x = VectorTestData.Gaussian(random, d);
            (double dot, double dotTolerance) = VectorTestData.Reference(VectorMetric.DotProduct, q, x);
            (double euclid, double euclidTolerance) = VectorTestData.Reference(VectorMetric.Euclidean, q, x);
            Assert.That(FlatKernels.Score<FlatDot>(ref q[0], ref x[0], d), Is.EqualTo(dot).Within(dotTolerance), $"dot, d = {d}");
            Assert.That(FlatKernels.Score<FlatEuclidean>(ref q[0], ref x[0], d), Is.EqualTo(euclid).Within(euclidTolerance), $"euclidean, d = {d}");
        }
    }

    [Test]
    public void Score4AndTheTiles_EveryLength_AreBitIdenticalToScore()
    {
        var random = new Random(2);
        foreach (int d in Lengths())
        {
            float[] queries = VectorTestData.Gaussian(random, 4 * d);
            float[] rows = VectorTestData.Gaussian(random, 4 * d);
            AssertTiles<FlatDot>(queries, rows, d);
            AssertTiles<FlatEuclidean>(queries, rows, d);
        }
    }

    [Test]
    public void QuantizedDot_EveryLength_IsTheExactIntegerSum()
    {
        var random = new Random(3);
        foreach (int d in Lengths())
        {
            short[] q = RandomCodes(random, d, QuantizedKernels.QueryCodeLimit(d)).Select(v => (short)v).ToArray();
            sbyte[] c = RandomCodes(random, 4 * d, QuantizedKernels.CodeLimit).Select(v => (sbyte)v).ToArray();
            long[] expected = new long[4];
            for (int r = 0; r < 4; r++)
            {
                for (int i = 0; i < d; i++)
                {
                    expected[r] += (long)q[i] * c[(r * d) + i];
                }

                Assert.That(QuantizedKernels.Dot(ref q[0], ref c[r * d], d), Is.EqualTo(expected[r]), $"d = {d}, row {r}");
            }

            Vector256<long> four = QuantizedKernels.Dot4(ref q[0], ref c[0], d);
            Assert.That(new[] { four[0], four[1], four[2], four[3] }, Is.EqualTo(expected), $"d = {d}");
        }
    }

    [Test]
    public void QuantizedDot_ExtremeCodesAtTheLargestDimension_DoNotOverflow()
    {
        int d = FlatVectorIndex.MaxDimensions;
        int limit = QuantizedKernels.QueryCodeLimit(d);
        short[] q = new short[d];
        sbyte[] c = new sbyte[d];
        Array.Fill(q, (short)-limit);
        Array.Fill(c, (sbyte)-QuantizedKernels.CodeLimit);
        Assert.That(QuantizedKernels.Dot(ref q[0], ref c[0], d), Is.EqualTo((long)d * limit * QuantizedKernels.CodeLimit));
        Assert.That(QuantizedKernels.QueryCodeLimit(384), Is.EqualTo(short.MaxValue));
    }

    [Test]
    public void QuantizeRow_ReconstructsEachComponentWithinHalfAStep()
    {
        var random = new Random(4);
        float[] x = VectorTestData.Gaussian(random, 300);
        sbyte[] codes = new sbyte[300];
        float scale = QuantizedKernels.QuantizeRow(x, codes);
        float max = x.Max(Math.Abs);
        Assert.That(scale, Is.EqualTo(max / 127f).Within(1e-7f));
        Assert.That(codes.Max(v => Math.Abs((int)v)), Is.EqualTo(127));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.That(codes[i] * scale, Is.EqualTo(x[i]).Within((0.5f * scale) + 1e-6f), $"component {i}");
        }

        Assert.That(QuantizedKernels.QuantizeRow(new float[5], codes.AsSpan(0, 5)), Is.Zero);
        Assert.That(codes.Take(5), Is.All.Zero);
    }

    [Test]
    public void Sum16_IsVector512SumOfEachVector_BitForBit()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Assert.Ignore("The sum trees are AVX-512 code (the tiles call them only there).");
        }

        var random = new Random(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            // Magnitudes over six decades, so that a different association would round differently.
            var a = new Vector512<float>[16];
            for (int v = 0; v < 16; v++)
            {
                var lanes = new float[16];
                for (int i = 0; i < 16; i++)
                {
                    lanes[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)));
                }

                a[v] = Vector512.Create(lanes);
            }

            Vector512<float> sums = FlatKernels.Sum16(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
            for (int v = 0; v < 16; v++)
            {
                int expected = BitConverter.SingleToInt32Bits(Vector512.Sum(a[v]));
                Assert.That(BitConverter.SingleToInt32Bits(sums[v]), Is.EqualTo(expected), $"trial {trial}, Sum16 lane {v}");
            }
        }
    }

    private static void AssertTiles<TMetric>(float[] queries, float[] rows, int d)
        where TMetric : IFlatMetric
    {
        var expected = new float[16];
        for (int j = 0; j < 4; j++)
        {
            for (int r = 0; r < 4; r++)
            {
                expected[(j * 4) + r] = FlatKernels.Score<TMetric>(ref queries[j * d], ref rows[r * d], d);
            }
        }

        var four = new float[4];
        FlatKernels.Score4<TMetric>(ref queries[d], ref rows[0], d, ref four[0]);
        Assert.That(Bits(four), Is.EqualTo(Bits(expected.AsSpan(4, 4))), $"{typeof(TMetric).Name} Score4, d = {d}");

        var tile = new float[4 * 5];
        FlatKernels.Score4x4<TMetric>(ref queries[0], ref rows[0], d, ref tile[0], 5);
        for (int j = 0; j < 4; j++)
        {
            Assert.That(Bits(tile.AsSpan(j * 5, 4)), Is.EqualTo(Bits(expected.AsSpan(j * 4, 4))), $"{typeof(TMetric).Name} Score4x4, d = {d}, query {j}");
        }
    }

    private static int[] Bits(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, int>(values).ToArray();

    private static int[] RandomCodes(Random random, int length, int limit)
    {
        var codes = new int[length];
        for (int i = 0; i < length; i++)
        {
            codes[i] = random.Next(-limit, limit + 1);
        }

        return codes;
    }
}
