using System.Collections.ObjectModel;
using System.Globalization;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// One message of an AWS event stream (<c>application/vnd.amazon.eventstream</c>): ordered headers and a payload.
/// Immutable: the headers are copied at construction, and the payload is kept as given (the decoder gives every
/// message its own array; a caller who passes memory it later changes changes the message).
/// </summary>
/// <remarks>
/// Header lookups (<see cref="TryGetHeader"/>, <see cref="GetString"/> and the conventional accessors such as
/// <see cref="EventType"/>) compare names ordinally and return the first header with the name when several share it.
/// </remarks>
public sealed class EventStreamMessage
{
    private readonly EventStreamHeader[] _headers;
    private ReadOnlyCollection<EventStreamHeader>? _headersView;

    /// <summary>Creates a message.</summary>
    /// <param name="headers">The headers, in wire order; copied.</param>
    /// <param name="payload">The payload; kept, not copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="headers"/> or one of its elements is <see langword="null"/>.</exception>
    public EventStreamMessage(IEnumerable<EventStreamHeader> headers, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        EventStreamHeader[] copy = [.. headers];
        foreach (EventStreamHeader header in copy)
        {
            if (header is null)
            {
                throw new ArgumentNullException(nameof(headers), "The headers must not contain null.");
            }
        }

        _headers = copy;
        Payload = payload;
    }

    // The decoder's constructor (through Own): takes ownership of the array. The parameter order keeps it out of
    // overload resolution for the public constructor.
    private EventStreamMessage(ReadOnlyMemory<byte> payload, EventStreamHeader[] headers)
    {
        _headers = headers;
        Payload = payload;
    }

    /// <summary>The headers, in wire order.</summary>
    public IReadOnlyList<EventStreamHeader> Headers => _headersView ??= new ReadOnlyCollection<EventStreamHeader>(_headers);

    /// <summary>Creates a message that owns <paramref name="headers"/> (no copy, no null check): for the decoder.</summary>
    internal static EventStreamMessage Own(EventStreamHeader[] headers, ReadOnlyMemory<byte> payload) => new(payload, headers);

    /// <summary>The headers without the read-only wrapper, for the encoder.</summary>
    internal ReadOnlySpan<EventStreamHeader> HeaderSpan => _headers;

    /// <summary>The payload (for AWS JSON protocols, the UTF-8 JSON of the event or exception shape).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The <c>:message-type</c> string header (<c>event</c>, <c>exception</c> or <c>error</c>), or <see langword="null"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? MessageType => GetString(EventStreamHeaderNames.MessageType);

    /// <summary>The <c>:event-type</c> string header, or <see langword="null"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? EventType => GetString(EventStreamHeaderNames.EventType);

    /// <summary>The <c>:exception-type</c> string header, or <see langword="null"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? ExceptionType => GetString(EventStreamHeaderNames.ExceptionType);

    /// <summary>The <c>:content-type</c> string header, or <see langword="null"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? ContentType => GetString(EventStreamHeaderNames.ContentType);

    /// <summary>The <c>:error-code</c> string header, or <see langword="null"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? ErrorCode => GetString(EventStreamHeaderNames.ErrorCode);

    /// <summary>The <c>:error-message</c> string header, or <see langword="null"/> when absent.</summary>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? ErrorMessage => GetString(EventStreamHeaderNames.ErrorMessage);

    /// <summary>
    /// Creates an <c>event</c> message: headers <c>:message-type</c> = <c>event</c>, <c>:event-type</c> =
    /// <paramref name="eventType"/>, <c>:content-type</c> = <paramref name="contentType"/>, in that order.
    /// </summary>
    /// <param name="eventType">The event's name (for example <c>contentBlockDelta</c>).</param>
    /// <param name="payload">The payload (for example the event's JSON); kept, not copied.</param>
    /// <param name="contentType">The payload's media type.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventType"/> or <paramref name="contentType"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value is longer than 32,767 UTF-8 bytes or has a lone surrogate.</exception>
    public static EventStreamMessage CreateEvent(string eventType, ReadOnlyMemory<byte> payload, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(contentType);
        return new(
            [
                Header(EventStreamHeaderNames.MessageType, EventStreamMessageTypes.Event, nameof(eventType)),
                Header(EventStreamHeaderNames.EventType, eventType, nameof(eventType)),
                Header(EventStreamHeaderNames.ContentType, contentType, nameof(contentType)),
            ],
            payload);
    }

    /// <summary>
    /// Creates an <c>exception</c> message: headers <c>:message-type</c> = <c>exception</c>, <c>:exception-type</c> =
    /// <paramref name="exceptionType"/>, <c>:content-type</c> = <paramref name="contentType"/>, in that order.
    /// </summary>
    /// <param name="exceptionType">The exception's name (for example <c>throttlingException</c>).</param>
    /// <param name="payload">The payload (for example <c>{"message":"…"}</c>); kept, not copied.</param>
    /// <param name="contentType">The payload's media type.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exceptionType"/> or <paramref name="contentType"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value is longer than 32,767 UTF-8 bytes or has a lone surrogate.</exception>
    public static EventStreamMessage CreateException(string exceptionType, ReadOnlyMemory<byte> payload, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        ArgumentNullException.ThrowIfNull(contentType);
        return new(
            [
                Header(EventStreamHeaderNames.MessageType, EventStreamMessageTypes.Exception, nameof(exceptionType)),
                Header(EventStreamHeaderNames.ExceptionType, exceptionType, nameof(exceptionType)),
                Header(EventStreamHeaderNames.ContentType, contentType, nameof(contentType)),
            ],
            payload);
    }

    /// <summary>
    /// Creates an <c>error</c> message (a protocol error): headers <c>:message-type</c> = <c>error</c>,
    /// <c>:error-code</c> and <c>:error-message</c>, in that order, and an empty payload.
    /// </summary>
    /// <param name="errorCode">The error code.</param>
    /// <param name="errorMessage">The error message.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errorCode"/> or <paramref name="errorMessage"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value is longer than 32,767 UTF-8 bytes or has a lone surrogate.</exception>
    public static EventStreamMessage CreateError(string errorCode, string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(errorCode);
        ArgumentNullException.ThrowIfNull(errorMessage);
        return new(
            [
                Header(EventStreamHeaderNames.MessageType, EventStreamMessageTypes.Error, nameof(errorCode)),
                Header(EventStreamHeaderNames.ErrorCode, errorCode, nameof(errorCode)),
                Header(EventStreamHeaderNames.ErrorMessage, errorMessage, nameof(errorMessage)),
            ],
            ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>Finds the first header named <paramref name="name"/> (ordinal comparison).</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header's value when found; otherwise <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when a header has the name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGetHeader(string name, out EventStreamHeaderValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (EventStreamHeader header in _headers)
        {
            if (string.Equals(header.Name, name, StringComparison.Ordinal))
            {
                value = header.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Returns the value of the first string header named <paramref name="name"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The string, or <see langword="null"/> when no header has the name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The header is present but is not a string.</exception>
    public string? GetString(string name) => TryGetHeader(name, out EventStreamHeaderValue value) ? value.AsString() : null;

    /// <summary>A short description for debugging: the headers and the payload length.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        "{" + string.Join(", ", (IEnumerable<EventStreamHeader>)_headers) + "} + " + Payload.Length.ToString(CultureInfo.InvariantCulture) + " payload bytes";

    private static EventStreamHeader Header(string name, string value, string parameterName) =>
        new(name, EventStreamHeaderValue.FromString(value, parameterName));
}
