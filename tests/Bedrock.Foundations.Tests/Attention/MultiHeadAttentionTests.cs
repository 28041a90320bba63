using Bedrock.Foundations.Attention;
using static Bedrock.Foundations.Tests.Attention.AttentionTestData;

namespace Bedrock.Foundations.Tests.Attention;

/// <summary>
/// <see cref="MultiHeadAttention"/> against its own double-precision reference (y = x·Wᵀ + b projections around
/// <see cref="AttentionReference"/>), decoding through a cache, weight handling and validation.
/// </summary>
[TestFixture]
public sealed class MultiHeadAttentionTests
{
    /// <summary>A layer's dimensions, weights and biases, generated from a seed.</summary>
    public sealed record Layer(int M, int Hq, int Hkv, int D, bool Biases, int Seed)
    {
        public float[] Wq { get; } = Gaussian(Hq * D * M, Seed, 1 / Math.Sqrt(M));

        public float[] Wk { get; } = Gaussian(Hkv * D * M, Seed + 1, 1 / Math.Sqrt(M));

        public float[] Wv { get; } = Gaussian(Hkv * D * M, Seed + 2, 1 / Math.Sqrt(M));

        public float[] Wo { get; } = Gaussian(M * Hq * D, Seed + 3, 1 / Math.Sqrt(Hq * D));

        public float[]? Bq { get; } = Biases ? Gaussian(Hq * D, Seed + 4, 0.3) : null;

        public float[]? Bk { get; } = Biases ? Gaussian(Hkv * D, Seed + 5, 0.3) : null;

        public float[]? Bv { get; } = Biases ? Gaussian(Hkv * D, Seed + 6, 0.3) : null;

        public float[]? Bo { get; } = Biases ? Gaussian(M, Seed + 7, 0.3) : null;

        public MultiHeadAttention Create() => new(M, Hq, Hkv, D, Wq, Wk, Wv, Wo, Bq, Bk, Bv, Bo);

        public override string ToString() => $"M={M} Hq={Hq} Hkv={Hkv} D={D}{(Biases ? " biases" : string.Empty)}";
    }

    public static IEnumerable<TestCaseData> Layers()
    {
        yield return Data(new Layer(M: 16, Hq: 2, Hkv: 2, D: 8, Biases: false, Seed: 1), batch: 1, length: 1, causal: false);
        yield return Data(new Layer(M: 16, Hq: 2, Hkv: 2, D: 8, Biases: true, Seed: 2), batch: 2, length: 9, causal: false);
        yield return Data(new Layer(M: 24, Hq: 4, Hkv: 4, D: 5, Biases: true, Seed: 3), batch: 2, length: 17, causal: true);
        yield return Data(new Layer(M: 32, Hq: 8, Hkv: 2, D: 4, Biases: true, Seed: 4), batch: 3, length: 13, causal: true);
        yield return Data(new Layer(M: 20, Hq: 4, Hkv: 1, D: 7, Biases: false, Seed: 5), batch: 1, length: 40, causal: true);
        yield return Data(new Layer(M: 64, Hq: 8, Hkv: 2, D: 16, Biases: true, Seed: 6), batch: 2, length: 65, causal: false);
        yield return Data(new Layer(M: 7, Hq: 3, Hkv: 1, D: 3, Biases: true, Seed: 7), batch: 1, length: 130, causal: true);

        static TestCaseData Data(Layer layer, int batch, int length, bool causal) =>
            new TestCaseData(layer, batch, length, causal).SetArgDisplayNames($"{layer} B={batch} L={length}{(causal ? " causal" : string.Empty)}");
    }

    [TestCaseSource(nameof(Layers))]
    public void Forward_WithoutCache_MatchesReference(Layer layer, int batch, int length, bool causal)
    {
        float[] x = Gaussian(batch * length * layer.M, layer.Seed + 100);
        float[] y = Filled(x.Length, Sentinel);

        layer.Create().Forward(x, y, batch, length, cache: null, new AttentionOptions { IsCausal = causal });

        (double[] expected, double tolerance) = Reference(layer, x, batch, length, causal);
        AssertClose(y, expected, tolerance, Bld(length, layer.M));
    }

    /// <summary>Model dimensions 1..72 and a few wide ones, so that projection kernels meet every tail width.</summary>
    public static IEnumerable<int> ModelDimensions() => Enumerable.Range(1, 72).Concat([127, 128, 129, 255, 256, 257]);

    [TestCaseSource(nameof(ModelDimensions))]
    public void Forward_EveryModelDimension_MatchesReference(int m)
    {
        // Hq·D and Hkv·D vary with M too (odd, multiples of 16, past 64); the row count B·L crosses small blocks.
        (int hq, int hkv, int d) = (m % 4) switch
        {
            0 => (4, 2, 16),
            1 => (3, 1, 7),
            2 => (2, 2, 33),
            _ => (6, 3, 5),
        };
        var layer = new Layer(m, hq, hkv, d, Biases: m % 3 != 0, Seed: 500 + m);
        int batch = 1 + (m % 2), length = 1 + (m % 13);
        float[] x = Gaussian(batch * length * m, 600 + m);
        float[] y = Filled(x.Length, Sentinel);

        layer.Create().Forward(x, y, batch, length, cache: null, new AttentionOptions { IsCausal = m % 5 != 0 });

        (double[] expected, double tolerance) = Reference(layer, x, batch, length, causal: m % 5 != 0);
        AssertClose(y, expected, tolerance, Bld(length, m));
    }

    /// <summary>The same layers for decoding (always causal).</summary>
    public static IEnumerable<TestCaseData> DecodeLayers() =>
        Layers().Select(c => new TestCaseData(c.Arguments[0], c.Arguments[1], c.Arguments[2])
            .SetArgDisplayNames($"{c.Arguments[0]} B={c.Arguments[1]} L={c.Arguments[2]}"));

    [TestCaseSource(nameof(DecodeLayers))]
    public void Forward_TokenByTokenThroughCache_EqualsWholeSequenceCausal(Layer layer, int batch, int length)
    {
        float[] x = Gaussian(batch * length * layer.M, layer.Seed + 200);
        MultiHeadAttention mha = layer.Create();
        KeyValueCache cache = mha.CreateCache(batch, capacity: length);
        var options = new AttentionOptions { IsCausal = true };
        float[] decoded = Filled(x.Length, Sentinel);

        for (int t = 0; t < length; t++)
        {
            float[] step = new float[batch * layer.M];
            mha.Forward(Tokens(x, batch, length, layer.M, t, 1), step, batch, 1, cache, options);
            PutTokens(step, decoded, batch, length, layer.M, t, 1);
            Assert.That(cache.Length, Is.EqualTo(t + 1));
        }

        float[] whole = new float[x.Length];
        mha.Forward(x, whole, batch, length, cache: null, options);
        (double[] expected, double tolerance) = Reference(layer, x, batch, length, causal: true);
        AssertClose(decoded, expected, tolerance, Bld(length, layer.M));
        AssertClose(decoded, AttentionReference.Widen(whole), 2 * tolerance, Bld(length, layer.M));
    }

    [Test]
    public void Forward_ChunksThroughCache_EqualWholeSequenceCausal()
    {
        var layer = new Layer(M: 24, Hq: 6, Hkv: 2, D: 6, Biases: true, Seed: 300);
        const int B = 2, L = 31;
        float[] x = Gaussian(B * L * layer.M, 301);
        MultiHeadAttention mha = layer.Create();
        KeyValueCache cache = mha.CreateCache(B, capacity: 40);
        var options = new AttentionOptions { IsCausal = true };
        float[] decoded = Filled(x.Length, Sentinel);

        int start = 0;
        foreach (int chunk in new[] { 12, 1, 1, 6, 1, 10 })
        {
            float[] step = new float[B * chunk * layer.M];
            mha.Forward(Tokens(x, B, L, layer.M, start, chunk), step, B, chunk, cache, options);
            PutTokens(step, decoded, B, L, layer.M, start, chunk);
            start += chunk;
        }

        Assert.That(cache.Length, Is.EqualTo(L));
        (double[] expected, double tolerance) = Reference(layer, x, B, L, causal: true);
        AssertClose(decoded, expected, tolerance, Bld(L, layer.M));
    }

    [Test]
    public void Forward_WithEmptyCacheNotCausal_EqualsForwardWithoutCache()
    {
        // Without IsCausal the L new queries attend to everything cached, including each other.
        var layer = new Layer(M: 16, Hq: 4, Hkv: 2, D: 4, Biases: true, Seed: 310);
        const int B = 2, L = 9;
        float[] x = Gaussian(B * L * layer.M, 311);
        MultiHeadAttention mha = layer.Create();
        float[] withCache = new float[x.Length];

        mha.Forward(x, withCache, B, L, mha.CreateCache(B, L));

        (double[] expected, double tolerance) = Reference(layer, x, B, L, causal: false);
        AssertClose(withCache, expected, tolerance, Bld(L, layer.M));
    }

    [Test]
    public void Forward_IsBitIdenticalAcrossDegreesOfParallelism()
    {
        var layer = new Layer(M: 64, Hq: 8, Hkv: 2, D: 16, Biases: true, Seed: 320);
        const int B = 2, L = 70;
        float[] x = Gaussian(B * L * layer.M, 321);
        MultiHeadAttention mha = layer.Create();

        int[] Forward(int parallelism)
        {
            float[] y = new float[x.Length];
            mha.Forward(x, y, B, L, options: new AttentionOptions { IsCausal = true, MaxDegreeOfParallelism = parallelism });
            return Bits(y);
        }

        int[] serial = Forward(1);
        Assert.That(Forward(2), Is.EqualTo(serial));
        Assert.That(Forward(-1), Is.EqualTo(serial));
    }

    [Test]
    public void Constructor_CopiesTheWeightArrays()
    {
        var layer = new Layer(M: 8, Hq: 2, Hkv: 1, D: 4, Biases: true, Seed: 330);
        const int B = 1, L = 5;
        float[] x = Gaussian(B * L * layer.M, 331);
        MultiHeadAttention mha = layer.Create();
        float[] before = new float[x.Length];
        mha.Forward(x, before, B, L);

        foreach (float[]? array in new[] { layer.Wq, layer.Wk, layer.Wv, layer.Wo, layer.Bq, layer.Bk, layer.Bv, layer.Bo })
        {
            Array.Fill(array!, 7f);
        }

        float[] after = new float[x.Length];
        mha.Forward(x, after, B, L);
        Assert.That(Bits(after), Is.EqualTo(Bits(before)));
    }

    [Test]
    public void Constructor_SetsDimensions_AndCreateCacheMatchesThem()
    {
        MultiHeadAttention mha = new Layer(M: 12, Hq: 6, Hkv: 3, D: 5, Biases: false, Seed: 340).Create();

        Assert.That(mha.ModelDimension, Is.EqualTo(12));
        Assert.That(mha.QueryHeads, Is.EqualTo(6));
        Assert.That(mha.KeyValueHeads, Is.EqualTo(3));
        Assert.That(mha.HeadDimension, Is.EqualTo(5));

        KeyValueCache cache = mha.CreateCache(batch: 4, capacity: 33);
        Assert.That(cache.Batch, Is.EqualTo(4));
        Assert.That(cache.KeyValueHeads, Is.EqualTo(3));
        Assert.That(cache.HeadDimension, Is.EqualTo(5));
        Assert.That(cache.Capacity, Is.EqualTo(33));
        Assert.That(cache.Length, Is.Zero);
    }

    [TestCase("queryWeight")]
    [TestCase("keyWeight")]
    [TestCase("valueWeight")]
    [TestCase("outputWeight")]
    [TestCase("queryBias")]
    [TestCase("keyBias")]
    [TestCase("valueBias")]
    [TestCase("outputBias")]
    public void Constructor_WeightOfWrongLength_ThrowsNamingTheWeight(string parameter)
    {
        foreach (int delta in new[] { -1, 1 })
        {
            var l = new Layer(M: 12, Hq: 4, Hkv: 2, D: 3, Biases: true, Seed: 350);
            float[] Pick(string name, float[] a) => name == parameter ? new float[a.Length + delta] : a;

            var e = Assert.Throws<ArgumentException>(() => _ = new MultiHeadAttention(l.M, l.Hq, l.Hkv, l.D,
                Pick("queryWeight", l.Wq), Pick("keyWeight", l.Wk), Pick("valueWeight", l.Wv), Pick("outputWeight", l.Wo),
                Pick("queryBias", l.Bq!), Pick("keyBias", l.Bk!), Pick("valueBias", l.Bv!), Pick("outputBias", l.Bo!)));

            Assert.That(e.ParamName, Is.EqualTo(parameter), $"delta {delta}");
        }
    }

    [TestCase("queryWeight")]
    [TestCase("keyWeight")]
    [TestCase("valueWeight")]
    [TestCase("outputWeight")]
    public void Constructor_NullWeight_ThrowsArgumentNull(string parameter)
    {
        var l = new Layer(M: 8, Hq: 2, Hkv: 2, D: 4, Biases: false, Seed: 370);
        float[] Pick(string name, float[] a) => name == parameter ? null! : a;

        var e = Assert.Throws<ArgumentNullException>(() => _ = new MultiHeadAttention(l.M, l.Hq, l.Hkv, l.D,
            Pick("queryWeight", l.Wq), Pick("keyWeight", l.Wk), Pick("valueWeight", l.Wv), Pick("outputWeight", l.Wo)));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
    }

    [TestCase("modelDimension", 0)]
    [TestCase("modelDimension", -1)]
    [TestCase("queryHeads", 0)]
    [TestCase("keyValueHeads", 0)]
    [TestCase("keyValueHeads", -2)]
    [TestCase("headDimension", 0)]
    public void Constructor_NonPositiveDimension_ThrowsOutOfRangeNamingIt(string parameter, int bad)
    {
        // Weights sized for the valid layer, so only the dimension is wrong.
        var l = new Layer(M: 8, Hq: 2, Hkv: 2, D: 4, Biases: false, Seed: 380);
        int Arg(string name, int ok) => name == parameter ? bad : ok;

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MultiHeadAttention(
            Arg("modelDimension", l.M), Arg("queryHeads", l.Hq), Arg("keyValueHeads", l.Hkv), Arg("headDimension", l.D),
            l.Wq, l.Wk, l.Wv, l.Wo));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
    }

    [Test]
    public void Constructor_QueryHeadsNotAMultipleOfKeyValueHeads_Throws()
    {
        const int M = 6, Hq = 3, Hkv = 2, D = 2;

        Assert.That(() => _ = new MultiHeadAttention(M, Hq, Hkv, D, new float[Hq * D * M], new float[Hkv * D * M],
            new float[Hkv * D * M], new float[M * Hq * D]), Throws.InstanceOf<ArgumentException>());
    }

    [TestCase("input", -1)]
    [TestCase("input", 1)]
    [TestCase("output", -1)]
    [TestCase("output", 1)]
    public void Forward_WrongSpanLength_ThrowsNamingTheSpan_WritesNothing(string parameter, int delta)
    {
        var layer = new Layer(M: 8, Hq: 2, Hkv: 1, D: 4, Biases: false, Seed: 390);
        const int B = 2, L = 3;
        float[] x = Gaussian((B * L * layer.M) + (parameter == "input" ? delta : 0), 391);
        float[] y = Filled((B * L * layer.M) + (parameter == "output" ? delta : 0), Sentinel);
        MultiHeadAttention mha = layer.Create();
        KeyValueCache cache = mha.CreateCache(B, 8);

        var e = Assert.Throws<ArgumentException>(() => mha.Forward(x, y, B, L, cache));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
        Assert.That(e.Message, Does.Contain("48"));
        Assert.That(y, Is.All.EqualTo(Sentinel));
        Assert.That(cache.Length, Is.Zero, "nothing appended to the cache");
    }

    [TestCase(0, 1)]
    [TestCase(-1, 1)]
    [TestCase(1, 0)]
    [TestCase(1, -3)]
    public void Forward_NonPositiveBatchOrLength_Throws_WritesNothing(int batch, int length)
    {
        MultiHeadAttention mha = new Layer(M: 4, Hq: 1, Hkv: 1, D: 4, Biases: false, Seed: 400).Create();
        float[] x = Gaussian(8, 401);
        float[] y = Filled(8, Sentinel);

        Assert.That(() => mha.Forward(x, y, batch, length), Throws.InstanceOf<ArgumentException>());
        Assert.That(y, Is.All.EqualTo(Sentinel));
    }

    [Test]
    public void Forward_LengthCheck_IsNotWrappedIn32Bits()
    {
        // B·L·M = 65536·65536·16 = 2³⁶ wraps to 0 in 32 bits, matching the empty spans passed here.
        MultiHeadAttention mha = new Layer(M: 16, Hq: 1, Hkv: 1, D: 16, Biases: false, Seed: 440).Create();

        var e = Assert.Throws<ArgumentException>(() => mha.Forward(ReadOnlySpan<float>.Empty, Span<float>.Empty, 65536, 65536));

        Assert.That(e.ParamName, Is.EqualTo("input"));
    }

    [Test]
    public void Forward_CacheOverflow_ThrowsInvalidOperation_CacheAndOutputUnchanged()
    {
        var layer = new Layer(M: 8, Hq: 2, Hkv: 2, D: 4, Biases: true, Seed: 410);
        const int B = 1;
        MultiHeadAttention mha = layer.Create();
        KeyValueCache cache = mha.CreateCache(B, capacity: 5);
        float[] first = Gaussian(B * 4 * layer.M, 411);
        mha.Forward(first, new float[first.Length], B, 4, cache, new AttentionOptions { IsCausal = true });
        float[] keysBefore = cache.Keys(0, 1).ToArray();
        float[] x = Gaussian(B * 2 * layer.M, 412);
        float[] y = Filled(x.Length, Sentinel);

        Assert.Throws<InvalidOperationException>(() => mha.Forward(x, y, B, 2, cache, new AttentionOptions { IsCausal = true }));

        Assert.That(cache.Length, Is.EqualTo(4));
        Assert.That(cache.Keys(0, 1).ToArray(), Is.EqualTo(keysBefore));
        Assert.That(y, Is.All.EqualTo(Sentinel));
    }

    [Test]
    public void Forward_CacheOfAnotherShape_Throws_WritesNothing()
    {
        var layer = new Layer(M: 8, Hq: 2, Hkv: 2, D: 4, Biases: false, Seed: 420);
        MultiHeadAttention mha = layer.Create();
        float[] x = Gaussian(8, 421);
        float[] y = Filled(8, Sentinel);

        foreach (KeyValueCache wrong in new[] { new KeyValueCache(2, 2, 4, 8), new KeyValueCache(1, 1, 4, 8), new KeyValueCache(1, 2, 2, 8) })
        {
            Assert.That(() => mha.Forward(x, y, 1, 1, wrong), Throws.Exception, $"cache B={wrong.Batch} Hkv={wrong.KeyValueHeads} D={wrong.HeadDimension}");
            Assert.That(wrong.Length, Is.Zero);
            Assert.That(y, Is.All.EqualTo(Sentinel));
        }
    }

    [Test]
    public void Forward_BadOptions_ThrowsOutOfRangeForOptions_WritesNothing()
    {
        MultiHeadAttention mha = new Layer(M: 4, Hq: 1, Hkv: 1, D: 4, Biases: false, Seed: 430).Create();
        KeyValueCache cache = mha.CreateCache(1, 4);
        float[] x = Gaussian(4, 431);
        float[] y = Filled(4, Sentinel);

        var parallelism = Assert.Throws<ArgumentOutOfRangeException>(() =>
            mha.Forward(x, y, 1, 1, cache, new AttentionOptions { MaxDegreeOfParallelism = 0 }));
        var scale = Assert.Throws<ArgumentOutOfRangeException>(() =>
            mha.Forward(x, y, 1, 1, cache, new AttentionOptions { Scale = float.PositiveInfinity }));

        Assert.That(parallelism.ParamName, Is.EqualTo("options"));
        Assert.That(scale.ParamName, Is.EqualTo("options"));
        Assert.That(y, Is.All.EqualTo(Sentinel));
        Assert.That(cache.Length, Is.Zero, "a rejected call appends nothing");
    }

    // ---- The reference ----

    /// <summary>y = x·Wᵀ + b in double: x [rows, in], W [out, in], b [out] or null → [rows, out].</summary>
    internal static double[] Linear(double[] x, int rows, int inFeatures, float[] weight, float[]? bias, int outFeatures)
    {
        var y = new double[rows * outFeatures];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double sum = bias is null ? 0 : bias[o];
                for (int i = 0; i < inFeatures; i++)
                {
                    sum += x[(r * inFeatures) + i] * weight[(o * inFeatures) + i];
                }

                y[(r * outFeatures) + o] = sum;
            }
        }

        return y;
    }

    /// <summary>[B, L, H·D] → [B, H, L, D].</summary>
    private static double[] SplitHeads(double[] x, int batch, int length, int heads, int d)
    {
        var y = new double[x.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
            {
                for (int h = 0; h < heads; h++)
                {
                    Array.Copy(x, (((b * length) + t) * heads * d) + (h * d), y, (((b * heads) + h) * length + t) * d, d);
                }
            }
        }

        return y;
    }

    /// <summary>[B, H, L, D] → [B, L, H·D].</summary>
    private static double[] MergeHeads(double[] x, int batch, int length, int heads, int d)
    {
        var y = new double[x.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < heads; h++)
            {
                for (int t = 0; t < length; t++)
                {
                    Array.Copy(x, (((b * heads) + h) * length + t) * d, y, (((b * length) + t) * heads * d) + (h * d), d);
                }
            }
        }

        return y;
    }

    /// <summary>
    /// The layer in double, and the float32 tolerance for it. The attention part carries
    /// <see cref="ReferenceResult.Tolerance"/> (computed on the projected Q, K, V, so the projections' own float32
    /// rounding, a √M·u relative effect like the logits', is inside the same budget). The output projection mixes
    /// Hq·D merged elements whose rounding errors have random signs, so an error of ε per element reaches output m as
    /// about ε·‖Wo[m, :]‖₂ (the worst case ε·‖Wo[m, :]‖₁ is √(Hq·D) times larger and never approached); we allow
    /// three times that, plus the projection's own rounding over Hq·D terms, ≲ 1e-5·(1 + max|y|).
    /// </summary>
    internal static (double[] Output, double Tolerance) Reference(Layer layer, float[] input, int batch, int length, bool causal)
    {
        int rows = batch * length;
        double[] x = AttentionReference.Widen(input);
        double[] q = SplitHeads(Linear(x, rows, layer.M, layer.Wq, layer.Bq, layer.Hq * layer.D), batch, length, layer.Hq, layer.D);
        double[] k = SplitHeads(Linear(x, rows, layer.M, layer.Wk, layer.Bk, layer.Hkv * layer.D), batch, length, layer.Hkv, layer.D);
        double[] v = SplitHeads(Linear(x, rows, layer.M, layer.Wv, layer.Bv, layer.Hkv * layer.D), batch, length, layer.Hkv, layer.D);
        ReferenceResult attention = AttentionReference.Compute(q, k, v, batch, layer.Hq, layer.Hkv, length, length, layer.D,
            1.0 / Math.Sqrt(layer.D), causal, mask: null);
        double[] merged = MergeHeads(attention.Output, batch, length, layer.Hq, layer.D);
        double[] y = Linear(merged, rows, layer.Hq * layer.D, layer.Wo, layer.Bo, layer.M);

        double maxRowNorm = 0;
        for (int m = 0; m < layer.M; m++)
        {
            double norm = 0;
            for (int o = 0; o < layer.Hq * layer.D; o++)
            {
                double w = layer.Wo[(m * layer.Hq * layer.D) + o];
                norm += w * w;
            }

            maxRowNorm = Math.Max(maxRowNorm, Math.Sqrt(norm));
        }

        double maxAbsY = y.Max(Math.Abs);
        return (y, (3 * attention.Tolerance * Math.Max(1, maxRowNorm)) + (1e-5 * (1 + maxAbsY)));
    }

    // ---- Helpers ----

    private static float[] Tokens(float[] x, int batch, int length, int m, int start, int count) =>
        SliceTokens(x, batch, 1, length, m, start, count);

    private static void PutTokens(float[] step, float[] destination, int batch, int length, int m, int start, int count) =>
        ScatterTokens(step, destination, batch, 1, length, m, start, count);

    private static Func<long, string> Bld(int length, int m) => index =>
        $"[b={index / m / length}, t={index / m % length}, m={index % m}]";
}
