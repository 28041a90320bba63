using Bedrock.Foundations.Attention;
using static Bedrock.Foundations.Tests.Attention.AttentionTestData;

namespace Bedrock.Foundations.Tests.Attention;

/// <summary>
/// <see cref="KeyValueCache"/>: storage, capacity and validation, and decoding through it equals full-sequence causal
/// attention (checked against <see cref="ScaledDotProductAttention.Compute"/> and against the double reference).
/// </summary>
[TestFixture]
public sealed class KeyValueCacheTests
{
    [TestCase("batch", 0)]
    [TestCase("batch", -1)]
    [TestCase("keyValueHeads", 0)]
    [TestCase("keyValueHeads", -3)]
    [TestCase("headDimension", 0)]
    [TestCase("headDimension", int.MinValue)]
    [TestCase("capacity", 0)]
    [TestCase("capacity", -1)]
    public void Constructor_NonPositiveArgument_ThrowsOutOfRangeNamingIt(string parameter, int bad)
    {
        int Arg(string name, int ok) => name == parameter ? bad : ok;

        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _ = new KeyValueCache(Arg("batch", 2), Arg("keyValueHeads", 2), Arg("headDimension", 8), Arg("capacity", 16)));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
    }

    [Test]
    public void Constructor_StorageBeyondAnArray_IsRejectedUpFront()
    {
        // One (batch, head) holds capacity·D = 65537·65536 = 2³² + 65536 floats, more than any .NET array, and a
        // 32-bit product would wrap to 65536: the constructor must refuse rather than build a too-small store.
        Assert.That(() => _ = new KeyValueCache(1, 1, 65536, 65537),
            Throws.InstanceOf<ArgumentOutOfRangeException>().Or.InstanceOf<OutOfMemoryException>());
    }

    [Test]
    public void Constructor_SetsDimensions_AndStartsEmpty()
    {
        var cache = new KeyValueCache(batch: 3, keyValueHeads: 2, headDimension: 5, capacity: 17);

        Assert.That(cache.Batch, Is.EqualTo(3));
        Assert.That(cache.KeyValueHeads, Is.EqualTo(2));
        Assert.That(cache.HeadDimension, Is.EqualTo(5));
        Assert.That(cache.Capacity, Is.EqualTo(17));
        Assert.That(cache.Length, Is.Zero);
    }

    [Test]
    public void Append_StoresTokensInOrder_ForEveryBatchAndHead()
    {
        const int B = 2, H = 3, D = 4, L = 6;
        var cache = new KeyValueCache(B, H, D, capacity: 10);
        float[] keys = Gaussian(B * H * L * D, seed: 1), values = Gaussian(B * H * L * D, seed: 2);

        int start = 0;
        foreach (int tokens in new[] { 3, 1, 2 })
        {
            cache.Append(SliceTokens(keys, B, H, L, D, start, tokens), SliceTokens(values, B, H, L, D, start, tokens), tokens);
            start += tokens;
            Assert.That(cache.Length, Is.EqualTo(start));
        }

        for (int b = 0; b < B; b++)
        {
            for (int h = 0; h < H; h++)
            {
                int offset = ((b * H) + h) * L * D;
                Assert.That(cache.Keys(b, h).ToArray(), Is.EqualTo(keys.AsSpan(offset, L * D).ToArray()), $"keys b={b} h={h}");
                Assert.That(cache.Values(b, h).ToArray(), Is.EqualTo(values.AsSpan(offset, L * D).ToArray()), $"values b={b} h={h}");
            }
        }
    }

    [TestCase(0, 2)]
    [TestCase(2, 0)]
    [TestCase(-1, 0)]
    [TestCase(0, -1)]
    public void KeysAndValues_OutOfRangeIndex_Throw(int batch, int head)
    {
        // Without a check, (0, 2) would silently read the slab of (1, 0).
        var cache = new KeyValueCache(2, 2, 4, capacity: 4);
        cache.Append(Gaussian(16, 1), Gaussian(16, 2), 1);

        Assert.That(() => cache.Keys(batch, head).Length, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => cache.Values(batch, head).Length, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Append_CopiesTheInput()
    {
        var cache = new KeyValueCache(1, 1, 2, capacity: 4);
        float[] keys = [1f, 2f], values = [3f, 4f];

        cache.Append(keys, values, 1);
        keys[0] = 100f;
        values[0] = 100f;

        Assert.That(cache.Keys(0, 0).ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(cache.Values(0, 0).ToArray(), Is.EqualTo(new[] { 3f, 4f }));
    }

    [TestCase("keys", -1)]
    [TestCase("keys", 1)]
    [TestCase("values", -1)]
    [TestCase("values", 1)]
    public void Append_WrongLength_ThrowsNamingTheSpan_AppendsNothing(string parameter, int delta)
    {
        const int B = 2, H = 2, D = 3;
        var cache = new KeyValueCache(B, H, D, capacity: 8);
        cache.Append(Gaussian(B * H * D, 1), Gaussian(B * H * D, 2), 1);
        float[] keys = Gaussian((B * H * 2 * D) + (parameter == "keys" ? delta : 0), 3);
        float[] values = Gaussian((B * H * 2 * D) + (parameter == "values" ? delta : 0), 4);

        var e = Assert.Throws<ArgumentException>(() => cache.Append(keys, values, 2));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
        Assert.That(cache.Length, Is.EqualTo(1));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Append_NonPositiveTokens_Throws_AppendsNothing(int tokens)
    {
        var cache = new KeyValueCache(1, 1, 2, capacity: 4);

        Assert.That(() => cache.Append([], [], tokens), Throws.InstanceOf<ArgumentException>());
        Assert.That(cache.Length, Is.Zero);
    }

    [Test]
    public void Append_UpToCapacity_Succeeds()
    {
        var cache = new KeyValueCache(1, 2, 3, capacity: 5);

        cache.Append(Gaussian(2 * 3 * 2, 1), Gaussian(2 * 3 * 2, 2), 2);
        cache.Append(Gaussian(2 * 3 * 3, 3), Gaussian(2 * 3 * 3, 4), 3);

        Assert.That(cache.Length, Is.EqualTo(5));
    }

    [Test]
    public void Append_BeyondCapacity_ThrowsInvalidOperationWithTheNumbers_LengthAndContentsUnchanged()
    {
        const int B = 1, H = 2, D = 3, Capacity = 37, Filled = 29, Extra = 11;
        var cache = new KeyValueCache(B, H, D, Capacity);
        float[] keys = Gaussian(B * H * Filled * D, 1), values = Gaussian(B * H * Filled * D, 2);
        cache.Append(keys, values, Filled);
        float[] keysBefore = cache.Keys(0, 1).ToArray();

        var e = Assert.Throws<InvalidOperationException>(() =>
            cache.Append(Gaussian(B * H * Extra * D, 3), Gaussian(B * H * Extra * D, 4), Extra));

        Assert.That(e.Message, Does.Contain("37").And.Contain("29").And.Contain("11"));
        Assert.That(cache.Length, Is.EqualTo(Filled));
        Assert.That(cache.Keys(0, 1).ToArray(), Is.EqualTo(keysBefore));

        // The cache is still usable: the remaining room can be filled.
        cache.Append(Gaussian(B * H * 8 * D, 5), Gaussian(B * H * 8 * D, 6), 8);
        Assert.That(cache.Length, Is.EqualTo(Capacity));
        Assert.That(() => cache.Append(Gaussian(B * H * D, 7), Gaussian(B * H * D, 8), 1), Throws.InvalidOperationException);
        Assert.That(cache.Length, Is.EqualTo(Capacity));
    }

    [Test]
    public void Reset_EmptiesTheCache_AndAppendStartsOver()
    {
        var cache = new KeyValueCache(1, 1, 2, capacity: 3);
        cache.Append([1f, 2f, 3f, 4f, 5f, 6f], [1f, 1f, 1f, 1f, 1f, 1f], 3);

        cache.Reset();

        Assert.That(cache.Length, Is.Zero);
        Assert.That(cache.Keys(0, 0).Length, Is.Zero);
        cache.Append([7f, 8f], [9f, 10f], 1);
        Assert.That(cache.Length, Is.EqualTo(1));
        Assert.That(cache.Keys(0, 0).ToArray(), Is.EqualTo(new[] { 7f, 8f }));
        Assert.That(cache.Values(0, 0).ToArray(), Is.EqualTo(new[] { 9f, 10f }));
    }

    [Test]
    public void Attend_EmptyCache_ThrowsInvalidOperation_WritesNothing()
    {
        var cache = new KeyValueCache(1, 2, 4, capacity: 8);
        float[] query = Gaussian(4 * 4, 1), output = AttentionTestData.Filled(4 * 4, Sentinel);

        Assert.Throws<InvalidOperationException>(() => cache.Attend(query, output, queryHeads: 4, queryLength: 1));
        Assert.That(output, Is.All.EqualTo(Sentinel));

        cache.Append(Gaussian(2 * 4, 2), Gaussian(2 * 4, 3), 1);
        cache.Reset();
        Assert.Throws<InvalidOperationException>(() => cache.Attend(query, output, queryHeads: 4, queryLength: 1));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(1, false)]
    [TestCase(1, true)]
    [TestCase(5, false)]
    [TestCase(5, true)]
    [TestCase(23, true)]
    public void Attend_MatchesComputeOverTheCachedKeysAndTheReference(int queryLength, bool causal)
    {
        const int B = 2, Hq = 6, Hkv = 3, D = 20, Cached = 23;
        var cache = new KeyValueCache(B, Hkv, D, capacity: 40);
        float[] keys = Gaussian(B * Hkv * Cached * D, 10), values = Gaussian(B * Hkv * Cached * D, 11);
        cache.Append(SliceTokens(keys, B, Hkv, Cached, D, 0, 15), SliceTokens(values, B, Hkv, Cached, D, 0, 15), 15);
        cache.Append(SliceTokens(keys, B, Hkv, Cached, D, 15, 8), SliceTokens(values, B, Hkv, Cached, D, 15, 8), 8);
        float[] query = Gaussian(B * Hq * queryLength * D, 12);
        float[] output = AttentionTestData.Filled(query.Length, Sentinel);
        var options = new AttentionOptions { IsCausal = causal };

        cache.Attend(query, output, Hq, queryLength, options);

        float[] direct = ScaledDotProductAttentionTests.Run(query, keys, values, new AttentionShape(B, Hq, Hkv, queryLength, Cached, D), options);
        ReferenceResult reference = AttentionReference.Compute(query, keys, values, B, Hq, Hkv, queryLength, Cached, D, isCausal: causal);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, queryLength, D), reference.NoVisibleKey);
        AssertClose(output, AttentionReference.Widen(direct), 2 * reference.Tolerance, Bhid(Hq, queryLength, D));
    }

    [Test]
    public void Attend_CustomScale_IsHonoured()
    {
        const int B = 1, Hq = 2, Hkv = 1, D = 16, L = 9;
        var cache = new KeyValueCache(B, Hkv, D, capacity: L);
        float[] keys = Gaussian(L * D, 20), values = Gaussian(L * D, 21), query = Gaussian(Hq * D, 22);
        cache.Append(keys, values, L);
        float[] output = new float[query.Length];

        cache.Attend(query, output, Hq, 1, new AttentionOptions { Scale = 0.3f });

        ReferenceResult reference = AttentionReference.Compute(query, keys, values, B, Hq, Hkv, 1, L, D, scale: 0.3f);
        AssertClose(output, reference.Output, reference.Tolerance, Bhid(Hq, 1, D));
    }

    public static IEnumerable<TestCaseData> DecodeShapes()
    {
        yield return new TestCaseData(1, 1, 1, 1, 1).SetArgDisplayNames("B=1 Hq=1 Hkv=1 L=1 D=1");
        yield return new TestCaseData(1, 8, 2, 40, 64).SetArgDisplayNames("B=1 Hq=8 Hkv=2 L=40 D=64");
        yield return new TestCaseData(2, 8, 1, 33, 65).SetArgDisplayNames("B=2 Hq=8 Hkv=1 L=33 D=65");
        yield return new TestCaseData(3, 2, 2, 70, 3).SetArgDisplayNames("B=3 Hq=2 Hkv=2 L=70 D=3");
    }

    [TestCaseSource(nameof(DecodeShapes))]
    public void Decode_TokenByToken_EqualsFullSequenceCausalAttention(int b, int hq, int hkv, int length, int d)
    {
        float[] q = Gaussian(b * hq * length * d, 30), k = Gaussian(b * hkv * length * d, 31), v = Gaussian(b * hkv * length * d, 32);
        var cache = new KeyValueCache(b, hkv, d, capacity: length);
        float[] decoded = AttentionTestData.Filled(q.Length, Sentinel);
        var causal = new AttentionOptions { IsCausal = true };

        for (int t = 0; t < length; t++)
        {
            cache.Append(SliceTokens(k, b, hkv, length, d, t, 1), SliceTokens(v, b, hkv, length, d, t, 1), 1);
            float[] step = new float[b * hq * d];
            cache.Attend(SliceTokens(q, b, hq, length, d, t, 1), step, hq, 1, causal);
            ScatterTokens(step, decoded, b, hq, length, d, t, 1);
        }

        float[] full = ScaledDotProductAttentionTests.Run(q, k, v, new AttentionShape(b, hq, hkv, length, length, d), causal);
        ReferenceResult reference = AttentionReference.Compute(q, k, v, b, hq, hkv, length, length, d, isCausal: true);
        AssertClose(decoded, reference.Output, reference.Tolerance, Bhid(hq, length, d));
        AssertClose(decoded, AttentionReference.Widen(full), 2 * reference.Tolerance, Bhid(hq, length, d));
    }

    [Test]
    public void Decode_WithoutCausal_OneTokenQueriesSeeTheWholeCacheToo()
    {
        // A 1-token query is the last row, so bottom-right causal and non-causal agree: both see every cached token.
        const int B = 1, Hq = 4, Hkv = 2, D = 12, L = 19;
        float[] k = Gaussian(B * Hkv * L * D, 40), v = Gaussian(B * Hkv * L * D, 41), query = Gaussian(B * Hq * D, 42);
        var cache = new KeyValueCache(B, Hkv, D, capacity: L);
        cache.Append(k, v, L);
        float[] plain = new float[query.Length], causal = new float[query.Length];

        cache.Attend(query, plain, Hq, 1);
        cache.Attend(query, causal, Hq, 1, new AttentionOptions { IsCausal = true });

        ReferenceResult reference = AttentionReference.Compute(query, k, v, B, Hq, Hkv, 1, L, D);
        AssertClose(plain, reference.Output, reference.Tolerance, Bhid(Hq, 1, D));
        AssertClose(causal, reference.Output, reference.Tolerance, Bhid(Hq, 1, D));
    }

    [Test]
    public void Decode_ChunkedPrefillThenTokens_EqualsFullSequenceCausalAttention()
    {
        const int B = 2, Hq = 4, Hkv = 2, D = 17, L = 29;
        float[] q = Gaussian(B * Hq * L * D, 50), k = Gaussian(B * Hkv * L * D, 51), v = Gaussian(B * Hkv * L * D, 52);
        var cache = new KeyValueCache(B, Hkv, D, capacity: 32);
        float[] decoded = AttentionTestData.Filled(q.Length, Sentinel);
        var causal = new AttentionOptions { IsCausal = true };

        int start = 0;
        foreach (int chunk in new[] { 11, 1, 5, 1, 1, 7, 3 })
        {
            cache.Append(SliceTokens(k, B, Hkv, L, D, start, chunk), SliceTokens(v, B, Hkv, L, D, start, chunk), chunk);
            float[] step = new float[B * Hq * chunk * D];
            cache.Attend(SliceTokens(q, B, Hq, L, D, start, chunk), step, Hq, chunk, causal);
            ScatterTokens(step, decoded, B, Hq, L, D, start, chunk);
            start += chunk;
        }

        Assert.That(start, Is.EqualTo(L));
        ReferenceResult reference = AttentionReference.Compute(q, k, v, B, Hq, Hkv, L, L, D, isCausal: true);
        AssertClose(decoded, reference.Output, reference.Tolerance, Bhid(Hq, L, D));
    }

    [Test]
    public void Attend_IsBitIdenticalAcrossDegreesOfParallelism()
    {
        const int B = 2, Hq = 8, Hkv = 2, D = 64, L = 300, Lq = 3;
        var cache = new KeyValueCache(B, Hkv, D, capacity: L);
        cache.Append(Gaussian(B * Hkv * L * D, 60), Gaussian(B * Hkv * L * D, 61), L);
        float[] query = Gaussian(B * Hq * Lq * D, 62);

        int[] Attend(int parallelism)
        {
            float[] output = new float[query.Length];
            cache.Attend(query, output, Hq, Lq, new AttentionOptions { IsCausal = true, MaxDegreeOfParallelism = parallelism });
            return Bits(output);
        }

        int[] serial = Attend(1);
        Assert.That(Attend(2), Is.EqualTo(serial));
        Assert.That(Attend(-1), Is.EqualTo(serial));
    }

    [TestCase("query", -1)]
    [TestCase("query", 1)]
    [TestCase("output", -1)]
    [TestCase("output", 1)]
    public void Attend_WrongSpanLength_ThrowsNamingTheSpan_WritesNothing(string parameter, int delta)
    {
        const int B = 2, Hq = 4, Hkv = 2, D = 5, Lq = 3;
        var cache = new KeyValueCache(B, Hkv, D, capacity: 8);
        cache.Append(Gaussian(B * Hkv * 4 * D, 1), Gaussian(B * Hkv * 4 * D, 2), 4);
        float[] query = Gaussian((B * Hq * Lq * D) + (parameter == "query" ? delta : 0), 3);
        float[] output = AttentionTestData.Filled((B * Hq * Lq * D) + (parameter == "output" ? delta : 0), Sentinel);

        var e = Assert.Throws<ArgumentException>(() => cache.Attend(query, output, Hq, Lq));

        Assert.That(e.ParamName, Is.EqualTo(parameter));
        Assert.That(e.Message, Does.Contain("120"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [Test]
    public void AppendAndAttend_LengthChecks_AreNotWrappedIn32Bits()
    {
        // 16·2²⁸ = 2³² and 16·65536·65536 = 2³⁶ both wrap to 0 in 32 bits, matching the empty spans passed here.
        var cache = new KeyValueCache(1, 1, 16, capacity: 4);
        cache.Append(Gaussian(16, 1), Gaussian(16, 2), 1);

        Assert.That(() => cache.Append(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 1 << 28), Throws.Exception);
        Assert.That(cache.Length, Is.EqualTo(1));
        Assert.That(() => cache.Attend(ReadOnlySpan<float>.Empty, Span<float>.Empty, 65536, 65536), Throws.InstanceOf<ArgumentException>());
    }

    [TestCase(3, 1)]
    [TestCase(1, 1)]
    [TestCase(5, 2)]
    public void Attend_QueryHeadsNotAMultipleOfKeyValueHeads_Throws_WritesNothing(int queryHeads, int queryLength)
    {
        const int B = 1, Hkv = 2, D = 4;
        var cache = new KeyValueCache(B, Hkv, D, capacity: 4);
        cache.Append(Gaussian(B * Hkv * 2 * D, 1), Gaussian(B * Hkv * 2 * D, 2), 2);
        float[] query = Gaussian(B * queryHeads * queryLength * D, 3);
        float[] output = AttentionTestData.Filled(query.Length, Sentinel);

        Assert.That(() => cache.Attend(query, output, queryHeads, queryLength), Throws.InstanceOf<ArgumentException>());
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(0, 1)]
    [TestCase(-2, 1)]
    [TestCase(2, 0)]
    [TestCase(2, -1)]
    public void Attend_NonPositiveHeadsOrLength_Throws_WritesNothing(int queryHeads, int queryLength)
    {
        var cache = new KeyValueCache(1, 1, 4, capacity: 4);
        cache.Append(Gaussian(4, 1), Gaussian(4, 2), 1);
        float[] query = Gaussian(8, 3);
        float[] output = AttentionTestData.Filled(8, Sentinel);

        // The contract does not say whether the dimension or the derived span length is checked first: any ArgumentException.
        Assert.That(() => cache.Attend(query, output, queryHeads, queryLength), Throws.InstanceOf<ArgumentException>());
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [TestCase(0)]
    [TestCase(-2)]
    public void Attend_BadOptions_ThrowsOutOfRangeForOptions_WritesNothing(int parallelism)
    {
        var cache = new KeyValueCache(1, 1, 4, capacity: 4);
        cache.Append(Gaussian(4, 1), Gaussian(4, 2), 1);
        float[] query = Gaussian(4, 3);
        float[] output = AttentionTestData.Filled(4, Sentinel);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            cache.Attend(query, output, 1, 1, new AttentionOptions { MaxDegreeOfParallelism = parallelism }));
        var scale = Assert.Throws<ArgumentOutOfRangeException>(() =>
            cache.Attend(query, output, 1, 1, new AttentionOptions { Scale = float.NaN }));

        Assert.That(e.ParamName, Is.EqualTo("options"));
        Assert.That(scale.ParamName, Is.EqualTo("options"));
        Assert.That(output, Is.All.EqualTo(Sentinel));
    }

    [Test]
    public void Attend_BadQueryHeadsOrLength_NameTheParameter()
    {
        var cache = new KeyValueCache(1, 2, 4, 8);
        cache.Append(new float[8], new float[8], 1);
        float[] output = [.. Enumerable.Repeat(12345f, 16)];

        var zeroHeads = Assert.Throws<ArgumentOutOfRangeException>(() => cache.Attend(new float[16], output, 0, 1));
        var oddHeads = Assert.Throws<ArgumentException>(() => cache.Attend(new float[12], output, 3, 1));
        var zeroLength = Assert.Throws<ArgumentOutOfRangeException>(() => cache.Attend(new float[16], output, 4, 0));

        Assert.That(zeroHeads!.ParamName, Is.EqualTo("queryHeads"));
        Assert.That(oddHeads!.ParamName, Is.EqualTo("queryHeads"));
        Assert.That(oddHeads.Message, Does.Contain("multiple"));
        Assert.That(zeroLength!.ParamName, Is.EqualTo("queryLength"));
        Assert.That(output, Is.All.EqualTo(12345f));
    }
}
