namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// The value type of an event-stream header: the one-byte type code that follows the header name on the wire
/// (<c>application/vnd.amazon.eventstream</c>).
/// </summary>
#pragma warning disable CA1028 // The enum is the wire's one-byte type code.
#pragma warning disable CA1720 // The member names are the wire format's type names (as in every AWS SDK).
public enum EventStreamHeaderType : byte
{
    /// <summary>Type 0: the boolean <see langword="true"/>; no value bytes.</summary>
    BoolTrue = 0,

    /// <summary>Type 1: the boolean <see langword="false"/>; no value bytes.</summary>
    BoolFalse = 1,

    /// <summary>Type 2: a signed byte (<see cref="sbyte"/>); 1 value byte.</summary>
    Byte = 2,

    /// <summary>Type 3: a signed 16-bit integer; 2 value bytes, big-endian.</summary>
    Int16 = 3,

    /// <summary>Type 4: a signed 32-bit integer; 4 value bytes, big-endian.</summary>
    Int32 = 4,

    /// <summary>Type 5: a signed 64-bit integer; 8 value bytes, big-endian.</summary>
    Int64 = 5,

    /// <summary>Type 6: a byte array; a big-endian u16 length (at most 32,767) and the bytes.</summary>
    ByteArray = 6,

    /// <summary>Type 7: a UTF-8 string; a big-endian u16 byte length (at most 32,767) and the bytes.</summary>
    String = 7,

    /// <summary>Type 8: a timestamp; a big-endian signed 64-bit count of milliseconds since the Unix epoch.</summary>
    Timestamp = 8,

    /// <summary>Type 9: a UUID; 16 value bytes in RFC 9562 (big-endian) order.</summary>
    Uuid = 9,
}
#pragma warning restore CA1720
#pragma warning restore CA1028
