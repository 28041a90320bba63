using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Tests.Sampling;

[TestFixture]
public sealed class DistributionTests
{
    private static readonly float[] Temperatures = [1f, 0.5f, 2f, 0.05f];

    private static IEnumerable<int> Lengths() => TestData.Lengths();

    // ---- Known values: the seed article's §9 example ------------------------------------------------------------

    [TestCase(1f, 0.659001139, 0.242432971, 0.098565890, 0.846738179)]
    [TestCase(0.5f, 0.863777118, 0.116899521, 0.019323361, 0.453668322)]
    public void Softmax_SeedArticleExample_GivesPublishedProbabilitiesAndEntropy(float temperature, double p0, double p1, double p2, double entropy)
    {
        // Worked by hand: p = e^(x/T) / Σ e^(x/T) for x = (2.0, 1.0, 0.1); H = −Σ p ln p.
        // T = 1: e² = 7.389056, e¹ = 2.718282, e^0.1 = 1.105171, Σ = 11.212509.
        // T = 0.5: e⁴ = 54.598150, e² = 7.389056, e^0.2 = 1.221403, Σ = 63.208609.
        float[] logits = [2.0f, 1.0f, 0.1f];
        var p = new float[3];

        Distribution.Softmax(logits, p, temperature);

        Assert.That(p[0], Is.EqualTo(p0).Within(1e-6));
        Assert.That(p[1], Is.EqualTo(p1).Within(1e-6));
        Assert.That(p[2], Is.EqualTo(p2).Within(1e-6));
        Assert.That(Distribution.Entropy(p), Is.EqualTo(entropy).Within(1e-6));
        Assert.That(Distribution.EntropyOfLogits(logits, temperature), Is.EqualTo(entropy).Within(1e-6));
    }

    [Test]
    public void Perplexity_UniformOverFourTokens_IsFour()
    {
        float[] logProbabilities = Enumerable.Repeat((float)Math.Log(0.25), 10).ToArray();

        Assert.That(Distribution.Perplexity(logProbabilities), Is.EqualTo(4.0).Within(1e-6));
    }

    [Test]
    public void Perplexity_IsExpOfEntropy_ForSeedArticleExample()
    {
        // PP = e^H: tokens drawn in proportion p contribute mean −ln p = H. With p = (0.5, 0.25, 0.25) exactly:
        // H = 0.5 ln 2 + 0.5 ln 4 = 1.5 ln 2, PP = 2^1.5 = 2.8284271.
        float[] logProbabilities = [MathF.Log(0.5f), MathF.Log(0.5f), MathF.Log(0.25f), MathF.Log(0.25f)];

        Assert.That(Distribution.Perplexity(logProbabilities), Is.EqualTo(Math.Pow(2, 1.5)).Within(1e-6));
        Assert.That(Distribution.Perplexity([float.NegativeInfinity, -1f]), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void KlDivergenceAndCrossEntropy_KnownPair_MatchHandComputedValues()
    {
        // D(p‖q) = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 (ln 2 − ln 1.5) = 0.143841036;
        // H(p, q) = H(p) + D = ln 2 + 0.143841036 = 0.836988217.
        float[] p = [0.5f, 0.5f];
        float[] q = [0.25f, 0.75f];

        Assert.That(Distribution.KlDivergence(p, q), Is.EqualTo(0.143841036).Within(1e-7));
        Assert.That(Distribution.CrossEntropy(p, q), Is.EqualTo(0.836988217).Within(1e-7));
        Assert.That(Distribution.KlDivergence(p, p), Is.EqualTo(0.0));
    }

    [Test]
    public void CrossEntropyAndKl_QZeroWherePPositive_ArePositiveInfinityNotNaN()
    {
        float[] p = [0.5f, 0.5f, 0f];
        float[] q = [1f, 0f, 0f];

        Assert.That(Distribution.CrossEntropy(p, q), Is.EqualTo(double.PositiveInfinity));
        Assert.That(Distribution.KlDivergence(p, q), Is.EqualTo(double.PositiveInfinity));
        Assert.That(Distribution.CrossEntropy(q, p), Is.EqualTo(Math.Log(2)).Within(1e-7), "p = 0 terms contribute nothing");
    }

    [Test]
    public void Entropy_ZeroProbabilities_ContributeNothing()
    {
        Assert.That(Distribution.Entropy([1f, 0f, 0f]), Is.EqualTo(0.0));
        Assert.That(Distribution.Entropy([0.5f, 0f, 0.5f]), Is.EqualTo(Math.Log(2)).Within(1e-7));
    }

    // ---- Against the double-precision reference, every length ---------------------------------------------------

    [TestCaseSource(nameof(Lengths))]
    public void Softmax_MatchesReference(int length)
    {
        float[] logits = TestData.Logits(length, seed: length, maskedFraction: 0.05);
        var p = new float[length];
        foreach (float t in Temperatures)
        {
            Distribution.Softmax(logits, p, t);
            double[] expected = SamplingReference.Softmax(logits, t);
            for (int i = 0; i < length; i++)
            {
                Assert.That(TestData.Close(p[i], expected[i], 1e-5, 1e-37), $"p[{i}] at T={t}: {p[i]} vs {expected[i]}");
            }
        }
    }

    [TestCaseSource(nameof(Lengths))]
    public void LogSoftmax_MatchesReference(int length)
    {
        float[] logits = TestData.Logits(length, seed: length + 1, maskedFraction: 0.05);
        var y = new float[length];
        foreach (float t in Temperatures)
        {
            Distribution.LogSoftmax(logits, y, t);
            double[] expected = SamplingReference.LogSoftmax(logits, t);
            for (int i = 0; i < length; i++)
            {
                Assert.That(TestData.Close(y[i], expected[i], 1e-6, 1e-5), $"y[{i}] at T={t}: {y[i]} vs {expected[i]}");
            }
        }
    }

    [TestCaseSource(nameof(Lengths))]
    public void EntropyOfLogits_MatchesReference(int length)
    {
        float[] logits = TestData.Logits(length, seed: length + 2, maskedFraction: 0.05);
        foreach (float t in Temperatures)
        {
            double expected = SamplingReference.Entropy(SamplingReference.Softmax(logits, t));
            Assert.That(TestData.Close(Distribution.EntropyOfLogits(logits, t), expected, 1e-5, 1e-6), $"T={t}");
        }
    }

    [TestCaseSource(nameof(Lengths))]
    public void EntropyCrossEntropyKl_MatchReference(int length)
    {
        float[] p = TestData.Probabilities(length, seed: length + 3, zeroFraction: 0.1);
        float[] q = TestData.Probabilities(length, seed: length + 4);
        double[] pd = p.Select(x => (double)x).ToArray();

        Assert.That(TestData.Close(Distribution.Entropy(p), SamplingReference.Entropy(pd), 1e-5, 1e-6));
        Assert.That(TestData.Close(Distribution.CrossEntropy(p, q), SamplingReference.CrossEntropy(p, q), 1e-5, 1e-6));
        Assert.That(TestData.Close(Distribution.KlDivergence(p, q), SamplingReference.KlDivergence(p, q), 1e-5, 1e-6));
    }

    [TestCaseSource(nameof(Lengths))]
    public void Perplexity_MatchesReference(int length)
    {
        var random = new Random(length);
        float[] logProbabilities = Enumerable.Range(0, length).Select(_ => (float)Math.Log(1.0 - random.NextDouble())).ToArray();
        double expected = Math.Exp(-logProbabilities.Select(x => (double)x).Average());

        Assert.That(TestData.Close(Distribution.Perplexity(logProbabilities), expected, 1e-9, 0));
    }

    // ---- Semantics -----------------------------------------------------------------------------------------------

    [Test]
    public void Softmax_TemperatureZero_IsOneHotAtFirstArgMax()
    {
        float[] logits = [0.5f, 3f, -1f, 3f, float.NegativeInfinity];
        var p = new float[5];
        var y = new float[5];

        Distribution.Softmax(logits, p, 0f);
        Distribution.LogSoftmax(logits, y, 0f);

        Assert.That(p, Is.EqualTo(new[] { 0f, 1f, 0f, 0f, 0f }));
        Assert.That(y, Is.EqualTo(new[] { float.NegativeInfinity, 0f, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity }));
        Assert.That(Distribution.EntropyOfLogits(logits, 0f), Is.EqualTo(0.0));
    }

    [Test]
    public void Softmax_MaskedLogits_GetZeroProbabilityAndLogSoftmaxMinusInfinity()
    {
        float[] logits = [1f, float.NegativeInfinity, 1f];
        var p = new float[3];
        var y = new float[3];

        Distribution.Softmax(logits, p);
        Distribution.LogSoftmax(logits, y);

        Assert.That(p, Is.EqualTo(new[] { 0.5f, 0f, 0.5f }));
        Assert.That(y[1], Is.EqualTo(float.NegativeInfinity));
        Assert.That(y[0], Is.EqualTo(-MathF.Log(2f)).Within(1e-7));
    }

    [Test]
    public void Softmax_HugeLogits_DoNotOverflow()
    {
        float[] logits = [float.MaxValue, float.MaxValue / 2, -float.MaxValue];
        var p = new float[3];

        Distribution.Softmax(logits, p);

        Assert.That(p, Is.EqualTo(new[] { 1f, 0f, 0f }));
    }

    [Test]
    public void Softmax_DestinationLongerThanLogits_LeavesTheRestAlone()
    {
        var p = new float[] { 9f, 9f, 9f, 9f };

        Distribution.Softmax([0f, 0f], p);

        Assert.That(p, Is.EqualTo(new[] { 0.5f, 0.5f, 9f, 9f }));
    }

    [Test]
    public void Softmax_InPlace_IsAllowed()
    {
        float[] buffer = [2.0f, 1.0f, 0.1f];

        Distribution.Softmax(buffer, buffer);

        Assert.That(buffer[0], Is.EqualTo(0.659001139).Within(1e-6));
    }

    [Test]
    public void Results_AreBitIdenticalAcrossCalls()
    {
        float[] logits = TestData.Logits(100_003, seed: 9);
        var a = new float[logits.Length];
        var b = new float[logits.Length];

        Distribution.Softmax(logits, a, 0.7f);
        Distribution.Softmax(logits, b, 0.7f);

        Assert.That(b, Is.EqualTo(a));
        double first = Distribution.EntropyOfLogits(logits, 0.7f);
        double second = Distribution.EntropyOfLogits(logits, 0.7f);
        Assert.That(second, Is.EqualTo(first));
    }

    // ---- Bad input: right exception, right parameter, nothing written -----------------------------------------

    [Test]
    public void Softmax_EmptyLogits_ThrowsArgumentException()
    {
        var destination = new float[] { 7f };

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Softmax([], destination));

        Assert.That(ex!.ParamName, Is.EqualTo("logits"));
        Assert.That(ex.Message, Does.Contain("empty"));
        Assert.That(destination, Is.EqualTo(new[] { 7f }));
    }

    [TestCase(float.NaN, "NaN")]
    [TestCase(float.PositiveInfinity, "Infinity")]
    public void Softmax_NonFiniteLogit_ThrowsNamingFirstBadIndex(float bad, string described)
    {
        float[] logits = TestData.Logits(100, seed: 1);
        logits[37] = bad;
        logits[80] = bad;
        var destination = Enumerable.Repeat(7f, 100).ToArray();

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Softmax(logits, destination));
        var exLog = Assert.Throws<ArgumentException>(() => Distribution.LogSoftmax(logits, destination));
        var exEntropy = Assert.Throws<ArgumentException>(() => Distribution.EntropyOfLogits(logits));

        Assert.That(ex!.ParamName, Is.EqualTo("logits"));
        Assert.That(ex.Message, Does.Contain("logits[37]").And.Contain(described));
        Assert.That(exLog!.Message, Does.Contain("logits[37]"));
        Assert.That(exEntropy!.Message, Does.Contain("logits[37]"));
        Assert.That(destination, Is.All.EqualTo(7f));
    }

    [Test]
    public void Softmax_AllLogitsMasked_Throws()
    {
        float[] logits = [float.NegativeInfinity, float.NegativeInfinity];
        var destination = new float[] { 7f, 7f };

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Softmax(logits, destination));

        Assert.That(ex!.ParamName, Is.EqualTo("logits"));
        Assert.That(ex.Message, Does.Contain("masked"));
        Assert.That(destination, Is.All.EqualTo(7f));
    }

    [TestCase(-0.5f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void Softmax_InvalidTemperature_ThrowsArgumentOutOfRange(float temperature)
    {
        var destination = new float[] { 7f, 7f };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Softmax([1f, 2f], destination, temperature));
        var exLog = Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.LogSoftmax([1f, 2f], destination, temperature));
        var exEntropy = Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.EntropyOfLogits([1f, 2f], temperature));

        Assert.That(ex!.ParamName, Is.EqualTo("temperature"));
        Assert.That(exLog!.ParamName, Is.EqualTo("temperature"));
        Assert.That(exEntropy!.ParamName, Is.EqualTo("temperature"));
        Assert.That(ex.Message, Does.Contain("temperature"));
        Assert.That(destination, Is.All.EqualTo(7f));
    }

    [Test]
    public void Softmax_DestinationShorterThanLogits_Throws()
    {
        var destination = new float[] { 7f, 7f };

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Softmax([1f, 2f, 3f], destination));
        var exLog = Assert.Throws<ArgumentException>(() => Distribution.LogSoftmax([1f, 2f, 3f], destination));

        Assert.That(ex!.ParamName, Is.EqualTo("destination"));
        Assert.That(exLog!.ParamName, Is.EqualTo("destination"));
        Assert.That(ex.Message, Does.Contain("3").And.Contain("2"));
        Assert.That(destination, Is.All.EqualTo(7f));
    }

    [Test]
    public void CrossEntropyAndKl_LengthsDiffer_ThrowNamingQ()
    {
        var ex = Assert.Throws<ArgumentException>(() => Distribution.CrossEntropy([0.5f, 0.5f], [1f]));
        var exKl = Assert.Throws<ArgumentException>(() => Distribution.KlDivergence([0.5f, 0.5f], [1f]));

        Assert.That(ex!.ParamName, Is.EqualTo("q"));
        Assert.That(exKl!.ParamName, Is.EqualTo("q"));
        Assert.That(ex.Message, Does.Contain("same length"));
    }

    [TestCase(-0.1f)]
    [TestCase(1.5f)]
    [TestCase(float.NaN)]
    public void ProbabilityFunctions_ElementOutOfRange_ThrowNamingIndex(float bad)
    {
        float[] p = [0.25f, 0.25f, bad, 0.5f];
        float[] good = [0.25f, 0.25f, 0.25f, 0.25f];

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Entropy(p));
        var exP = Assert.Throws<ArgumentException>(() => Distribution.CrossEntropy(p, good));
        var exQ = Assert.Throws<ArgumentException>(() => Distribution.KlDivergence(good, p));

        Assert.That(ex!.ParamName, Is.EqualTo("probabilities"));
        Assert.That(ex.Message, Does.Contain("probabilities[2]"));
        Assert.That(exP!.ParamName, Is.EqualTo("p"));
        Assert.That(exQ!.ParamName, Is.EqualTo("q"));
        Assert.That(exQ.Message, Does.Contain("q[2]"));
    }

    [Test]
    public void ProbabilityFunctions_NotNormalized_Throw()
    {
        float[] p = [0.2f, 0.2f];

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Entropy(p));
        var exCe = Assert.Throws<ArgumentException>(() => Distribution.CrossEntropy([0.5f, 0.5f], p));

        Assert.That(ex!.ParamName, Is.EqualTo("probabilities"));
        Assert.That(ex.Message, Does.Contain("0.4"));
        Assert.That(exCe!.ParamName, Is.EqualTo("q"));
    }

    [Test]
    public void ProbabilityFunctions_Empty_Throw()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => Distribution.Entropy([]))!.ParamName, Is.EqualTo("probabilities"));
        Assert.That(Assert.Throws<ArgumentException>(() => Distribution.CrossEntropy([], []))!.ParamName, Is.EqualTo("p"));
        Assert.That(Assert.Throws<ArgumentException>(() => Distribution.KlDivergence([], []))!.ParamName, Is.EqualTo("p"));
    }

    [TestCase(0.1f)]
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void Perplexity_InvalidLogProbability_ThrowsNamingIndex(float bad)
    {
        float[] logProbabilities = [-1f, -2f, bad];

        var ex = Assert.Throws<ArgumentException>(() => Distribution.Perplexity(logProbabilities));

        Assert.That(ex!.ParamName, Is.EqualTo("tokenLogProbabilities"));
        Assert.That(ex.Message, Does.Contain("tokenLogProbabilities[2]"));
        Assert.That(Assert.Throws<ArgumentException>(() => Distribution.Perplexity([]))!.ParamName, Is.EqualTo("tokenLogProbabilities"));
    }
}
