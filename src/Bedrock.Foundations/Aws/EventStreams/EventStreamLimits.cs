namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// The sizes and limits of the event-stream format (<c>application/vnd.amazon.eventstream</c>), as enforced by
/// <see cref="EventStreamEncoder"/>, <see cref="EventStreamDecoder"/>, <see cref="EventStreamHeader"/> and
/// <see cref="EventStreamHeaderValue"/>. The limits are those of awslabs/aws-c-event-stream.
/// </summary>
public static class EventStreamLimits
{
    /// <summary>The prelude: total length (u32), headers length (u32) and the prelude CRC-32 (u32); 12 bytes.</summary>
    public const int PreludeLength = 12;

    /// <summary>The smallest message: a prelude and a message CRC-32, with no headers and no payload; 16 bytes.</summary>
    public const int MinMessageLength = PreludeLength + 4;

    /// <summary>The largest message, prelude and CRCs included: 24 MiB (25,165,824 bytes).</summary>
    public const int MaxMessageLength = 24 * 1024 * 1024;

    /// <summary>The longest header name, in UTF-8 bytes: 255 (the name length is one byte; names are never empty).</summary>
    public const int MaxHeaderNameLength = 255;

    /// <summary>The longest byte-array or string header value, in bytes: 32,767 (<see cref="short.MaxValue"/>).</summary>
    public const int MaxHeaderValueLength = short.MaxValue;
}
