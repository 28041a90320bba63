using Bedrock.Foundations.Aws.EventStreams;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

[TestFixture]
public sealed class EventStreamHeaderTests
{
    [Test]
    public void Constructor_KeepsNameAndValue()
    {
        var header = new EventStreamHeader(":event-type", EventStreamHeaderValue.FromString("messageStart"));
        Assert.Multiple(() =>
        {
            Assert.That(header.Name, Is.EqualTo(":event-type"));
            Assert.That(header.Value.AsString(), Is.EqualTo("messageStart"));
            Assert.That(header.EncodedLength, Is.EqualTo(1 + 11 + 1 + 2 + 12));
            Assert.That(header.ToString(), Is.EqualTo(":event-type: messageStart"));
        });
    }

    [Test]
    public void Name_Of255Utf8Bytes_IsAccepted()
    {
        // 127 two-byte characters and one ASCII character: 255 bytes.
        string name = new string('é', 127) + "a";
        Assert.That(new EventStreamHeader(name, default).EncodedLength, Is.EqualTo(1 + 255 + 1));
    }

    [Test]
    public void Name_Of256Utf8Bytes_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new EventStreamHeader(new string('é', 128), default));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("name"));
            Assert.That(e.Message, Does.Contain("1 to 255 bytes in UTF-8").And.Contain("is 256"));
        });
    }

    [Test]
    public void Name_Empty_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new EventStreamHeader(string.Empty, default));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("name"));
            Assert.That(e.Message, Does.Contain("1 to 255 bytes"));
        });
    }

    [Test]
    public void Name_Null_Throws()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new EventStreamHeader(null!, default));
        Assert.That(e!.ParamName, Is.EqualTo("name"));
    }

    [Test]
    public void Name_WithLoneSurrogate_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new EventStreamHeader("\uDC00", default));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("name"));
            Assert.That(e.Message, Does.Contain("lone surrogate"));
        });
    }
}
