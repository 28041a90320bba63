namespace Bedrock.Foundations.Tests.Common;

[TestFixture]
public sealed class Crc32Tests
{
    [Test]
    public void Compute_StandardCheckInput_IsCbf43926() =>
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));

    [Test]
    public void Compute_EmptyInput_IsZero() => Assert.That(Crc32.Compute([]), Is.Zero);

    [Test]
    public void Append_InTwoParts_EqualsOnePass() =>
        Assert.That(Crc32.Append(Crc32.Compute("1234"u8), "56789"u8), Is.EqualTo(Crc32.Compute("123456789"u8)));

    [Test]
    public void Compute_PngIendChunk_IsTheWellKnownAe426082() =>
        Assert.That(Crc32.Compute("IEND"u8), Is.EqualTo(0xAE426082u));
}
