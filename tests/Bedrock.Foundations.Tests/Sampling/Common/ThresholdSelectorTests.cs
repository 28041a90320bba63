using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Tests.Sampling.Common;

/// <summary>
/// <see cref="ThresholdSelector"/> against its definition, t* = max{ v ∈ values : W(v) ≥ target }, evaluated by sorting
/// and walking in double precision; over many sizes, spreads, targets, ties, with and without the known total.
/// </summary>
[TestFixture]
public sealed class ThresholdSelectorTests
{
    public static IEnumerable<TestCaseData> MassCases()
    {
        foreach (int length in new[] { 1, 2, 31, 64, 65, 100, 257, 1000, 4096, 32_000, 128_256 })
        {
            foreach (double sigma in new[] { 0.0, 0.05, 1.0, 2.0, 4.0, 8.0 })
            {
                foreach (double p in new[] { 0.05, 0.5, 0.9, 0.99, 0.9999 })
                {
                    yield return new TestCaseData(length, sigma, p).SetArgDisplayNames($"V={length}", $"σ={sigma}", $"p={p}");
                }
            }
        }
    }

    [TestCaseSource(nameof(MassCases))]
    public void MassWeight_MatchesSortAndWalk(int length, double sigma, double p)
    {
        float[] logits = TestData.Logits(length, seed: length + (int)(sigma * 10), sigma);
        float max = logits.Max();
        float[] e = logits.Select(x => VectorMath.ExpNonPositive(x - max)).ToArray();
        double total = e.Sum(v => (double)v);
        double target = p * total;
        float expected = Oracle(e, target, mass: true);
        if (Oracle(e, target * (1 - 1e-9), mass: true) != Oracle(e, target * (1 + 1e-9), mass: true))
        {
            Assert.Ignore("The target sits on a rounding boundary; the two summation orders may legitimately disagree.");
        }

        var (a, b, c) = Scratch(length);
        float withTotal = ThresholdSelector.Select<MassWeight>(e, target, total, a, b, c);
        float withoutTotal = ThresholdSelector.Select<MassWeight>(e, target, double.NaN, a, b, c);

        Assert.That(withTotal, Is.EqualTo(expected), "with the total known");
        Assert.That(withoutTotal, Is.EqualTo(expected), "without the total");

        Selection selection = ThresholdSelector.SelectWithWeight<MassWeight>(e, target, total, a, b, c);
        Assert.That(selection.Threshold, Is.EqualTo(expected));
        Assert.That(selection.Count, Is.EqualTo(e.Count(v => v >= expected)), "count of the kept set, ties included");
        Assert.That(selection.Weight, Is.EqualTo(e.Where(v => v >= expected).Sum(v => (double)v)).Within(1e-12 * total), "mass of the kept set");
    }

    public static IEnumerable<TestCaseData> CountCases()
    {
        foreach (int length in new[] { 1, 2, 64, 65, 1000, 128_256 })
        {
            foreach (int k in new[] { 1, 2, 40, 64, 65, 1000, 50_000 })
            {
                if (k <= length)
                {
                    yield return new TestCaseData(length, k).SetArgDisplayNames($"V={length}", $"k={k}");
                }
            }
        }
    }

    [TestCaseSource(nameof(CountCases))]
    public void CountWeight_IsTheKthLargest(int length, int k)
    {
        float[] logits = TestData.Logits(length, seed: k, sigma: 2.0);
        var (a, b, c) = Scratch(length);

        float kth = ThresholdSelector.Select<CountWeight>(logits, k, length, a, b, c);

        Assert.That(kth, Is.EqualTo(logits.OrderDescending().ElementAt(k - 1)));
        Selection selection = ThresholdSelector.SelectWithWeight<CountWeight>(logits, k, length, a, b, c);
        Assert.That(selection.Count, Is.EqualTo(logits.Count(v => v >= kth)));
        Assert.That(selection.Weight, Is.EqualTo(selection.Count));
        Assert.That(ThresholdSelector.Select<CountWeight>(logits, k, double.NaN, a, b, c), Is.EqualTo(kth));
    }

    [TestCase(0.3)]
    [TestCase(0.9)]
    public void HeavyTies_FallBackCorrectly(double p)
    {
        // Five distinct values, 100 000 elements: windows that cannot shrink must still give the exact answer.
        float[] values = Enumerable.Range(0, 100_000).Select(i => (float)Math.Pow(0.5, i % 5)).ToArray();
        double total = values.Sum(v => (double)v);
        var (a, b, c) = Scratch(values.Length);

        float actual = ThresholdSelector.Select<MassWeight>(values, p * total, total, a, b, c);

        Assert.That(actual, Is.EqualTo(Oracle(values, p * total, mass: true)));
        Assert.That(ThresholdSelector.Select<CountWeight>(values, 30_000, values.Length, a, b, c), Is.EqualTo(0.5f));
    }

    [Test]
    public void InputIsNotModified()
    {
        float[] values = TestData.Logits(10_000, seed: 4).Select(x => MathF.Exp(x - 10f)).ToArray();
        float[] copy = values.ToArray();
        var (a, b, c) = Scratch(values.Length);

        ThresholdSelector.Select<MassWeight>(values, 0.9 * values.Sum(), values.Sum(), a, b, c);

        Assert.That(values, Is.EqualTo(copy));
    }

    private static (float[] A, float[] B, float[] C) Scratch(int length) =>
        (new float[length + ThresholdSelector.ScratchPadding], new float[length + ThresholdSelector.ScratchPadding], new float[length + ThresholdSelector.ScratchPadding]);

    /// <summary>Sorts descending and walks until W (all of a run of ties counted) reaches the target.</summary>
    private static float Oracle(float[] values, double target, bool mass)
    {
        float[] sorted = values.OrderDescending().ToArray();
        double running = 0;
        for (int r = 0; r < sorted.Length; r++)
        {
            running += mass ? sorted[r] : 1;
            if (running >= target && (r + 1 == sorted.Length || sorted[r + 1] != sorted[r]))
            {
                return sorted[r];
            }
        }

        return sorted[^1];
    }
}
