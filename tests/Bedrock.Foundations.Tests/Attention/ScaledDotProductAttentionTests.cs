using Bedrock.Foundations.Attention;
using FsCheck;
using FsCheck.Fluent;
using static Bedrock.Foundations.Tests.Attention.AttentionTestData;

namespace Bedrock.Foundations.Tests.Attention;

/// <summary>
/// <see cref="ScaledDotProductAttention.Compute"/> against <see cref="AttentionReference"/> (double precision) over
/// many shapes, options and degenerate inputs, plus the argument-validation contract. Written from the contract
/// (attention-api.md), not from the implementation.
/// </summary>
[TestFixture]
public sealed class ScaledDotProductAttentionTests
{
    private const string Replay = "20261125,13";

    /// <summary>One reference comparison: a shape, causal or not, which mask, and the seed of its data.</summary>
    public sealed record AttentionCase(int B, int Hq, int Hkv, int Lq, int Lk, int D, bool Causal, MaskKind Mask = MaskKind.None,
        int Seed = 1, float? Scale = null)
    {
        public AttentionShape Shape => new(B, Hq, Hkv, Lq, Lk, D);

        public override string ToString() =>
            $"B={B} Hq={Hq} Hkv={Hkv} Lq={Lq} Lk={Lk} D={D}{(Causal ? " causal" : string.Empty)}"
            + $"{(Mask == MaskKind.None ? string.Empty : " mask=" + Mask)}{(Scale is null ? string.Empty : $" scale={Scale}")} seed={Seed}";
    }

    /// <summary>Hand-picked shapes: odd D, Lq ≠ Lk both ways, GQA and MQA, B &gt; 1, masks of both layouts.</summary>
    public static IEnumerable<AttentionCase> Shapes()
    {
        foreach (int d in new[] { 1, 3, 63, 64, 65, 127, 128 })
        {
            yield return new AttentionCase(1, 1, 1, 17, 17, d, Causal: false, Seed: d);
            yield return new AttentionCase(2, 2, 1, 7, 65, d, Causal: true, Seed: d + 1);
            yield return new AttentionCase(1, 4, 2, 65, 7, d, Causal: true, MaskKind.Broadcast, Seed: d + 2);
        }

        foreach (bool causal in new[] { false, true })
        {
            // GQA (Hq = 8, Hkv = 2), MQA (Hkv = 1), MHA (Hkv = Hq), B > 1.
            yield return new AttentionCase(2, 8, 2, 33, 33, 16, causal, Seed: 11);
            yield return new AttentionCase(3, 8, 1, 17, 40, 24, causal, Seed: 12);
            yield return new AttentionCase(2, 3, 3, 40, 17, 9, causal, Seed: 13);
            yield return new AttentionCase(2, 8, 2, 64, 130, 65, causal, MaskKind.PerBatch, Seed: 14);
            yield return new AttentionCase(3, 6, 3, 130, 64, 32, causal, MaskKind.Broadcast, Seed: 15);
            yield return new AttentionCase(2, 2, 2, 1, 300, 63, causal, MaskKind.PerBatch, Seed: 16);
            yield return new AttentionCase(1, 2, 1, 300, 1, 5, causal, Seed: 17);
            yield return new AttentionCase(1, 1, 1, 300, 300, 127, causal, MaskKind.Broadcast, Seed: 18);
            yield return new AttentionCase(4, 1, 1, 2, 2, 2, causal, MaskKind.PerBatch, Seed: 19);
        }
    }

    /// <summary>Every pair (Lq, Lk) of the issue's lengths, causal and not, cycling D over odd and even sizes.</summary>
    public static IEnumerable<AttentionCase> LengthPairs()
    {
        int[] lengths = [1, 2, 7, 17, 64, 65, 130, 300];
        int[] dims = [1, 3, 8, 63, 65, 127, 16, 33];
        int n = 0;
        foreach (int lq in lengths)
        {
            foreach (int lk in lengths)
            {
                int d = dims[n % dims.Length];
                int hq = lq * lk * d > 2_000_000 ? 1 : 2;
                yield return new AttentionCase(1, hq, 1, lq, lk, d, Causal: n % 2 == 0, Seed: 100 + n);
                yield return new AttentionCase(1, hq, 1, lq, lk, d, Causal: n % 2 != 0, Seed: 200 + n);
                n++;
            }
        }
    }

    /// <summary>Every head dimension 1..130 on a small shape (the SIMD widths and their tails).</summary>
    public static IEnumerable<AttentionCase> HeadDimensions()
    {
        for (int d = 1; d <= 130; d++)
        {
            yield return new AttentionCase(1, 2, 1, 5, 19, d, Causal: d % 2 == 0, d % 3 == 0 ? MaskKind.Broadcast : MaskKind.None, Seed: 300 + d);
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void Compute_MatchesReference(AttentionCase c) => AssertMatchesReference(c);

    [TestCaseSource(nameof(LengthPairs))]
    public void Compute_AllLengthPairs_MatchReference(AttentionCase c) => AssertMatchesReference(c);

    [TestCaseSource(nameof(HeadDimensions))]
    public void Compute_EveryHeadDimension_MatchesReference(AttentionCase c) => AssertMatchesReference(c);

    /// <summary>Query lengths 1..20 and around power-of-two tile edges, each checked against many key lengths.</summary>
    public static IEnumerable<int> QueryLengths() =>
        Enumerable.Range(1, 20).Concat([31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129]);

    [TestCaseSource(nameof(QueryLengths))]
    public void Compute_QueryLength_AgainstKeyLengthsAroundTileEdges_MatchesReference(int lq)
    {
        // Every Lk 1..70, then the edges of blocks of 4, 6, 8, 64 and 256 keys. D cycles through odd and SIMD sizes.
        int[] edges = [95, 96, 97, 127, 128, 129, 191, 192, 193, 255, 256, 257, 258, 383, 384, 385, 511, 512, 513];
        int[] dims = [1, 3, 8, 16, 17, 64, 65];
        int n = 0;
        foreach (int lk in Enumerable.Range(1, 70).Concat(edges))
        {
            int d = dims[(lq + n) % dims.Length];
            var c = new AttentionCase(1, 2, 1, lq, lk, d, Causal: n % 2 == 0, n % 5 == 0 ? MaskKind.Broadcast : MaskKind.None,
                Seed: (lq * 1000) + lk);
            AssertMatchesReference(c);
            n++;
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Compute_LargeSequence1000_MatchesReference(bool causal) =>
        AssertMatchesReference(new AttentionCase(1, 2, 1, 1000, 1000, 64, causal, causal ? MaskKind.None : MaskKind.Broadcast, Seed: 1000));

    [TestCase(0.3f)]
    [TestCase(1f)]
    [TestCase(-0.25f)]
    [TestCase(2.5f)]
    public void Compute_CustomScale_IsHonoured(float scale)
    {
        var c = new AttentionCase(2, 4, 2, 9, 23, 16, Causal: false, Seed: 400, Scale: scale);
        AssertMatchesReference(c);

        // And it is not silently the default 1/√D: the two outputs differ by far more than the tolerance.
        (float[] q, float[] k, float[] v) = Inputs(c);
        float[] custom = Run(q, k, v, c.Shape, new AttentionOptions { Scale = scale });
        float[] byDefault = Run(q, k, v, c.Shape, null);
        double largest = 0;
        for (int i = 0; i < custom.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(custom[i] - byDefault[i]));
        }

        Assert.That(largest, Is.GreaterThan(1e-2));
    }

    [Test]
    public void Compute_ExplicitDefaultScale_MatchesNullScale()
    {
        var shape = new AttentionShape(1, 2, 2, 13, 21, 48);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 401);

        float[] explicitScale = Run(q, k, v, shape, new AttentionOptions { Scale = 1f / MathF.Sqrt(48) });
        float[] nullScale = Run(q, k, v, shape, new AttentionOptions());
        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, 2, 2, 13, 21, 48);

        AssertClose(explicitScale, reference.Output, reference.Tolerance, Bhid(2, 13, 48));
        AssertClose(nullScale, reference.Output, reference.Tolerance, Bhid(2, 13, 48));
    }

    [Test]
    public void Compute_ScaleZero_AveragesTheVisibleValues()
    {
        // scale 0: every visible key gets the same weight, so the output is the mean of the visible value rows.
        const int Lq = 4, Lk = 6, D = 5;
        var shape = new AttentionShape(1, 1, 1, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 402);

        float[] output = Run(q, k, v, shape, new AttentionOptions { Scale = 0f, IsCausal = true });

        for (int i = 0; i < Lq; i++)
        {
            int visible = i + Lk - Lq + 1;
            for (int x = 0; x < D; x++)
            {
                double mean = 0;
                for (int j = 0; j < visible; j++)
                {
                    mean += v[(j * D) + x];
                }

                mean /= visible;
                Assert.That(output[(i * D) + x], Is.EqualTo(mean).Within(1e-5), $"i={i} d={x}");
            }
        }
    }

    [TestCase(80.0, 0)]
    [TestCase(80.0, 1)]
    [TestCase(300.0, 0)]
    [TestCase(300.0, 1)]
    public void Compute_LargeLogits_DoNotOverflow(double targetMaxLogit, int layout)
    {
        // Logits of ±80 (and ±300) would overflow exp in float32 (e^88.7 = float.MaxValue) unless the running maximum
        // is subtracted before exponentiating; summed over 200 keys even ±80 reaches e^80·200 ≈ 1e37.
        var shape = layout == 0 ? new AttentionShape(1, 2, 1, 37, 200, 64) : new AttentionShape(2, 4, 2, 200, 200, 33);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 500 + layout);
        ReferenceResult unit = AttentionReference.Compute(q, k, v, shape.Batch, shape.QueryHeads, shape.KeyValueHeads,
            shape.QueryLength, shape.KeyLength, shape.HeadDimension);
        float gain = (float)Math.Sqrt(targetMaxLogit / unit.MaxAbsLogit);
        for (int i = 0; i < q.Length; i++)
        {
            q[i] *= gain;
        }

        for (int i = 0; i < k.Length; i++)
        {
            k[i] *= gain;
        }

        foreach (bool causal in new[] { false, true })
        {
            float[] output = Run(q, k, v, shape, new AttentionOptions { IsCausal = causal });
            ReferenceResult reference = AttentionReference.Compute(q, k, v, shape.Batch, shape.QueryHeads, shape.KeyValueHeads,
                shape.QueryLength, shape.KeyLength, shape.HeadDimension, isCausal: causal);

            Assert.That(reference.MaxAbsLogit, Is.GreaterThan(0.9 * targetMaxLogit), "the test's own logits are large");
            Assert.That(output.All(float.IsFinite), Is.True, $"causal={causal}: every output is finite");
            AssertClose(output, reference.Output, reference.Tolerance,
                Bhid(shape.QueryHeads, shape.QueryLength, shape.HeadDimension));
        }
    }

    [Test]
    public void Compute_TwoKeys_GiveTheLogisticFunction_AcrossTheExpRange()
    {
        // Logits [0, −x] with V = [0, 1] give σ(−x) = 1 / (1 + eˣ), for x = −100 … 100 in steps of 0.05: a sweep of
        // every exp argument a softmax meets. Besides the absolute bound, weights ≥ 1e-30 must be right to 1e-4
        // relative: a fast exp that flushes small arguments to zero, or is coarse in its tail, breaks that.
        const int N = 4001;
        float[] q = new float[N];
        for (int i = 0; i < N; i++)
        {
            q[i] = -100f + (i * 0.05f);
        }

        float[] k = [0f, -1f], v = [0f, 1f];
        var shape = new AttentionShape(1, 1, 1, N, 2, 1);

        float[] output = Run(q, k, v, shape, new AttentionOptions { Scale = 1f });

        for (int i = 0; i < N; i++)
        {
            double expected = 1 / (1 + Math.Exp(q[i]));
            double error = Math.Abs(output[i] - expected);
            Assert.That(error, Is.LessThanOrEqualTo(expected >= 1e-30 ? Math.Max(1e-4 * expected, 1e-9) : 1e-9),
                $"x = {q[i]}: {output[i]:R} vs σ(−x) = {expected:R}");
        }
    }

    [Test]
    public void Compute_EqualHugeLogits_GiveTheMeanOfValues()
    {
        // Every logit is exactly 1000: without the max shift this is ∞/∞ = NaN; with it, a uniform average.
        const int L = 50, D = 4;
        var shape = new AttentionShape(1, 1, 1, L, L, D);
        float[] q = Filled(L * D, 0f);
        float[] k = Filled(L * D, 0f);
        for (int i = 0; i < L; i++)
        {
            q[i * D] = 1000f;
            k[i * D] = 1f;
        }

        float[] v = Gaussian(L * D, seed: 503);
        float[] output = Run(q, k, v, shape, new AttentionOptions { Scale = 1f });

        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, 1, 1, L, L, D, scale: 1.0);
        AssertClose(output, reference.Output, 1e-5 * (1 + reference.MaxAbsValue), Bhid(1, L, D));
    }

    [Test]
    public void Compute_NaNInOneQueryRow_IsConfinedToThatOutputRow()
    {
        // GQA so that heads sharing the poisoned row's kv head are checked too.
        var shape = new AttentionShape(2, 4, 2, 20, 31, 17);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 600);
        const int B = 1, H = 2, I = 5;
        int row = (((B * 4) + H) * 20 + I) * 17;
        q[row + 3] = float.NaN;

        foreach (bool causal in new[] { false, true })
        {
            float[] output = Run(q, k, v, shape, new AttentionOptions { IsCausal = causal });

            for (int i = 0; i < output.Length; i++)
            {
                if (i >= row && i < row + 17)
                {
                    Assert.That(float.IsNaN(output[i]), Is.True, $"causal={causal}: element {i - row} of the poisoned row");
                }
                else
                {
                    Assert.That(float.IsFinite(output[i]), Is.True, $"causal={causal}: {Bhid(4, 20, 17)(i)} stays finite");
                }
            }

            ReferenceResult reference = AttentionReference.Compute(q, k, v, 2, 4, 2, 20, 31, 17, isCausal: causal);
            AssertClose(output, reference.Output, reference.Tolerance, Bhid(4, 20, 17));
        }
    }

    [Test]
    public void Compute_FullyMaskedRows_GiveExactZeros()
    {
        const int B = 2, Hq = 4, Hkv = 2, Lq = 9, Lk = 70, D = 19;
        var shape = new AttentionShape(B, Hq, Hkv, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 700);

        // [Lq, Lk]: rows 0 and 8 fully −∞, the rest partly.
        float[] broadcast = Mask(Lq * Lk, seed: 701, maskedFraction: 0.3);
        Array.Fill(broadcast, float.NegativeInfinity, 0, Lk);
        Array.Fill(broadcast, float.NegativeInfinity, 8 * Lk, Lk);

        // [B, 1, Lq, Lk]: batch 1 row 3 fully −∞ (batch 0 row 3 is not).
        float[] perBatch = Mask(B * Lq * Lk, seed: 702, maskedFraction: 0.3);
        Array.Fill(perBatch, float.NegativeInfinity, ((1 * Lq) + 3) * Lk, Lk);
        perBatch[3 * Lk] = 0f;

        foreach ((float[] mask, string name) in new[] { (broadcast, "[Lq,Lk]"), (perBatch, "[B,1,Lq,Lk]") })
        {
            foreach (bool causal in new[] { false, true })
            {
                float[] output = Run(q, k, v, shape, new AttentionOptions { AdditiveMask = mask, IsCausal = causal });
                ReferenceResult reference = AttentionReference.Compute(q, k, v, B, Hq, Hkv, Lq, Lk, D, isCausal: causal, mask: mask);

                Assert.That(reference.NoVisibleKey.Count(x => x), Is.GreaterThan(0), "the test has fully masked rows");
                Assert.That(output.All(float.IsFinite), Is.True, $"{name} causal={causal}: no NaN");
                AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, Lq, D), reference.NoVisibleKey);
            }
        }
    }

    /// <summary>Runs of −∞ as long as whole key blocks, at the start, the end and in between.</summary>
    public static IEnumerable<TestCaseData> MaskedBlocks()
    {
        // (Lk, first masked key, masked count): leading runs make the running maximum start at −∞, which an online
        // softmax must not turn into exp(−∞ − (−∞)) = NaN; trailing and middle runs skip whole blocks.
        (int Lk, int Start, int Count)[] runs =
        [
            (300, 0, 1), (300, 0, 63), (300, 0, 64), (300, 0, 65), (300, 0, 128), (300, 0, 256), (300, 0, 299),
            (300, 236, 64), (300, 44, 256), (300, 64, 64), (300, 100, 130), (520, 0, 512), (520, 256, 264),
        ];
        foreach ((int lk, int start, int count) in runs)
        {
            foreach (int lq in new[] { 1, 7, 33 })
            {
                yield return new TestCaseData(lq, lk, start, count).SetArgDisplayNames(
                    $"Lq={lq} Lk={lk} masked [{start}, {start + count})");
            }
        }
    }

    [TestCaseSource(nameof(MaskedBlocks))]
    public void Compute_RunsOfMaskedKeys_MatchReference(int lq, int lk, int start, int count)
    {
        const int B = 2, Hq = 2, Hkv = 1, D = 24;
        var shape = new AttentionShape(B, Hq, Hkv, lq, lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 1300 + lk + start + count + lq);

        // [B, 1, Lq, Lk]: batch 0 masks the run in every row; batch 1 masks it in even rows and everything in row 1.
        float[] mask = new float[B * lq * lk];
        for (int i = 0; i < lq; i++)
        {
            Array.Fill(mask, float.NegativeInfinity, (i * lk) + start, count);
            if (i % 2 == 0)
            {
                Array.Fill(mask, float.NegativeInfinity, ((lq + i) * lk) + start, count);
            }
        }

        if (lq > 1)
        {
            Array.Fill(mask, float.NegativeInfinity, (lq + 1) * lk, lk);
        }

        foreach (bool causal in new[] { false, true })
        {
            float[] output = Run(q, k, v, shape, new AttentionOptions { AdditiveMask = mask, IsCausal = causal });

            ReferenceResult reference = AttentionReference.Compute(q, k, v, B, Hq, Hkv, lq, lk, D, isCausal: causal, mask: mask);
            Assert.That(output.All(float.IsFinite), Is.True, $"causal={causal}: no NaN or ∞");
            AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, lq, D), reference.NoVisibleKey);
        }
    }

    [Test]
    public void Compute_CausalWithMoreQueriesThanKeys_FirstRowsAreZero()
    {
        // Bottom-right alignment: with Lq = 10, Lk = 4, query i sees keys j ≤ i − 6, so rows 0..5 see nothing.
        var shape = new AttentionShape(1, 2, 2, 10, 4, 8);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 710);

        float[] output = Run(q, k, v, shape, new AttentionOptions { IsCausal = true });

        for (int h = 0; h < 2; h++)
        {
            for (int i = 0; i < 10; i++)
            {
                float[] row = output.AsSpan(((h * 10) + i) * 8, 8).ToArray();
                if (i < 6)
                {
                    Assert.That(row, Is.All.EqualTo(0f), $"h={h} row {i} sees no key");
                }
                else
                {
                    Assert.That(row, Has.Some.Not.EqualTo(0f), $"h={h} row {i} sees {i - 5} keys");
                }
            }
        }

        // Row 6 sees exactly key 0, so it is exactly that value row.
        Assert.That(output.AsSpan(6 * 8, 8).ToArray(), Is.EqualTo(v.AsSpan(0, 8).ToArray()).Within(1e-6f));
        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, 2, 2, 10, 4, 8, isCausal: true);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(2, 10, 8), reference.NoVisibleKey);
    }

    [Test]
    public void Compute_CausalSquare_LastKeyOnlyVisibleToLastQuery()
    {
        // Changing the last key/value row must change only the last query row when causal and Lq = Lk.
        var shape = new AttentionShape(1, 1, 1, 12, 12, 6);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 720);
        var options = new AttentionOptions { IsCausal = true };
        float[] before = Run(q, k, v, shape, options);
        for (int x = 0; x < 6; x++)
        {
            k[(11 * 6) + x] += 3f;
            v[(11 * 6) + x] -= 5f;
        }

        float[] after = Run(q, k, v, shape, options);

        // Mathematically identical; allow float32 rounding in case a shift is chosen over raw (unmasked) scores.
        Assert.That(after.AsSpan(0, 11 * 6).ToArray(), Is.EqualTo(before.AsSpan(0, 11 * 6).ToArray()).Within(1e-5f));
        Assert.That(after.AsSpan(11 * 6).ToArray(), Is.Not.EqualTo(before.AsSpan(11 * 6).ToArray()));
    }

    [Test]
    public void Compute_GroupedQueryAttention_EqualsMultiHeadWithRepeatedKeysAndValues()
    {
        // GQA with Hkv = 2, Hq = 8 is MHA where kv head g is repeated for query heads 4g..4g+3.
        const int B = 2, Hq = 8, Hkv = 2, Lq = 21, Lk = 34, D = 24;
        (float[] q, float[] k, float[] v) = Inputs(new AttentionShape(B, Hq, Hkv, Lq, Lk, D), seed: 730);
        float[] kRepeated = new float[B * Hq * Lk * D], vRepeated = new float[B * Hq * Lk * D];
        for (int b = 0; b < B; b++)
        {
            for (int h = 0; h < Hq; h++)
            {
                Array.Copy(k, ((b * Hkv) + (h / 4)) * Lk * D, kRepeated, ((b * Hq) + h) * Lk * D, Lk * D);
                Array.Copy(v, ((b * Hkv) + (h / 4)) * Lk * D, vRepeated, ((b * Hq) + h) * Lk * D, Lk * D);
            }
        }

        var options = new AttentionOptions { IsCausal = true };
        float[] grouped = Run(q, k, v, new AttentionShape(B, Hq, Hkv, Lq, Lk, D), options);
        float[] repeated = Run(q, kRepeated, vRepeated, new AttentionShape(B, Hq, Hq, Lq, Lk, D), options);
        ReferenceResult reference = AttentionReference.Compute(q, k, v, B, Hq, Hkv, Lq, Lk, D, isCausal: true);

        AssertClose(grouped, AttentionReference.Widen(repeated), 2 * reference.Tolerance, Bhid(Hq, Lq, D));
        AssertClose(grouped, reference.Output, reference.Tolerance, Bhid(Hq, Lq, D));
    }

    public static IEnumerable<AttentionCase> ParallelShapes()
    {
        yield return new AttentionCase(2, 4, 2, 130, 130, 65, Causal: false, MaskKind.PerBatch, Seed: 800);
        yield return new AttentionCase(2, 4, 2, 130, 130, 65, Causal: true, Seed: 801);
        yield return new AttentionCase(1, 1, 1, 517, 300, 64, Causal: true, MaskKind.Broadcast, Seed: 802);
        yield return new AttentionCase(1, 8, 1, 1, 2049, 128, Causal: false, Seed: 803);
        yield return new AttentionCase(3, 8, 2, 7, 300, 3, Causal: true, Seed: 804);
    }

    [TestCaseSource(nameof(ParallelShapes))]
    public void Compute_IsBitIdenticalAcrossDegreesOfParallelism(AttentionCase c)
    {
        (float[] q, float[] k, float[] v) = Inputs(c);
        float[]? mask = Mask(c.Mask, c.B, c.Lq, c.Lk, c.Seed + 1);
        int[] RunBits(int parallelism) => Bits(Run(q, k, v, c.Shape, new AttentionOptions
        {
            IsCausal = c.Causal,
            AdditiveMask = mask ?? ReadOnlyMemory<float>.Empty,
            MaxDegreeOfParallelism = parallelism,
        }));

        int[] serial = RunBits(1);
        Assert.That(RunBits(2), Is.EqualTo(serial), "MaxDegreeOfParallelism = 2");
        Assert.That(RunBits(-1), Is.EqualTo(serial), "MaxDegreeOfParallelism = -1");
        Assert.That(RunBits(3), Is.EqualTo(serial), "MaxDegreeOfParallelism = 3");
        Assert.That(RunBits(16), Is.EqualTo(serial), "MaxDegreeOfParallelism = 16, more than the cores");
        Assert.That(RunBits(-1), Is.EqualTo(serial), "a second run with all cores");
    }

    [Test]
    public void Compute_NullOptions_MatchesDefaultOptions()
    {
        var shape = new AttentionShape(2, 2, 1, 15, 15, 10);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 810);

        Assert.That(Bits(Run(q, k, v, shape, null)), Is.EqualTo(Bits(Run(q, k, v, shape, AttentionOptions.Default))));
    }

    [Test]
    public void Compute_DoesNotModifyItsInputs()
    {
        var shape = new AttentionShape(2, 4, 2, 11, 13, 7);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 820);
        float[] mask = Mask(11 * 13, seed: 821);
        int[] q0 = Bits(q), k0 = Bits(k), v0 = Bits(v), m0 = Bits(mask);

        Run(q, k, v, shape, new AttentionOptions { AdditiveMask = mask, IsCausal = true });

        Assert.That(Bits(q), Is.EqualTo(q0));
        Assert.That(Bits(k), Is.EqualTo(k0));
        Assert.That(Bits(v), Is.EqualTo(v0));
        Assert.That(Bits(mask), Is.EqualTo(m0));
    }

    /// <summary>Head dimensions past the common 64/128 and long key rows for single queries (the decode path).</summary>
    public static IEnumerable<AttentionCase> WideAndLong()
    {
        foreach (int d in new[] { 129, 192, 255, 256, 257, 320, 512 })
        {
            yield return new AttentionCase(1, 2, 1, 9, 70, d, Causal: d % 2 == 0, Seed: 900 + d);
            yield return new AttentionCase(1, 1, 1, 1, 300, d, Causal: false, MaskKind.Broadcast, Seed: 950 + d);
        }

        yield return new AttentionCase(1, 8, 1, 1, 4097, 128, Causal: true, Seed: 990);
        yield return new AttentionCase(2, 4, 2, 3, 2500, 64, Causal: true, MaskKind.PerBatch, Seed: 991);
        yield return new AttentionCase(1, 2, 2, 8, 1500, 65, Causal: false, Seed: 992);
        yield return new AttentionCase(1, 2, 2, 9, 1500, 63, Causal: true, Seed: 993);
    }

    [TestCaseSource(nameof(WideAndLong))]
    public void Compute_WideHeadsAndLongKeyRows_MatchReference(AttentionCase c) => AssertMatchesReference(c);

    [Test]
    public void Compute_MaskAsASliceOfALargerBuffer_UsesTheSlice()
    {
        // AdditiveMask is a ReadOnlyMemory: a slice at an offset must be read from its own start.
        const int B = 2, Hq = 2, Hkv = 1, Lq = 6, Lk = 11, D = 8;
        var shape = new AttentionShape(B, Hq, Hkv, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 1100);
        float[] mask = Mask(Lq * Lk, seed: 1101, maskedFraction: 0.3);
        float[] padded = Filled((Lq * Lk) + 13, float.NegativeInfinity);
        mask.CopyTo(padded, 7);

        float[] output = Run(q, k, v, shape, new AttentionOptions { AdditiveMask = padded.AsMemory(7, Lq * Lk) });

        ReferenceResult reference = AttentionReference.Compute(q, k, v, B, Hq, Hkv, Lq, Lk, D, mask: mask);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, Lq, D), reference.NoVisibleKey);
    }

    [Test]
    public void Compute_InputsAsSlicesOfLargerBuffers_AreReadFromTheirStart()
    {
        var shape = new AttentionShape(1, 2, 1, 7, 9, 5);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 1110);
        float[] big = Gaussian(1000, seed: 1111);
        q.CopyTo(big, 3);
        k.CopyTo(big, 200);
        v.CopyTo(big, 400);
        float[] outputBuffer = Filled(600, Sentinel);

        ScaledDotProductAttention.Compute(big.AsSpan(3, q.Length), big.AsSpan(200, k.Length), big.AsSpan(400, v.Length),
            outputBuffer.AsSpan(501, q.Length), shape);

        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, 2, 1, 7, 9, 5);
        AssertClose(outputBuffer.AsSpan(501, q.Length), reference.Output, reference.Tolerance, Bhid(2, 7, 5));
        Assert.That(outputBuffer.AsSpan(0, 501).ToArray(), Is.All.EqualTo(Sentinel), "nothing written before the output slice");
        Assert.That(outputBuffer.AsSpan(501 + q.Length).ToArray(), Is.All.EqualTo(Sentinel), "nothing written after it");
    }

    [Test]
    public void Compute_HuggingFaceStyleMinValueMask_IsAFiniteShift_NotAHole()
    {
        // Many models mask with float.MinValue (finfo.min), not −∞. It is a finite additive term: a row whose
        // every entry is float.MinValue is shifted uniformly, so its softmax is the plain softmax of the logits'
        // (rounded-away) differences — in exact arithmetic the mean of V; rows mixing it with 0 ignore those keys.
        const int Lq = 4, Lk = 12, D = 6;
        var shape = new AttentionShape(1, 1, 1, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 1120);
        float[] mask = new float[Lq * Lk];
        Array.Fill(mask, float.MinValue, 0, Lk);            // row 0: every key at float.MinValue
        Array.Fill(mask, float.MinValue, Lk + 5, Lk - 5);   // row 1: keys 5.. hidden by float.MinValue

        float[] output = Run(q, k, v, shape, new AttentionOptions { AdditiveMask = mask });

        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, 1, 1, Lq, Lk, D, mask: mask);
        Assert.That(output.All(float.IsFinite), Is.True);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(1, Lq, D));
    }

    [Test]
    public void Compute_NaNInOneMaskEntry_PoisonsOnlyThatRow()
    {
        const int B = 2, Hq = 2, Lq = 5, Lk = 8, D = 4;
        var shape = new AttentionShape(B, Hq, 1, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 1130);
        float[] mask = Mask(B * Lq * Lk, seed: 1131, maskedFraction: 0);
        mask[(((1 * Lq) + 2) * Lk) + 6] = float.NaN; // batch 1, query 2, key 6

        float[] output = Run(q, k, v, shape, new AttentionOptions { AdditiveMask = mask });

        ReferenceResult reference = AttentionReference.Compute(q, k, v, B, Hq, 1, Lq, Lk, D, mask: mask);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, Lq, D));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Compute_NaNValueInALaterKeyBlock_LeavesTheRowsThatDoNotSeeItAsWithoutIt(int threads)
    {
        // 128 keys: the NaN sits in the second block of 64, where the running maxima of the rows that do not see it
        // (causally hidden) still change; their output must equal the output without the NaN.
        const int L = 128, D = 16;
        var shape = new AttentionShape(1, 1, 1, L, L, D);
        var random = new Random(31);
        float[] q = [.. Enumerable.Range(0, L * D).Select(_ => (float)((random.NextDouble() * 6) - 3))];
        float[] k = [.. Enumerable.Range(0, L * D).Select(_ => (float)((random.NextDouble() * 6) - 3))];
        float[] v = [.. Enumerable.Range(0, L * D).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        var options = new AttentionOptions { IsCausal = true, MaxDegreeOfParallelism = threads };
        float[] clean = new float[L * D];
        ScaledDotProductAttention.Compute(q, k, v, clean, shape, options);

        v[(127 * D) + 3] = float.NaN;
        float[] poisoned = new float[L * D];
        ScaledDotProductAttention.Compute(q, k, v, poisoned, shape, options);

        for (int i = 0; i < 127; i++)
        {
            for (int x = 0; x < D; x++)
            {
                Assert.That(poisoned[(i * D) + x], Is.EqualTo(clean[(i * D) + x]).Within(1e-5), $"row {i}, column {x}");
            }
        }

        Assert.That(poisoned.Skip(127 * D).Any(float.IsNaN), Is.True, "the last row sees the NaN");
    }

    [TestCase(float.NaN, 1)]
    [TestCase(float.PositiveInfinity, 1)]
    [TestCase(float.NegativeInfinity, 2)]
    public void Compute_NonFiniteValueInADecodeTile_LeavesTheRowsThatDoNotSeeItAsWithoutIt(float poison, int threads)
    {
        // Decode-sized tiles (a few rows: 2 queries × 4 query heads per key/value head) check their output after each
        // block instead of scanning the value block: the last key is hidden from query 0 (causal, Lq = 2), so query 0's
        // rows must equal the clean run (up to rounding: the poisoned block takes the term-by-term path), and query 1's
        // poisoned column must not be finite while its other columns stay as they were.
        const int Lq = 2, Lk = 200, D = 32;
        var shape = new AttentionShape(1, 8, 2, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 77);
        var options = new AttentionOptions { IsCausal = true, MaxDegreeOfParallelism = threads };
        float[] clean = Run(q, k, v, shape, options);

        for (int kv = 0; kv < 2; kv++)
        {
            v[(((kv * Lk) + Lk - 1) * D) + 5] = poison;
        }

        float[] poisoned = Run(q, k, v, shape, options);

        for (int h = 0; h < 8; h++)
        {
            int row0 = ((h * Lq) + 0) * D, row1 = ((h * Lq) + 1) * D;
            for (int x = 0; x < D; x++)
            {
                Assert.That(poisoned[row0 + x], Is.EqualTo(clean[row0 + x]).Within(1e-5), $"head {h}, query 0, column {x}");
            }

            Assert.That(float.IsFinite(poisoned[row1 + 5]), Is.False, $"head {h}, query 1 sees the poisoned value");
            Assert.That(poisoned[row1 + 4], Is.EqualTo(clean[row1 + 4]).Within(1e-5), $"head {h}, query 1, another column");
        }
    }

    [TestCase("key")]
    [TestCase("value")]
    public void Compute_NaNInAKeyOrValueRow_ReachesOnlyTheQueriesThatSeeIt(string tensor)
    {
        // Causal, Lq = Lk = 20: query i sees keys j ≤ i, so key 10 is not in the sum of queries 0..9 and cannot
        // affect them; their rows must stay finite, while queries 10..19 must be NaN. A hidden NaN must not leak in
        // through 0·NaN. (Only causal is checked: with an additive −∞ mask the contract's formula literally adds
        // NaN + −∞ = NaN to the logit, so there the "affected" outputs are debatable.)
        const int L = 20, D = 16, J = 10;
        var shape = new AttentionShape(1, 2, 1, L, L, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 1140);
        (tensor == "key" ? k : v)[(J * D) + 3] = float.NaN;

        float[] output = Run(q, k, v, shape, new AttentionOptions { IsCausal = true });

        for (int h = 0; h < 2; h++)
        {
            for (int i = 0; i < L; i++)
            {
                float[] row = output.AsSpan(((h * L) + i) * D, D).ToArray();
                if (i < J)
                {
                    Assert.That(row.All(float.IsFinite), Is.True, $"h={h}: query {i} does not see key {J}, but its row is [{string.Join(", ", row)}]");
                }
                else
                {
                    Assert.That(row.Any(float.IsNaN), Is.True, $"h={h}: query {i} sees key {J}");
                }
            }
        }
    }

    [Test]
    public void Compute_ConcurrentCallers_EachGetTheirOwnSerialResult()
    {
        // The method is documented thread-safe; callers on several threads (some from inside a busy pool) must
        // neither block each other forever nor see each other's data.
        AttentionCase[] cases =
        [
            new(1, 4, 2, 130, 130, 64, Causal: true, Seed: 1200),
            new(2, 2, 1, 65, 300, 33, Causal: false, MaskKind.PerBatch, Seed: 1201),
            new(1, 8, 1, 1, 2049, 128, Causal: false, Seed: 1202),
            new(3, 2, 2, 40, 17, 7, Causal: true, MaskKind.Broadcast, Seed: 1203),
        ];
        var serial = new int[cases.Length][];
        for (int n = 0; n < cases.Length; n++)
        {
            (float[] q, float[] k, float[] v) = Inputs(cases[n]);
            float[]? mask = Mask(cases[n].Mask, cases[n].B, cases[n].Lq, cases[n].Lk, cases[n].Seed + 1);
            serial[n] = Bits(Run(q, k, v, cases[n].Shape, new AttentionOptions
            {
                IsCausal = cases[n].Causal,
                AdditiveMask = mask ?? ReadOnlyMemory<float>.Empty,
                MaxDegreeOfParallelism = 1,
            }));
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        bool finished = Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 6 }, r =>
        {
            int n = r % cases.Length;
            (float[] q, float[] k, float[] v) = Inputs(cases[n]);
            float[]? mask = Mask(cases[n].Mask, cases[n].B, cases[n].Lq, cases[n].Lk, cases[n].Seed + 1);
            int[] bits = Bits(Run(q, k, v, cases[n].Shape, Options(cases[n], mask)));
            if (!bits.AsSpan().SequenceEqual(serial[n]))
            {
                failures.Add($"run {r}: {cases[n]}");
            }
        }).IsCompleted;

        Assert.That(finished, Is.True);
        Assert.That(failures, Is.Empty);
    }

    // ---- FsCheck properties ----

    private static Arbitrary<AttentionCase> SmallCases() => Arb.From(
        from b in Gen.Choose(1, 3)
        from hkv in Gen.Choose(1, 3)
        from g in Gen.Choose(1, 3)
        from lq in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(10, 70))
        from lk in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(10, 70))
        from d in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(10, 80))
        from causal in Gen.Elements(false, true)
        from mask in Gen.Elements(MaskKind.None, MaskKind.Broadcast, MaskKind.PerBatch)
        from seed in Gen.Choose(0, int.MaxValue)
        select new AttentionCase(b, hkv * g, hkv, lq, lk, d, causal, mask, seed),
        Shrink);

    private static IEnumerable<AttentionCase> Shrink(AttentionCase c)
    {
        if (c.Mask != MaskKind.None)
        {
            yield return c with { Mask = MaskKind.None };
        }

        if (c.B > 1)
        {
            yield return c with { B = 1 };
        }

        if (c.Hq > c.Hkv)
        {
            yield return c with { Hq = c.Hkv };
        }

        if (c.Lq > 1)
        {
            yield return c with { Lq = c.Lq / 2 };
        }

        if (c.Lk > 1)
        {
            yield return c with { Lk = c.Lk / 2 };
        }

        if (c.D > 1)
        {
            yield return c with { D = c.D / 2 };
        }
    }

    [FsCheck.NUnit.Property(MaxTest = 150, Replay = Replay)]
    public Property Compute_RandomSmallShapes_MatchReference() =>
        Prop.ForAll(SmallCases(), c =>
        {
            (float[] q, float[] k, float[] v) = Inputs(c);
            float[]? mask = Mask(c.Mask, c.B, c.Lq, c.Lk, c.Seed + 1);
            float[] output = Run(q, k, v, c.Shape, Options(c, mask));
            ReferenceResult reference = AttentionReference.Compute(q, k, v, c.B, c.Hq, c.Hkv, c.Lq, c.Lk, c.D,
                c.Scale, c.Causal, mask);
            double worst = 0;
            bool zerosExact = true;
            for (int i = 0; i < output.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(output[i] - reference.Output[i]));
                zerosExact &= !reference.NoVisibleKey[i] || output[i] == 0f;
            }

            return (worst <= reference.Tolerance && zerosExact)
                .Label($"{c}: max |error| = {worst:E3} (tolerance {reference.Tolerance:E3}), exact zeros: {zerosExact}");
        });

    [FsCheck.NUnit.Property(MaxTest = 150, Replay = Replay)]
    public Property Compute_WithUnitValues_OutputsOneWhereAKeyIsVisibleAndZeroElsewhere() =>
        Prop.ForAll(SmallCases(), c =>
        {
            // The softmax weights of a row sum to 1, so with V = 1 each row with a visible key outputs exactly Σp = 1
            // (up to float32 summation over Lk terms); a row with none outputs 0.
            (float[] q, float[] k, _) = Inputs(c);
            float[] v = Filled(c.B * c.Hkv * c.Lk * c.D, 1f);
            float[]? mask = Mask(c.Mask, c.B, c.Lq, c.Lk, c.Seed + 1, maskedFraction: 0.5);
            float[] output = Run(q, k, v, c.Shape, Options(c, mask));
            ReferenceResult reference = AttentionReference.Compute(q, k, v, c.B, c.Hq, c.Hkv, c.Lq, c.Lk, c.D,
                c.Scale, c.Causal, mask);
            for (int i = 0; i < output.Length; i++)
            {
                bool ok = reference.NoVisibleKey[i] ? output[i] == 0f : Math.Abs(output[i] - 1) <= 1e-5;
                if (!ok)
                {
                    return false.Label($"{c}: {Bhid(c.Hq, c.Lq, c.D)(i)} = {output[i]:R}, visible key: {!reference.NoVisibleKey[i]}");
                }
            }

            return true.ToProperty();
        });

    // ---- Validation ----

    private static readonly AttentionShape Valid = new(2, 4, 2, 3, 5, 4);

    private static (float[] Q, float[] K, float[] V, float[] Output) ValidBuffers(AttentionShape shape) =>
        (Gaussian(shape.QueryElementCount, 1), Gaussian(shape.KeyValueElementCount, 2), Gaussian(shape.KeyValueElementCount, 3),
            Filled(shape.QueryElementCount, Sentinel));

    [TestCase("query", -1)]
    [TestCase("query", 1)]
    [TestCase("key", -1)]
    [TestCase("key", 1)]
    [TestCase("value", -1)]
    [TestCase("value", 1)]
    [TestCase("output", -1)]
    [TestCase("output", 1)]
    public void Compute_WrongSpanLength_ThrowsNamingExpectedAndActual_WritesNothing(string parameter, int delta)
    {
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(Valid);
        long expected = parameter is "query" or "output" ? Valid.QueryElementCount : Valid.KeyValueElementCount;
        float[] Resize(float[] a, string name) => name == parameter ? Filled(a.Length + delta, Sentinel) : a;
        q = Resize(q, "query");
        k = Resize(k, "key");
        v = Resize(v, "value");
        output = Resize(output, "output");

        var e = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Compute(q, k, v, output, Valid));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
        Assert.That(e.Message, Does.Contain(expected.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(e.Message, Does.Contain((expected + delta).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (parameter != "output")
        {
            Assert.That(output, Is.All.EqualTo(Sentinel));
        }
    }

    [Test]
    public void Compute_ElementCountsBeyondInt32_AreNotWrappedIntoAMatch()
    {
        // B·Hq·Lq·D = 2³² + 16: a 32-bit product would wrap to 16 and accept these 16-element spans.
        var shape = new AttentionShape(1, 1, 1, 268_435_457, 268_435_457, 16);
        Assert.That(shape.QueryElementCount, Is.EqualTo(4_294_967_312L));
        Assert.That(shape.KeyValueElementCount, Is.EqualTo(4_294_967_312L));
        float[] q = Gaussian(16, 1), k = Gaussian(16, 2), v = Gaussian(16, 3), output = Filled(16, Sentinel);

        var e = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Compute(q, k, v, output, shape));

        Assert.That(e.ParamName, Is.AnyOf("query", "key", "value", "output"));
        Assert.That(e.Message, Does.Contain("4294967312"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    public static IEnumerable<TestCaseData> NonPositiveDimensions()
    {
        string[] fields = ["Batch", "QueryHeads", "KeyValueHeads", "QueryLength", "KeyLength", "HeadDimension"];
        foreach (string field in fields)
        {
            foreach (int bad in new[] { 0, -1, int.MinValue })
            {
                yield return new TestCaseData(field, bad).SetArgDisplayNames(field, bad.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    internal static AttentionShape With(AttentionShape shape, string field, int value) => field switch
    {
        "Batch" => shape with { Batch = value },
        "QueryHeads" => shape with { QueryHeads = value },
        "KeyValueHeads" => shape with { KeyValueHeads = value },
        "QueryLength" => shape with { QueryLength = value },
        "KeyLength" => shape with { KeyLength = value },
        "HeadDimension" => shape with { HeadDimension = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [TestCaseSource(nameof(NonPositiveDimensions))]
    public void Compute_NonPositiveDimension_ThrowsOutOfRangeForShape_WritesNothing(string field, int bad)
    {
        // Buffers sized for the valid shape, so that only the dimension is wrong.
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(Valid);
        AttentionShape shape = With(Valid, field, bad);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ScaledDotProductAttention.Compute(q, k, v, output, shape));

        Assert.That(e.ParamName, Is.EqualTo("shape"));
        Assert.That(e.Message, Does.Contain(field));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(3, 2)]
    [TestCase(2, 4)]
    [TestCase(6, 4)]
    [TestCase(8, 3)]
    public void Compute_QueryHeadsNotAMultipleOfKeyValueHeads_ThrowsForShape_WritesNothing(int hq, int hkv)
    {
        var shape = new AttentionShape(1, hq, hkv, 3, 5, 4);
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(shape);

        var e = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Compute(q, k, v, output, shape));

        Assert.That(e.ParamName, Is.EqualTo("shape"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [Test]
    public void Compute_MaskLengthCheck_IsNotWrappedIn32Bits()
    {
        // Lq·Lk = 65536·65537 = 2³² + 65536, which a 32-bit product would wrap to 65536, the length passed here.
        var shape = new AttentionShape(1, 1, 1, 65536, 65537, 1);
        float[] output = Filled(65536, Sentinel);
        var options = new AttentionOptions { AdditiveMask = new float[65536] };

        var e = Assert.Throws<ArgumentException>(() =>
            ScaledDotProductAttention.Compute(new float[65536], new float[65537], new float[65537], output, shape, options));

        Assert.That(e.ParamName, Is.EqualTo("options"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(1)]
    [TestCase(14)]
    [TestCase(16)]
    [TestCase(29)]
    [TestCase(31)]
    [TestCase(45)]
    public void Compute_MaskOfWrongLength_ThrowsForOptions_WritesNothing(int maskLength)
    {
        // Valid lengths for B = 2, Lq = 3, Lk = 5 are 15 ([Lq, Lk]) and 30 ([B, 1, Lq, Lk]).
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(Valid);
        var options = new AttentionOptions { AdditiveMask = Filled(maskLength, 0f) };

        var e = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Compute(q, k, v, output, Valid, options));

        Assert.That(e.ParamName, Is.EqualTo("options"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(15)]
    [TestCase(30)]
    public void Compute_MaskOfEitherValidLength_IsAccepted(int maskLength)
    {
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(Valid);
        float[] mask = Mask(maskLength, seed: 5);
        var options = new AttentionOptions { AdditiveMask = mask };

        ScaledDotProductAttention.Compute(q, k, v, output, Valid, options);

        ReferenceResult reference = AttentionReference.Compute(q, k, v, 2, 4, 2, 3, 5, 4, mask: mask);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(4, 3, 4), reference.NoVisibleKey);
    }

    [TestCase(0)]
    [TestCase(-2)]
    [TestCase(int.MinValue)]
    public void Compute_BadDegreeOfParallelism_ThrowsOutOfRangeForOptions_WritesNothing(int parallelism)
    {
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(Valid);
        var options = new AttentionOptions { MaxDegreeOfParallelism = parallelism };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ScaledDotProductAttention.Compute(q, k, v, output, Valid, options));

        Assert.That(e.ParamName, Is.EqualTo("options"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void Compute_NonFiniteScale_ThrowsOutOfRangeForOptions_WritesNothing(float scale)
    {
        (float[] q, float[] k, float[] v, float[] output) = ValidBuffers(Valid);
        var options = new AttentionOptions { Scale = scale };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ScaledDotProductAttention.Compute(q, k, v, output, Valid, options));

        Assert.That(e.ParamName, Is.EqualTo("options"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    // ---- Helpers ----

    internal static (float[] Q, float[] K, float[] V) Inputs(AttentionShape shape, int seed) =>
        (Gaussian(shape.QueryElementCount, seed), Gaussian(shape.KeyValueElementCount, seed + 7919),
            Gaussian(shape.KeyValueElementCount, seed + 15_485_863));

    private static (float[] Q, float[] K, float[] V) Inputs(AttentionCase c) => Inputs(c.Shape, c.Seed);

    private static AttentionOptions Options(AttentionCase c, float[]? mask) => new()
    {
        IsCausal = c.Causal,
        Scale = c.Scale,
        AdditiveMask = mask ?? ReadOnlyMemory<float>.Empty,
    };

    internal static float[] Run(float[] q, float[] k, float[] v, AttentionShape shape, AttentionOptions? options)
    {
        float[] output = Filled(shape.QueryElementCount, Sentinel);
        ScaledDotProductAttention.Compute(q, k, v, output, shape, options);
        return output;
    }

    private static void AssertMatchesReference(AttentionCase c)
    {
        (float[] q, float[] k, float[] v) = Inputs(c);
        float[]? mask = Mask(c.Mask, c.B, c.Lq, c.Lk, c.Seed + 1);

        float[] output = Run(q, k, v, c.Shape, Options(c, mask));

        ReferenceResult reference = AttentionReference.Compute(q, k, v, c.B, c.Hq, c.Hkv, c.Lq, c.Lk, c.D, c.Scale, c.Causal, mask);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(c.Hq, c.Lq, c.D), reference.NoVisibleKey);
    }
}
