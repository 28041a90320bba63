using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// The typed value of an event-stream header: one of the ten wire types of <see cref="EventStreamHeaderType"/>.
/// Immutable; create one with the <c>From…</c> factories and read it with the <c>As…</c> accessor of its
/// <see cref="Type"/>.
/// </summary>
/// <remarks>
/// <para>
/// The factories validate what the wire can carry: a byte array or string value is at most
/// <see cref="EventStreamLimits.MaxHeaderValueLength"/> (32,767) bytes, a string must be valid UTF-16 (no lone
/// surrogates). A timestamp keeps whole milliseconds (the wire's unit); finer ticks are truncated toward the past.
/// A UUID is written in RFC 9562 byte order (big-endian, as <see cref="Guid.ToString()"/> prints it), the order the
/// AWS SDKs for Java, Go, Rust and C use; note that AWSSDK.Core for .NET 4.x writes <see cref="Guid.ToByteArray()"/>
/// order instead, so a UUID it writes reads back here with its first three groups byte-swapped.
/// </para>
/// <para>
/// <c>default(EventStreamHeaderValue)</c> is the boolean <see langword="true"/> (type code 0).
/// Equality compares the type and the value (byte arrays by content).
/// </para>
/// </remarks>
public readonly struct EventStreamHeaderValue : IEquatable<EventStreamHeaderValue>
{
    // Milliseconds since the Unix epoch that DateTimeOffset can represent (0001-01-01 .. 9999-12-31T23:59:59.999).
    internal const long MinUnixTimeMilliseconds = -62_135_596_800_000;
    internal const long MaxUnixTimeMilliseconds = 253_402_300_799_999;

    // Scalars (byte, int16, int32, int64, timestamp milliseconds) live in _int64; for strings it holds the UTF-8 length.
    private readonly long _int64;
    private readonly Guid _uuid;

    // A byte[] (ByteArray) or a string (String).
    private readonly object? _reference;

    private EventStreamHeaderValue(EventStreamHeaderType type, long int64 = 0, object? reference = null, Guid uuid = default)
    {
        Type = type;
        _int64 = int64;
        _reference = reference;
        _uuid = uuid;
    }

    /// <summary>The wire type of the value.</summary>
    public EventStreamHeaderType Type { get; }

    /// <summary>
    /// The number of bytes the value takes on the wire after its type byte: 0 for booleans, 1, 2, 4 or 8 for
    /// integers and timestamps, 16 for a UUID, 2 + length for byte arrays and strings.
    /// </summary>
    public int EncodedLength => Type switch
    {
        EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse => 0,
        EventStreamHeaderType.Byte => 1,
        EventStreamHeaderType.Int16 => 2,
        EventStreamHeaderType.Int32 => 4,
        EventStreamHeaderType.Int64 or EventStreamHeaderType.Timestamp => 8,
        EventStreamHeaderType.ByteArray => 2 + ((byte[])_reference!).Length,
        EventStreamHeaderType.String => 2 + (int)_int64,
        _ => 16,
    };

    /// <summary>Creates a boolean value (type 0 for <see langword="true"/>, 1 for <see langword="false"/>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromBoolean(bool value) =>
        new(value ? EventStreamHeaderType.BoolTrue : EventStreamHeaderType.BoolFalse);

    /// <summary>Creates a signed byte value (type 2).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromByte(sbyte value) => new(EventStreamHeaderType.Byte, value);

    /// <summary>Creates a 16-bit integer value (type 3).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromInt16(short value) => new(EventStreamHeaderType.Int16, value);

    /// <summary>Creates a 32-bit integer value (type 4).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromInt32(int value) => new(EventStreamHeaderType.Int32, value);

    /// <summary>Creates a 64-bit integer value (type 5).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromInt64(long value) => new(EventStreamHeaderType.Int64, value);

    /// <summary>Creates a byte-array value (type 6) holding a copy of <paramref name="value"/>.</summary>
    /// <param name="value">The bytes; at most <see cref="EventStreamLimits.MaxHeaderValueLength"/> (32,767).</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is longer than 32,767 bytes.</exception>
    public static EventStreamHeaderValue FromByteArray(ReadOnlySpan<byte> value)
    {
        if (value.Length > EventStreamLimits.MaxHeaderValueLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A byte-array header value is {value.Length} bytes; the event-stream limit is {EventStreamLimits.MaxHeaderValueLength} bytes."),
                nameof(value));
        }

        return new(EventStreamHeaderType.ByteArray, reference: value.ToArray());
    }

    /// <summary>Creates a string value (type 7), written as UTF-8.</summary>
    /// <param name="value">The string; valid UTF-16, at most <see cref="EventStreamLimits.MaxHeaderValueLength"/> (32,767) bytes in UTF-8.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> has a lone surrogate or is longer than 32,767 UTF-8 bytes.</exception>
    public static EventStreamHeaderValue FromString(string value) => FromString(value, nameof(value));

    /// <summary><see cref="FromString(string)"/>, reporting a bad value as the caller's parameter <paramref name="parameterName"/>.</summary>
    internal static EventStreamHeaderValue FromString(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        int length;
        try
        {
            length = EventStreamUtf8.Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("A string header value must be valid UTF-16 (it has a lone surrogate), so that it can be written as UTF-8.", parameterName, e);
        }

        if (length > EventStreamLimits.MaxHeaderValueLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A string header value is {length} bytes in UTF-8; the event-stream limit is {EventStreamLimits.MaxHeaderValueLength} bytes."),
                parameterName);
        }

        return new(EventStreamHeaderType.String, length, value);
    }

    /// <summary>Creates a timestamp value (type 8): whole milliseconds since the Unix epoch (finer ticks are truncated toward the past).</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromTimestamp(DateTimeOffset value) =>
        new(EventStreamHeaderType.Timestamp, value.ToUnixTimeMilliseconds());

    /// <summary>Creates a UUID value (type 9), written in RFC 9562 (big-endian) byte order.</summary>
    /// <param name="value">The UUID.</param>
    /// <returns>The header value.</returns>
    public static EventStreamHeaderValue FromUuid(Guid value) => new(EventStreamHeaderType.Uuid, uuid: value);

    /// <summary>Returns the boolean value (type 0 or 1).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean() => Type switch
    {
        EventStreamHeaderType.BoolTrue => true,
        EventStreamHeaderType.BoolFalse => false,
        _ => throw WrongType("a boolean"),
    };

    /// <summary>Returns the signed byte value (type 2).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a byte.</exception>
    public sbyte AsByte() => Type == EventStreamHeaderType.Byte ? (sbyte)_int64 : throw WrongType(EventStreamHeaderType.Byte);

    /// <summary>Returns the 16-bit integer value (type 3).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not an int16.</exception>
    public short AsInt16() => Type == EventStreamHeaderType.Int16 ? (short)_int64 : throw WrongType(EventStreamHeaderType.Int16);

    /// <summary>Returns the 32-bit integer value (type 4).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not an int32.</exception>
    public int AsInt32() => Type == EventStreamHeaderType.Int32 ? (int)_int64 : throw WrongType(EventStreamHeaderType.Int32);

    /// <summary>Returns the 64-bit integer value (type 5).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not an int64.</exception>
    public long AsInt64() => Type == EventStreamHeaderType.Int64 ? _int64 : throw WrongType(EventStreamHeaderType.Int64);

    /// <summary>Returns the byte-array value (type 6), read-only.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="InvalidOperationException">The value is not a byte array.</exception>
    public ReadOnlyMemory<byte> AsByteArray() =>
        Type == EventStreamHeaderType.ByteArray ? (byte[])_reference! : throw WrongType(EventStreamHeaderType.ByteArray);

    /// <summary>Returns the string value (type 7).</summary>
    /// <returns>The string.</returns>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string AsString() => Type == EventStreamHeaderType.String ? (string)_reference! : throw WrongType(EventStreamHeaderType.String);

    /// <summary>Returns the timestamp value (type 8), in UTC.</summary>
    /// <returns>The instant, with offset zero.</returns>
    /// <exception cref="InvalidOperationException">The value is not a timestamp.</exception>
    public DateTimeOffset AsTimestamp() =>
        Type == EventStreamHeaderType.Timestamp ? DateTimeOffset.FromUnixTimeMilliseconds(_int64) : throw WrongType(EventStreamHeaderType.Timestamp);

    /// <summary>Returns the UUID value (type 9).</summary>
    /// <returns>The UUID.</returns>
    /// <exception cref="InvalidOperationException">The value is not a UUID.</exception>
    public Guid AsUuid() => Type == EventStreamHeaderType.Uuid ? _uuid : throw WrongType(EventStreamHeaderType.Uuid);

    /// <inheritdoc />
    public bool Equals(EventStreamHeaderValue other) =>
        Type == other.Type && Type switch
        {
            EventStreamHeaderType.ByteArray => ((byte[])_reference!).AsSpan().SequenceEqual((byte[])other._reference!),
            EventStreamHeaderType.String => string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal),
            EventStreamHeaderType.Uuid => _uuid == other._uuid,
            _ => _int64 == other._int64,
        };

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EventStreamHeaderValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        switch (Type)
        {
            case EventStreamHeaderType.ByteArray:
                var hash = new HashCode();
                hash.Add(Type);
                hash.AddBytes((byte[])_reference!);
                return hash.ToHashCode();
            case EventStreamHeaderType.String:
                return HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode((string)_reference!));
            case EventStreamHeaderType.Uuid:
                return HashCode.Combine(Type, _uuid);
            default:
                return HashCode.Combine(Type, _int64);
        }
    }

    /// <summary>
    /// The value as text, in the invariant culture: <c>true</c>/<c>false</c>, the integer, the string itself, the
    /// bytes in hexadecimal, the timestamp in ISO 8601 (<c>"O"</c>), the UUID in its <c>"D"</c> form.
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString() => Type switch
    {
        EventStreamHeaderType.BoolTrue => "true",
        EventStreamHeaderType.BoolFalse => "false",
        EventStreamHeaderType.ByteArray => Convert.ToHexString((byte[])_reference!),
        EventStreamHeaderType.String => (string)_reference!,
        EventStreamHeaderType.Timestamp => AsTimestamp().ToString("O", CultureInfo.InvariantCulture),
        EventStreamHeaderType.Uuid => _uuid.ToString("D", CultureInfo.InvariantCulture),
        _ => _int64.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Whether two values have the same type and value.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(EventStreamHeaderValue left, EventStreamHeaderValue right) => left.Equals(right);

    /// <summary>Whether two values differ in type or value.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(EventStreamHeaderValue left, EventStreamHeaderValue right) => !left.Equals(right);

    // Decoder entry points: the decoder has already checked lengths and ranges.
    internal static EventStreamHeaderValue Scalar(EventStreamHeaderType type, long value) => new(type, value);

    internal static EventStreamHeaderValue OwnedByteArray(byte[] value) => new(EventStreamHeaderType.ByteArray, reference: value);

    internal static EventStreamHeaderValue DecodedString(string value, int utf8Length) => new(EventStreamHeaderType.String, utf8Length, value);

    /// <summary>Writes the value bytes (after the type byte) to <paramref name="destination"/>, which holds at least <see cref="EncodedLength"/> bytes.</summary>
    internal int WriteValue(Span<byte> destination)
    {
        switch (Type)
        {
            case EventStreamHeaderType.BoolTrue:
            case EventStreamHeaderType.BoolFalse:
                return 0;
            case EventStreamHeaderType.Byte:
                destination[0] = (byte)(sbyte)_int64;
                return 1;
            case EventStreamHeaderType.Int16:
                BinaryPrimitives.WriteInt16BigEndian(destination, (short)_int64);
                return 2;
            case EventStreamHeaderType.Int32:
                BinaryPrimitives.WriteInt32BigEndian(destination, (int)_int64);
                return 4;
            case EventStreamHeaderType.Int64:
            case EventStreamHeaderType.Timestamp:
                BinaryPrimitives.WriteInt64BigEndian(destination, _int64);
                return 8;
            case EventStreamHeaderType.ByteArray:
                var bytes = (byte[])_reference!;
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)bytes.Length);
                bytes.CopyTo(destination[2..]);
                return 2 + bytes.Length;
            case EventStreamHeaderType.String:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)_int64);
                int written = EventStreamUtf8.Strict.GetBytes((string)_reference!, destination[2..]);
                return 2 + written;
            default:
                _uuid.TryWriteBytes(destination, bigEndian: true, out _);
                return 16;
        }
    }

    private InvalidOperationException WrongType(EventStreamHeaderType expected) => WrongType("of type " + expected);

    private InvalidOperationException WrongType(string expected) =>
        new($"The header value is of type {Type}, not {expected}; read it with the accessor of its Type.");
}
