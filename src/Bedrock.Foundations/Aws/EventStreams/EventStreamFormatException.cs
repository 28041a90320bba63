using System.Globalization;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// Bytes that are not a valid event stream: a checksum mismatch, an impossible length, a header that runs past its
/// block or has an unknown type, invalid UTF-8, or a stream that ends inside a message. A corrupt message is never
/// skipped: the decoder stops at it.
/// </summary>
public sealed class EventStreamFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public EventStreamFormatException()
        : base("The data is not a valid event stream.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public EventStreamFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public EventStreamFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the message that starts at <paramref name="messageOffset"/> in the stream.</summary>
    /// <param name="message">What is wrong; the offset is appended.</param>
    /// <param name="messageOffset">The offset in the stream of the first byte of the bad message.</param>
    public EventStreamFormatException(string message, long messageOffset)
        : base(WithOffset(message, messageOffset))
    {
        MessageOffset = messageOffset;
    }

    // The decoder's constructor for a problem with a cause (invalid UTF-8).
    internal EventStreamFormatException(string message, long messageOffset, Exception innerException)
        : base(WithOffset(message, messageOffset), innerException)
    {
        MessageOffset = messageOffset;
    }

    /// <summary>The offset in the stream of the first byte (the prelude) of the bad message, when known.</summary>
    public long? MessageOffset { get; }

    private static string WithOffset(string message, long messageOffset) =>
        string.Create(CultureInfo.InvariantCulture, $"{message} (event-stream message at byte offset {messageOffset}).");
}
