using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Tests.Sampling;

[TestFixture]
public sealed class SoftmaxWithEntropyTests
{
    private static readonly float[] Temperatures = [1f, 0.5f, 0.7f, 2f];

    public static IEnumerable<int> Lengths() => TestData.Lengths();

    [TestCase(1.0f, 0.846738179)]
    [TestCase(0.5f, 0.453668322)]
    public void SeedArticleExample_GivesPublishedEntropy(float temperature, double entropy)
    {
        var p = new float[3];

        double h = Distribution.SoftmaxWithEntropy([2.0f, 1.0f, 0.1f], p, temperature);

        Assert.That(h, Is.EqualTo(entropy).Within(1e-7));
        Assert.That(p.Sum(), Is.EqualTo(1f).Within(1e-6f));
    }

    [TestCaseSource(nameof(Lengths))]
    public void IsBitIdenticalToSoftmaxAndEntropyOfLogits(int length)
    {
        float[] logits = TestData.Logits(length, seed: length + 11, maskedFraction: 0.05);
        var fused = new float[length];
        var separate = new float[length];
        foreach (float t in Temperatures)
        {
            double h = Distribution.SoftmaxWithEntropy(logits, fused, t);
            Distribution.Softmax(logits, separate, t);

            Assert.That(h, Is.EqualTo(Distribution.EntropyOfLogits(logits, t)), $"T={t}");
            Assert.That(fused, Is.EqualTo(separate), $"T={t}");
            double expected = SamplingReference.Entropy(SamplingReference.Softmax(logits, t));
            Assert.That(TestData.Close(h, expected, 1e-5, 1e-6), $"T={t}: {h} vs {expected}");
        }
    }

    [Test]
    public void TemperatureZero_WritesOneHotAndReturnsZero()
    {
        var p = new float[4];

        double h = Distribution.SoftmaxWithEntropy([1f, 3f, 3f, float.NegativeInfinity], p, 0f);

        Assert.That(h, Is.Zero);
        Assert.That(p, Is.EqualTo(new[] { 0f, 1f, 0f, 0f }));
    }

    [Test]
    public void BadInputs_Throw_AndWriteNothing()
    {
        var destination = new float[] { 7f, 7f };
        float[] withNaN = [1f, float.NaN];

        var empty = Assert.Throws<ArgumentException>(() => Distribution.SoftmaxWithEntropy([], destination));
        var nan = Assert.Throws<ArgumentException>(() => Distribution.SoftmaxWithEntropy(withNaN, destination));
        var masked = Assert.Throws<ArgumentException>(() => Distribution.SoftmaxWithEntropy([float.NegativeInfinity, float.NegativeInfinity], destination));
        var temperature = Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.SoftmaxWithEntropy([1f, 2f], destination, -1f));
        var shortDestination = Assert.Throws<ArgumentException>(() => Distribution.SoftmaxWithEntropy([1f, 2f, 3f], destination));

        Assert.Multiple(() =>
        {
            Assert.That(empty!.ParamName, Is.EqualTo("logits"));
            Assert.That(nan!.ParamName, Is.EqualTo("logits"));
            Assert.That(nan.Message, Does.Contain("logits[1]"));
            Assert.That(masked!.ParamName, Is.EqualTo("logits"));
            Assert.That(temperature!.ParamName, Is.EqualTo("temperature"));
            Assert.That(shortDestination!.ParamName, Is.EqualTo("destination"));
            Assert.That(destination, Is.All.EqualTo(7f));
        });
    }
}
