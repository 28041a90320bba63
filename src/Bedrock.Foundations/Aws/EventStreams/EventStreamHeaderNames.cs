namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>The conventional header names of AWS event streams (read through <see cref="EventStreamMessage"/>'s accessors).</summary>
public static class EventStreamHeaderNames
{
    /// <summary><c>:message-type</c>: <c>event</c>, <c>exception</c> or <c>error</c>.</summary>
    public const string MessageType = ":message-type";

    /// <summary><c>:event-type</c>: the event's union member name (for example <c>contentBlockDelta</c>), on <c>event</c> messages.</summary>
    public const string EventType = ":event-type";

    /// <summary><c>:exception-type</c>: the modelled exception's name (for example <c>throttlingException</c>), on <c>exception</c> messages.</summary>
    public const string ExceptionType = ":exception-type";

    /// <summary><c>:content-type</c>: the payload's media type (for example <c>application/json</c>).</summary>
    public const string ContentType = ":content-type";

    /// <summary><c>:error-code</c>: the protocol error's code, on <c>error</c> messages.</summary>
    public const string ErrorCode = ":error-code";

    /// <summary><c>:error-message</c>: the protocol error's message, on <c>error</c> messages.</summary>
    public const string ErrorMessage = ":error-message";
}
