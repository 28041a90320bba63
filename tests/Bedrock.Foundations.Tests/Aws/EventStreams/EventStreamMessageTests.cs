using System.Text;
using Bedrock.Foundations.Aws.EventStreams;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

[TestFixture]
public sealed class EventStreamMessageTests
{
    [Test]
    public void Constructor_CopiesTheHeaders_AndKeepsThePayload()
    {
        var headers = new List<EventStreamHeader> { new("a", EventStreamHeaderValue.FromInt32(1)) };
        byte[] payload = [1, 2, 3];
        var message = new EventStreamMessage(headers, payload);
        headers.Add(new("b", default));
        Assert.Multiple(() =>
        {
            Assert.That(message.Headers, Has.Count.EqualTo(1));
            Assert.That(message.Headers[0].Name, Is.EqualTo("a"));
            Assert.That(message.Payload.ToArray(), Is.EqualTo(payload));
            Assert.That(message.Headers, Is.Not.AssignableTo<EventStreamHeader[]>(), "the list is read-only");
        });
    }

    [Test]
    public void Constructor_NullHeaders_Throws()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new EventStreamMessage(null!, ReadOnlyMemory<byte>.Empty));
        Assert.That(e!.ParamName, Is.EqualTo("headers"));
    }

    [Test]
    public void Constructor_NullHeaderElement_Throws()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new EventStreamMessage([null!], ReadOnlyMemory<byte>.Empty));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("headers"));
            Assert.That(e.Message, Does.Contain("must not contain null"));
        });
    }

    [Test]
    public void TryGetHeader_FindsTheFirstWithTheName_Ordinal()
    {
        var message = new EventStreamMessage(
            [
                new("x", EventStreamHeaderValue.FromInt32(1)),
                new("x", EventStreamHeaderValue.FromInt32(2)),
            ],
            ReadOnlyMemory<byte>.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(message.TryGetHeader("x", out EventStreamHeaderValue value), Is.True);
            Assert.That(value.AsInt32(), Is.EqualTo(1));
            Assert.That(message.TryGetHeader("X", out EventStreamHeaderValue missing), Is.False);
            Assert.That(missing, Is.EqualTo(default(EventStreamHeaderValue)));
        });
    }

    [Test]
    public void TryGetHeader_NullName_Throws()
    {
        var message = new EventStreamMessage([], ReadOnlyMemory<byte>.Empty);
        var e = Assert.Throws<ArgumentNullException>(() => message.TryGetHeader(null!, out _));
        Assert.That(e!.ParamName, Is.EqualTo("name"));
    }

    [Test]
    public void GetString_ReturnsNullWhenAbsent_ThrowsWhenNotAString()
    {
        var message = new EventStreamMessage([new("n", EventStreamHeaderValue.FromInt32(3))], ReadOnlyMemory<byte>.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(message.GetString("absent"), Is.Null);
            Assert.That(message.EventType, Is.Null);
            Assert.That(() => message.GetString("n"), Throws.InvalidOperationException.With.Message.Contains("Int32"));
        });
    }

    [Test]
    public void CreateEvent_SetsTheConventionalHeadersInOrder()
    {
        byte[] payload = Encoding.UTF8.GetBytes("{}");
        EventStreamMessage message = EventStreamMessage.CreateEvent("contentBlockDelta", payload);
        Assert.Multiple(() =>
        {
            Assert.That(message.Headers.Select(h => h.Name), Is.EqualTo(new[] { ":message-type", ":event-type", ":content-type" }));
            Assert.That(message.MessageType, Is.EqualTo("event"));
            Assert.That(message.EventType, Is.EqualTo("contentBlockDelta"));
            Assert.That(message.ContentType, Is.EqualTo("application/json"));
            Assert.That(message.ExceptionType, Is.Null);
            Assert.That(message.Payload.ToArray(), Is.EqualTo(payload));
        });
    }

    [Test]
    public void CreateException_SetsTheConventionalHeaders()
    {
        EventStreamMessage message = EventStreamMessage.CreateException("throttlingException", Encoding.UTF8.GetBytes("""{"message":"slow down"}"""), "application/x-amz-json-1.1");
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageType, Is.EqualTo("exception"));
            Assert.That(message.ExceptionType, Is.EqualTo("throttlingException"));
            Assert.That(message.ContentType, Is.EqualTo("application/x-amz-json-1.1"));
            Assert.That(message.EventType, Is.Null);
        });
    }

    [Test]
    public void CreateError_SetsCodeAndMessage_WithAnEmptyPayload()
    {
        EventStreamMessage message = EventStreamMessage.CreateError("InternalFailure", "It broke.");
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageType, Is.EqualTo("error"));
            Assert.That(message.ErrorCode, Is.EqualTo("InternalFailure"));
            Assert.That(message.ErrorMessage, Is.EqualTo("It broke."));
            Assert.That(message.Payload.IsEmpty, Is.True);
        });
    }

    [Test]
    public void Create_NullArguments_ThrowNamingThem()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamMessage.CreateEvent(null!, default))!.ParamName, Is.EqualTo("eventType"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamMessage.CreateEvent("e", default, null!))!.ParamName, Is.EqualTo("contentType"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamMessage.CreateException(null!, default))!.ParamName, Is.EqualTo("exceptionType"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamMessage.CreateException("e", default, null!))!.ParamName, Is.EqualTo("contentType"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamMessage.CreateError(null!, "m"))!.ParamName, Is.EqualTo("errorCode"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => EventStreamMessage.CreateError("c", null!))!.ParamName, Is.EqualTo("errorMessage"));
        });
    }

    [Test]
    public void Create_ValueOverTheLimit_ThrowsNamingTheParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => EventStreamMessage.CreateError("c", new string('x', 40_000)));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("errorMessage"));
            Assert.That(e.Message, Does.Contain("40000 bytes"));
        });
    }

    [Test]
    public void ToString_ListsHeadersAndPayloadLength()
    {
        EventStreamMessage message = EventStreamMessage.CreateEvent("metadata", new byte[7]);
        Assert.That(message.ToString(), Is.EqualTo("{:message-type: event, :event-type: metadata, :content-type: application/json} + 7 payload bytes"));
    }

    [Test]
    public void ConventionalNames_AreTheWireNames()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventStreamHeaderNames.MessageType, Is.EqualTo(":message-type"));
            Assert.That(EventStreamHeaderNames.EventType, Is.EqualTo(":event-type"));
            Assert.That(EventStreamHeaderNames.ExceptionType, Is.EqualTo(":exception-type"));
            Assert.That(EventStreamHeaderNames.ContentType, Is.EqualTo(":content-type"));
            Assert.That(EventStreamHeaderNames.ErrorCode, Is.EqualTo(":error-code"));
            Assert.That(EventStreamHeaderNames.ErrorMessage, Is.EqualTo(":error-message"));
            Assert.That(EventStreamMessageTypes.Event, Is.EqualTo("event"));
            Assert.That(EventStreamMessageTypes.Exception, Is.EqualTo("exception"));
            Assert.That(EventStreamMessageTypes.Error, Is.EqualTo("error"));
        });
    }

    [Test]
    public void Accessors_ReadTheirHeaders()
    {
        var message = new EventStreamMessage(
            [
                new(":error-code", EventStreamHeaderValue.FromString("c")),
                new(":error-message", EventStreamHeaderValue.FromString("m")),
                new(":exception-type", EventStreamHeaderValue.FromString("x")),
                new(":content-type", EventStreamHeaderValue.FromString("t")),
                new(":event-type", EventStreamHeaderValue.FromString("e")),
                new(":message-type", EventStreamHeaderValue.FromString("y")),
            ],
            ReadOnlyMemory<byte>.Empty);
        Assert.That(
            new[] { message.ErrorCode, message.ErrorMessage, message.ExceptionType, message.ContentType, message.EventType, message.MessageType },
            Is.EqualTo(new[] { "c", "m", "x", "t", "e", "y" }));
    }
}
