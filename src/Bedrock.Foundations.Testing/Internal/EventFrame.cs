using Bedrock.Foundations.Aws.EventStreams;

namespace Bedrock.Foundations.Testing.Internal;

/// <summary>
/// Builds the <c>application/vnd.amazon.eventstream</c> messages of a ConverseStream response with the library's
/// <see cref="EventStreamEncoder"/> (prelude, headers, payload, both CRC-32s; WIRE.md §5 and §7).
/// </summary>
internal static class EventFrame
{
    public static byte[] Event(string eventType, ReadOnlyMemory<byte> payload) =>
        EventStreamEncoder.Encode(new EventStreamMessage(
            [
                new EventStreamHeader(EventStreamHeaderNames.EventType, EventStreamHeaderValue.FromString(eventType)),
                new EventStreamHeader(EventStreamHeaderNames.ContentType, EventStreamHeaderValue.FromString("application/json")),
                new EventStreamHeader(EventStreamHeaderNames.MessageType, EventStreamHeaderValue.FromString(EventStreamMessageTypes.Event)),
            ],
            payload));

    public static byte[] Exception(string exceptionType, ReadOnlyMemory<byte> payload) =>
        EventStreamEncoder.Encode(new EventStreamMessage(
            [
                new EventStreamHeader(EventStreamHeaderNames.ExceptionType, EventStreamHeaderValue.FromString(exceptionType)),
                new EventStreamHeader(EventStreamHeaderNames.ContentType, EventStreamHeaderValue.FromString("application/json")),
                new EventStreamHeader(EventStreamHeaderNames.MessageType, EventStreamHeaderValue.FromString(EventStreamMessageTypes.Exception)),
            ],
            payload));
}
