using Bedrock.Foundations.Attention;

namespace Bedrock.Foundations.Tests.Attention;

/// <summary>The derived sizes and validation of <see cref="AttentionShape"/>, and the defaults and validation of <see cref="AttentionOptions"/>.</summary>
[TestFixture]
public sealed class AttentionShapeTests
{
    [Test]
    public void DerivedSizes_FollowTheLayouts()
    {
        var shape = new AttentionShape(Batch: 3, QueryHeads: 8, KeyValueHeads: 2, QueryLength: 5, KeyLength: 7, HeadDimension: 11);

        Assert.That(shape.GroupSize, Is.EqualTo(4));
        Assert.That(shape.QueryElementCount, Is.EqualTo(3L * 8 * 5 * 11));
        Assert.That(shape.KeyValueElementCount, Is.EqualTo(3L * 2 * 7 * 11));
    }

    [Test]
    public void ElementCounts_AreComputedIn64Bits()
    {
        var shape = new AttentionShape(64, 64, 8, 4096, 65536, 128);

        Assert.That(shape.QueryElementCount, Is.EqualTo(64L * 64 * 4096 * 128));
        Assert.That(shape.KeyValueElementCount, Is.EqualTo(64L * 8 * 65536 * 128));
    }

    [Test]
    public void FloatingPointOperations_IsFourBHLqLkD_HalvedWhenCausal()
    {
        var shape = new AttentionShape(1, 8, 8, 512, 512, 64);

        Assert.That(shape.FloatingPointOperations(isCausal: false), Is.EqualTo(536_870_912d));
        Assert.That(shape.FloatingPointOperations(isCausal: true), Is.EqualTo(268_435_456d));
    }

    [Test]
    public void FloatingPointOperations_CountsQueryHeads_AndDoesNotOverflow()
    {
        // GQA does the same arithmetic per query head as MHA; 4·2·32·8192·8192·128 ≈ 2.2e15 overflows any 32-bit intermediate.
        var shape = new AttentionShape(2, 32, 4, 8192, 8192, 128);

        Assert.That(shape.FloatingPointOperations(false), Is.EqualTo(4d * 2 * 32 * 8192 * 8192 * 128));
        Assert.That(shape.FloatingPointOperations(true), Is.EqualTo(2d * 2 * 32 * 8192 * 8192 * 128));
    }

    [TestCase(1, 1)]
    [TestCase(8, 2)]
    [TestCase(8, 1)]
    [TestCase(12, 12)]
    public void Validate_AcceptsHeadCountsThatDivide(int hq, int hkv) =>
        Assert.DoesNotThrow(() => new AttentionShape(1, hq, hkv, 1, 1, 1).Validate());

    public static IEnumerable<TestCaseData> NonPositiveDimensions() => ScaledDotProductAttentionTests.NonPositiveDimensions();

    [TestCaseSource(nameof(NonPositiveDimensions))]
    public void Validate_NonPositiveDimension_ThrowsOutOfRangeNamingTheField(string field, int bad)
    {
        AttentionShape shape = ScaledDotProductAttentionTests.With(new AttentionShape(2, 4, 2, 3, 5, 8), field, bad);

        var e = Assert.Throws<ArgumentOutOfRangeException>(shape.Validate);

        Assert.That(e.ParamName, Is.EqualTo("shape"));
        Assert.That(e.Message, Does.Contain(field));
    }

    [TestCase(3, 2)]
    [TestCase(2, 4)]
    [TestCase(7, 3)]
    public void Validate_QueryHeadsNotAMultipleOfKeyValueHeads_ThrowsArgumentExceptionForShape(int hq, int hkv)
    {
        var shape = new AttentionShape(1, hq, hkv, 4, 4, 4);

        var e = Assert.Throws<ArgumentException>(shape.Validate);

        Assert.That(e.ParamName, Is.EqualTo("shape"));
    }

    // ---- AttentionOptions ----

    [Test]
    public void Options_Default_IsNotCausal_DefaultScale_NoMask_AllCores()
    {
        AttentionOptions d = AttentionOptions.Default;

        Assert.That(d.IsCausal, Is.False);
        Assert.That(d.Scale, Is.Null);
        Assert.That(d.AdditiveMask.IsEmpty, Is.True);
        Assert.That(d.MaxDegreeOfParallelism, Is.EqualTo(-1));
        Assert.DoesNotThrow(d.Validate);
    }

    [Test]
    public void Options_NewInstance_HasTheSameDefaults()
    {
        var o = new AttentionOptions();

        Assert.That(o.IsCausal, Is.False);
        Assert.That(o.Scale, Is.Null);
        Assert.That(o.AdditiveMask.IsEmpty, Is.True);
        Assert.That(o.MaxDegreeOfParallelism, Is.EqualTo(-1));
    }

    [TestCase(0)]
    [TestCase(-2)]
    [TestCase(-100)]
    [TestCase(int.MinValue)]
    public void Options_Validate_BadDegreeOfParallelism_ThrowsOutOfRangeForOptions(int parallelism)
    {
        var options = new AttentionOptions { MaxDegreeOfParallelism = parallelism };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.That(e.ParamName, Is.EqualTo("options"));
    }

    [TestCase(-1)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(1024)]
    [TestCase(int.MaxValue)]
    public void Options_Validate_AcceptsAllCoresOrAPositiveCap(int parallelism) =>
        Assert.DoesNotThrow(new AttentionOptions { MaxDegreeOfParallelism = parallelism }.Validate);

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void Options_Validate_NonFiniteScale_ThrowsOutOfRangeForOptions(float scale)
    {
        var options = new AttentionOptions { Scale = scale };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.That(e.ParamName, Is.EqualTo("options"));
    }

    [TestCase(0.3f)]
    [TestCase(1e-3f)]
    [TestCase(0f)]
    [TestCase(-0.5f)]
    [TestCase(float.MaxValue)]
    public void Options_Validate_AcceptsAnyFiniteScale(float scale) =>
        Assert.DoesNotThrow(new AttentionOptions { Scale = scale }.Validate);

    [Test]
    public void Options_Validate_DoesNotJudgeTheMaskLength()
    {
        // The mask length depends on the shape, so only Compute can check it; Validate is option-only.
        Assert.DoesNotThrow(new AttentionOptions { AdditiveMask = new float[7] }.Validate);
    }

    [Test]
    public void Validate_HeadDimensionAboveTheMaximum_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionShape(1, 1, 1, 1, 1, AttentionShape.MaxHeadDimension + 1).Validate());

        Assert.That(e!.ParamName, Is.EqualTo("shape"));
        Assert.That(e.Message, Does.Contain("HeadDimension must be at most 65536"));
        Assert.That(() => new AttentionShape(1, 1, 1, 1, 1, AttentionShape.MaxHeadDimension).Validate(), Throws.Nothing);
    }
}
