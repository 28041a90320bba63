namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>The values of the <c>:message-type</c> header (<see cref="EventStreamHeaderNames.MessageType"/>).</summary>
public static class EventStreamMessageTypes
{
    /// <summary><c>event</c>: a modelled event; <c>:event-type</c> names it and the payload is its shape.</summary>
    public const string Event = "event";

    /// <summary><c>exception</c>: a modelled exception; <c>:exception-type</c> names it and the payload is its shape.</summary>
    public const string Exception = "exception";

    /// <summary><c>error</c>: a protocol error, described by the <c>:error-code</c> and <c>:error-message</c> headers.</summary>
    public const string Error = "error";
}
