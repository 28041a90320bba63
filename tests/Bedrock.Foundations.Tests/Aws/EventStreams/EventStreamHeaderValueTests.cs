using Bedrock.Foundations.Aws.EventStreams;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

[TestFixture]
public sealed class EventStreamHeaderValueTests
{
    [Test]
    public void Factories_SetTypeAndValue_ReadBackByTheirAccessor()
    {
        var guid = Guid.NewGuid();
        var instant = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamHeaderValue.FromBoolean(true).Type, Is.EqualTo(EventStreamHeaderType.BoolTrue));
            Assert.That(EventStreamHeaderValue.FromBoolean(true).AsBoolean(), Is.True);
            Assert.That(EventStreamHeaderValue.FromBoolean(false).Type, Is.EqualTo(EventStreamHeaderType.BoolFalse));
            Assert.That(EventStreamHeaderValue.FromBoolean(false).AsBoolean(), Is.False);
            Assert.That(EventStreamHeaderValue.FromByte(-7).AsByte(), Is.EqualTo((sbyte)-7));
            Assert.That(EventStreamHeaderValue.FromInt16(-300).AsInt16(), Is.EqualTo((short)-300));
            Assert.That(EventStreamHeaderValue.FromInt32(int.MinValue).AsInt32(), Is.EqualTo(int.MinValue));
            Assert.That(EventStreamHeaderValue.FromInt64(long.MinValue).AsInt64(), Is.EqualTo(long.MinValue));
            Assert.That(EventStreamHeaderValue.FromByteArray([1, 2, 3]).AsByteArray().ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(EventStreamHeaderValue.FromString("é").AsString(), Is.EqualTo("é"));
            Assert.That(EventStreamHeaderValue.FromTimestamp(instant).AsTimestamp(), Is.EqualTo(instant));
            Assert.That(EventStreamHeaderValue.FromUuid(guid).AsUuid(), Is.EqualTo(guid));
        });
    }

    [Test]
    public void EncodedLength_IsTheValueBytesAfterTheTypeByte()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamHeaderValue.FromBoolean(true).EncodedLength, Is.Zero);
            Assert.That(EventStreamHeaderValue.FromByte(1).EncodedLength, Is.EqualTo(1));
            Assert.That(EventStreamHeaderValue.FromInt16(1).EncodedLength, Is.EqualTo(2));
            Assert.That(EventStreamHeaderValue.FromInt32(1).EncodedLength, Is.EqualTo(4));
            Assert.That(EventStreamHeaderValue.FromInt64(1).EncodedLength, Is.EqualTo(8));
            Assert.That(EventStreamHeaderValue.FromTimestamp(DateTimeOffset.UnixEpoch).EncodedLength, Is.EqualTo(8));
            Assert.That(EventStreamHeaderValue.FromUuid(Guid.Empty).EncodedLength, Is.EqualTo(16));
            Assert.That(EventStreamHeaderValue.FromByteArray(new byte[5]).EncodedLength, Is.EqualTo(7));
            Assert.That(EventStreamHeaderValue.FromString("é").EncodedLength, Is.EqualTo(4), "2-byte length + 2 UTF-8 bytes");
        });
    }

    [Test]
    public void Default_IsBooleanTrue()
    {
        EventStreamHeaderValue value = default;
        Assert.Multiple(() =>
        {
            Assert.That(value.Type, Is.EqualTo(EventStreamHeaderType.BoolTrue));
            Assert.That(value.AsBoolean(), Is.True);
            Assert.That(value, Is.EqualTo(EventStreamHeaderValue.FromBoolean(true)));
        });
    }

    [Test]
    public void Accessor_OfAnotherType_ThrowsNamingBothTypes()
    {
        EventStreamHeaderValue value = EventStreamHeaderValue.FromString("x");
        var e = Assert.Throws<InvalidOperationException>(() => value.AsInt32());
        Assert.That(e!.Message, Does.Contain("String").And.Contain("Int32"));
        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidOperationException>(() => value.AsBoolean());
            Assert.Throws<InvalidOperationException>(() => value.AsByte());
            Assert.Throws<InvalidOperationException>(() => value.AsInt16());
            Assert.Throws<InvalidOperationException>(() => value.AsInt64());
            Assert.Throws<InvalidOperationException>(() => value.AsByteArray());
            Assert.Throws<InvalidOperationException>(() => value.AsTimestamp());
            Assert.Throws<InvalidOperationException>(() => value.AsUuid());
            Assert.Throws<InvalidOperationException>(() => EventStreamHeaderValue.FromInt32(1).AsString());
        });
    }

    [Test]
    public void FromByteArray_CopiesTheBytes()
    {
        byte[] bytes = [1, 2, 3];
        EventStreamHeaderValue value = EventStreamHeaderValue.FromByteArray(bytes);
        bytes[0] = 9;
        Assert.That(value.AsByteArray().Span[0], Is.EqualTo(1));
    }

    [Test]
    public void FromByteArray_AtTheLimit_IsAccepted_OneMoreThrows()
    {
        Assert.That(EventStreamHeaderValue.FromByteArray(new byte[32_767]).AsByteArray().Length, Is.EqualTo(32_767));
        var e = Assert.Throws<ArgumentException>(() => EventStreamHeaderValue.FromByteArray(new byte[32_768]));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("value"));
            Assert.That(e.Message, Does.Contain("32768").And.Contain("32767"));
        });
    }

    [Test]
    public void FromString_CountsUtf8Bytes_AgainstTheLimit()
    {
        // 'é' is 2 bytes in UTF-8: 16,383 of them are 32,766 bytes, 16,384 are 32,768.
        Assert.That(EventStreamHeaderValue.FromString(new string('é', 16_383)).EncodedLength, Is.EqualTo(2 + 32_766));
        var e = Assert.Throws<ArgumentException>(() => EventStreamHeaderValue.FromString(new string('é', 16_384)));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("value"));
            Assert.That(e.Message, Does.Contain("32768 bytes in UTF-8").And.Contain("32767"));
        });
    }

    [Test]
    public void FromString_Null_Throws()
    {
        var e = Assert.Throws<ArgumentNullException>(() => EventStreamHeaderValue.FromString(null!));
        Assert.That(e!.ParamName, Is.EqualTo("value"));
    }

    [Test]
    public void FromString_LoneSurrogate_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => EventStreamHeaderValue.FromString("a\uD800b"));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("value"));
            Assert.That(e.Message, Does.Contain("lone surrogate"));
        });
    }

    [Test]
    public void FromTimestamp_KeepsWholeMilliseconds_TruncatingTowardThePast()
    {
        DateTimeOffset instant = DateTimeOffset.FromUnixTimeMilliseconds(1_000).AddTicks(9_999);
        DateTimeOffset before = DateTimeOffset.FromUnixTimeMilliseconds(-1_000).AddTicks(-1);
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamHeaderValue.FromTimestamp(instant).AsTimestamp(), Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1_000)));
            Assert.That(EventStreamHeaderValue.FromTimestamp(before).AsTimestamp(), Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(-1_001)));
            Assert.That(EventStreamHeaderValue.FromTimestamp(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.FromHours(2))).AsTimestamp().Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void Equality_ComparesTypeAndValue_ByteArraysByContent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamHeaderValue.FromByteArray([1, 2]), Is.EqualTo(EventStreamHeaderValue.FromByteArray(new byte[] { 1, 2 })));
            Assert.That(EventStreamHeaderValue.FromByteArray([1, 2]).GetHashCode(), Is.EqualTo(EventStreamHeaderValue.FromByteArray(new byte[] { 1, 2 }).GetHashCode()));
            Assert.That(EventStreamHeaderValue.FromByteArray([1, 2]) != EventStreamHeaderValue.FromByteArray([1, 3]), Is.True);
            Assert.That(EventStreamHeaderValue.FromInt32(1) == EventStreamHeaderValue.FromInt64(1), Is.False);
            Assert.That(EventStreamHeaderValue.FromString("a") == EventStreamHeaderValue.FromString("a"), Is.True);
            Assert.That(EventStreamHeaderValue.FromString("a").Equals((object)EventStreamHeaderValue.FromString("b")), Is.False);
            Assert.That(EventStreamHeaderValue.FromUuid(Guid.Empty), Is.EqualTo(EventStreamHeaderValue.FromUuid(new Guid(new byte[16]))));
            Assert.That(EventStreamHeaderValue.FromUuid(Guid.Empty).Equals("not a value"), Is.False);
        });
    }

    [Test]
    public void ToString_UsesInvariantForms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamHeaderValue.FromBoolean(true).ToString(), Is.EqualTo("true"));
            Assert.That(EventStreamHeaderValue.FromBoolean(false).ToString(), Is.EqualTo("false"));
            Assert.That(EventStreamHeaderValue.FromInt32(-5).ToString(), Is.EqualTo("-5"));
            Assert.That(EventStreamHeaderValue.FromByteArray([0xAB, 0x01]).ToString(), Is.EqualTo("AB01"));
            Assert.That(EventStreamHeaderValue.FromString("text").ToString(), Is.EqualTo("text"));
            Assert.That(EventStreamHeaderValue.FromTimestamp(DateTimeOffset.UnixEpoch).ToString(), Is.EqualTo("1970-01-01T00:00:00.0000000+00:00"));
            Assert.That(EventStreamHeaderValue.FromUuid(new Guid("00112233-4455-6677-8899-aabbccddeeff")).ToString(), Is.EqualTo("00112233-4455-6677-8899-aabbccddeeff"));
        });
    }
}
