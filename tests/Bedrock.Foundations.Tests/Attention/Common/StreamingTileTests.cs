using Bedrock.Foundations.Attention;
using Bedrock.Foundations.Attention.Common;
using static Bedrock.Foundations.Tests.Attention.AttentionTestData;
using static Bedrock.Foundations.Tests.Attention.ScaledDotProductAttentionTests;

namespace Bedrock.Foundations.Tests.Attention.Common;

/// <summary>
/// The streaming tile (<see cref="StreamingTile"/>): tiles of at most 8 query rows (query heads of a group × query tokens)
/// whose head dimension is a multiple of 16 — a decode step — read K and V once, in chunks of
/// <see cref="StreamingTile.Chunk"/> keys, with the rows in sets of four and the value passes shaped by D. These tests
/// drive it through <see cref="ScaledDotProductAttention.Compute"/> and <see cref="KeyValueCache.Attend"/> with every row
/// count, head dimensions on both sides of one pass (≤ 256) and of column panels (&gt; 256, including widths that are
/// not a multiple of 256), and key lengths around the chunk and block edges, against the double-precision reference.
/// Without AVX-512 the same calls take the portable path and must give the same answers (CI runs them so too).
/// </summary>
[TestFixture]
public sealed class StreamingTileTests
{
    private const int Chunk = StreamingTile.Chunk;

    /// <summary>(Hq, Hkv, Lq) giving each row count 1..8 in a tile: G query heads × Lq tokens.</summary>
    private static readonly (int Hq, int Hkv, int Lq)[] RowShapes =
    [
        (2, 2, 1), // 1 row
        (4, 2, 1), // 2
        (3, 1, 1), // 3
        (8, 2, 1), // 4: the Llama/Mistral decode group
        (5, 1, 1), // 5: two sets of four, the second partial
        (2, 1, 3), // 6 = 2 heads × 3 tokens
        (7, 1, 1), // 7
        (8, 1, 1), // 8: Llama-70B's group
    ];

    /// <summary>Every row count × head dimensions from one vector to 32, cycling key lengths around the chunk edges.</summary>
    public static IEnumerable<TestCaseData> RowsAndHeadDimensions()
    {
        int[] dims = [16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 240, 256, 272, 320, 384, 512];
        int[] lengths = [1, 2, 3, 4, 5, 15, 16, 17, Chunk - 1, Chunk, Chunk + 1, (2 * Chunk) + 3, (3 * Chunk) - 5];
        int n = 0;
        foreach ((int hq, int hkv, int lq) in RowShapes)
        {
            foreach (int d in dims)
            {
                int lk = Math.Max(lengths[n % lengths.Length], lq);
                var mask = (MaskKind)(n % 3);
                bool causal = n % 2 == 1;
                yield return new TestCaseData(new AttentionCase(n % 4 == 0 ? 2 : 1, hq, hkv, lq, lk, d, causal, mask, Seed: 900 + n))
                    .SetArgDisplayNames($"rows={hq / hkv * lq} D={d} Lk={lk}{(causal ? " causal" : string.Empty)} mask={mask}");
                n++;
            }
        }
    }

    [TestCaseSource(nameof(RowsAndHeadDimensions))]
    public void Compute_EveryRowCountAndHeadDimension_MatchesReference(AttentionCase c)
    {
        Assert.That(StreamingTile.Fits(c.Hq / c.Hkv * c.Lq, c.D), Is.True, "the case must take the streaming tile");
        AssertMatchesReference(c);
    }

    /// <summary>The decode shape's group (4 rows, D = 128) at every key length around the chunk edges and the 16-key blocks.</summary>
    public static IEnumerable<TestCaseData> KeyLengthsAroundChunkEdges()
    {
        IEnumerable<int> lengths = Enumerable.Range(1, 9)
            .Concat(Enumerable.Range(Chunk - 5, 11))
            .Concat(Enumerable.Range((2 * Chunk) - 3, 7))
            .Concat([(3 * Chunk) + 16, (3 * Chunk) + 17, 1000]);
        foreach (int lk in lengths)
        {
            yield return new TestCaseData(new AttentionCase(1, 8, 2, 1, lk, 128, Causal: false, Seed: lk))
                .SetArgDisplayNames($"Lk={lk}");
            yield return new TestCaseData(new AttentionCase(1, 4, 1, 2, lk + 1, 128, Causal: true, MaskKind.Broadcast, Seed: 5000 + lk))
                .SetArgDisplayNames($"Lk={lk + 1} Lq=2 causal mask");
        }
    }

    [TestCaseSource(nameof(KeyLengthsAroundChunkEdges))]
    public void Compute_KeyLengthsAroundChunkEdges_MatchReference(AttentionCase c) => AssertMatchesReference(c);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Compute_LogitsGrowingAcrossChunks_RescaleEarlierChunks(int threads)
    {
        // Each chunk's keys score higher than the last chunk's, so every chunk raises the running maximum and the
        // output accumulated so far must be rescaled by e^(m_old − m_new) — with logits up to ~300, where a missed
        // rescale is off by orders of magnitude.
        const int Hq = 8, Hkv = 2, Lk = (3 * Chunk) + 40, D = 64;
        var shape = new AttentionShape(1, Hq, Hkv, 1, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 4242);
        float[] u = Gaussian(D, seed: 4243);
        double norm = Math.Sqrt(u.Sum(x => (double)x * x));
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = (float)(40 * u[i % D] / norm) + (0.1f * q[i]); // every query ≈ 40·û
        }

        for (int h = 0; h < Hkv; h++)
        {
            for (int j = 0; j < Lk; j++)
            {
                float along = 60f * j / Lk; // key j ≈ (60·j/Lk)·û: the logits climb to ≈ 300 from chunk to chunk
                for (int x = 0; x < D; x++)
                {
                    int at = (((h * Lk) + j) * D) + x;
                    k[at] = (float)(along * u[x] / norm) + (0.1f * k[at]);
                }
            }
        }

        float[] output = Run(q, k, v, shape, new AttentionOptions { MaxDegreeOfParallelism = threads });

        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, Hq, Hkv, 1, Lk, D);
        Assert.That(reference.MaxAbsLogit, Is.GreaterThan(100), "the logits must be large for the test to mean something");
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, 1, D), reference.NoVisibleKey);
    }

    [TestCase(float.NaN, 5)]
    [TestCase(float.NaN, Chunk + 7)]
    [TestCase(float.PositiveInfinity, (2 * Chunk) + 3)]
    [TestCase(float.NegativeInfinity, Chunk - 1)]
    public void Compute_NonFiniteValue_ReachesOnlyTheRowsThatSeeItsKey_InEveryLaterChunk(float poison, int key)
    {
        // Lq = 2 tokens × 4 query heads per key/value head: rows of token 0 have key `key` masked out (−∞), rows of token
        // 1 see it. Token 0's rows must equal the clean run (to rounding), and stay so through the chunks after the
        // poisoned one (which the tile then adds term by term); token 1's rows must carry the poison in its column only.
        const int Hq = 8, Hkv = 2, Lq = 2, Lk = (3 * Chunk) + 9, D = 32;
        var shape = new AttentionShape(1, Hq, Hkv, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 61);
        float[] mask = Filled(Lq * Lk, 0f);
        mask[key] = float.NegativeInfinity; // row 0 does not see the key
        var options = new AttentionOptions { AdditiveMask = mask };
        float[] clean = Run(q, k, v, shape, options);
        for (int h = 0; h < Hkv; h++)
        {
            v[(((h * Lk) + key) * D) + 5] = poison;
        }

        float[] poisoned = Run(q, k, v, shape, options);

        for (int h = 0; h < Hq; h++)
        {
            int row0 = ((h * Lq) + 0) * D, row1 = ((h * Lq) + 1) * D;
            for (int x = 0; x < D; x++)
            {
                Assert.That(poisoned[row0 + x], Is.EqualTo(clean[row0 + x]).Within(1e-5), $"head {h}, token 0, column {x}");
            }

            Assert.That(float.IsFinite(poisoned[row1 + 5]), Is.False, $"head {h}, token 1 sees the poisoned value");
            Assert.That(poisoned[row1 + 4], Is.EqualTo(clean[row1 + 4]).Within(1e-5), $"head {h}, token 1, another column");
        }
    }

    [Test]
    public void Compute_NaNQueryRow_StaysInItsRow()
    {
        const int Hq = 8, Hkv = 2, Lk = (2 * Chunk) + 5, D = 128;
        var shape = new AttentionShape(1, Hq, Hkv, 1, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 62);
        float[] clean = Run(q, k, v, shape, null);
        q[(2 * D) + 17] = float.NaN; // query head 2 (kv head 0, row 2 of its tile)

        float[] poisoned = Run(q, k, v, shape, null);

        for (int h = 0; h < Hq; h++)
        {
            float[] row = poisoned.AsSpan(h * D, D).ToArray();
            if (h == 2)
            {
                Assert.That(row.All(float.IsNaN), Is.True, "the NaN query's row");
            }
            else
            {
                Assert.That(row, Is.EqualTo(clean.AsSpan(h * D, D).ToArray()).Within(1e-6), $"head {h}");
            }
        }
    }

    [Test]
    public void Compute_RowMaskedEverywhere_IsZero_OthersMatchReference()
    {
        // Lq = 2: token 1 is masked from every key, across all chunks; its rows are exactly 0, token 0's are normal.
        const int Hq = 4, Hkv = 1, Lq = 2, Lk = (2 * Chunk) + 11, D = 64;
        var shape = new AttentionShape(1, Hq, Hkv, Lq, Lk, D);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 63);
        float[] mask = Filled(Lq * Lk, 0f);
        Array.Fill(mask, float.NegativeInfinity, Lk, Lk);

        float[] output = Run(q, k, v, shape, new AttentionOptions { AdditiveMask = mask });

        ReferenceResult reference = AttentionReference.Compute(q, k, v, 1, Hq, Hkv, Lq, Lk, D, mask: mask);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, Lq, D), reference.NoVisibleKey);
        for (int h = 0; h < Hq; h++)
        {
            Assert.That(output.AsSpan(((h * Lq) + 1) * D, D).ToArray(), Is.All.EqualTo(0f), $"head {h}, token 1");
        }
    }

    [TestCase(64)]
    [TestCase(128)]
    [TestCase(384)]
    public void Attend_DecodeStep_IsBitIdenticalToCompute_AndAcrossThreadCounts(int d)
    {
        // The cache reads K and V in place with a head stride of capacity·D; the tile must not care.
        const int B = 2, Hq = 12, Hkv = 3, Lk = Chunk + 50, Capacity = Chunk + 80;
        var shape = new AttentionShape(B, Hq, Hkv, 1, Lk, d);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 64 + d);
        var cache = new KeyValueCache(B, Hkv, d, Capacity);
        cache.Append(k, v, Lk);
        float[] expected = Run(q, k, v, shape, new AttentionOptions { MaxDegreeOfParallelism = 1 });

        foreach (int threads in new[] { 1, 2, 5, -1 })
        {
            float[] output = Filled(q.Length, Sentinel);
            cache.Attend(q, output, Hq, 1, new AttentionOptions { MaxDegreeOfParallelism = threads });
            Assert.That(Bits(output), Is.EqualTo(Bits(expected)), $"threads = {threads}");
        }
    }

    [Test]
    public void Compute_DecodeStep_DoesNotModifyItsInputs()
    {
        var shape = new AttentionShape(1, 8, 2, 1, Chunk + 3, 128);
        (float[] q, float[] k, float[] v) = Inputs(shape, seed: 65);
        int[] qBits = Bits(q), kBits = Bits(k), vBits = Bits(v);

        Run(q, k, v, shape, null);

        Assert.That(Bits(q), Is.EqualTo(qBits));
        Assert.That(Bits(k), Is.EqualTo(kBits));
        Assert.That(Bits(v), Is.EqualTo(vBits));
    }

    [TestCase(8, 128, ExpectedResult = true)]
    [TestCase(1, 16, ExpectedResult = true)]
    [TestCase(9, 128, ExpectedResult = false)]
    [TestCase(4, 100, ExpectedResult = false)]
    [TestCase(4, 1024, ExpectedResult = true)]
    public bool Fits_TakesAtMostEightRowsOfWholeVectors(int rows, int d) => StreamingTile.Fits(rows, d);

    private static void AssertMatchesReference(AttentionCase c)
    {
        (float[] q, float[] k, float[] v) = Inputs(c.Shape, c.Seed);
        float[]? mask = Mask(c.Mask, c.B, c.Lq, c.Lk, c.Seed + 1);
        var options = new AttentionOptions { IsCausal = c.Causal, AdditiveMask = mask ?? ReadOnlyMemory<float>.Empty };

        float[] output = Run(q, k, v, c.Shape, options);

        ReferenceResult reference = AttentionReference.Compute(q, k, v, c.B, c.Hq, c.Hkv, c.Lq, c.Lk, c.D, null, c.Causal, mask);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(c.Hq, c.Lq, c.D), reference.NoVisibleKey);
    }
}
