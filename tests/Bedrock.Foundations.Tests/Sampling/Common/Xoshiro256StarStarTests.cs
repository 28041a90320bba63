using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Tests.Sampling.Common;

[TestFixture]
public sealed class Xoshiro256StarStarTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(1_000_003)]
    [TestCase(int.MaxValue)]
    public void NextInt32_StaysBelowTheBound(int bound)
    {
        var random = new Xoshiro256StarStar(123);
        for (int i = 0; i < 10_000; i++)
        {
            int value = random.NextInt32(bound);
            Assert.That(value, Is.InRange(0, bound - 1));
        }
    }

    [Test]
    public void NextInt32_IsUniform()
    {
        // 70 000 draws over 7 values: χ² with 6 degrees of freedom stays below 22.46 (p = 0.001) for a fair generator.
        const int bound = 7;
        const int draws = 70_000;
        var counts = new int[bound];
        var random = new Xoshiro256StarStar(9);
        for (int i = 0; i < draws; i++)
        {
            counts[random.NextInt32(bound)]++;
        }

        double expected = (double)draws / bound;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.That(chiSquare, Is.LessThan(22.46));
    }

    [Test]
    public void NextInt32_SameSeed_SameSequence()
    {
        var first = new Xoshiro256StarStar(5);
        var second = new Xoshiro256StarStar(5);
        for (int i = 0; i < 100; i++)
        {
            Assert.That(second.NextInt32(1000), Is.EqualTo(first.NextInt32(1000)));
        }
    }
}
