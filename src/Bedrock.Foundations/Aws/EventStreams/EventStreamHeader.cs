using System.Globalization;
using System.Text;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>
/// One header of an event-stream message: a name (1–255 UTF-8 bytes) and a typed <see cref="EventStreamHeaderValue"/>.
/// Immutable and safe to share between threads and messages (the decoder reuses instances for repeated headers).
/// </summary>
public sealed class EventStreamHeader
{
    /// <summary>Creates a header.</summary>
    /// <param name="name">The name: valid UTF-16, 1 to <see cref="EventStreamLimits.MaxHeaderNameLength"/> (255) bytes in UTF-8.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 255 UTF-8 bytes, or has a lone surrogate.</exception>
    public EventStreamHeader(string name, EventStreamHeaderValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        int length;
        try
        {
            length = EventStreamUtf8.Strict.GetByteCount(name);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("A header name must be valid UTF-16 (it has a lone surrogate), so that it can be written as UTF-8.", nameof(name), e);
        }

        if (length is 0 or > EventStreamLimits.MaxHeaderNameLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A header name must be 1 to {EventStreamLimits.MaxHeaderNameLength} bytes in UTF-8; '{Truncate(name)}' is {length}."),
                nameof(name));
        }

        Name = name;
        Value = value;
        NameLength = length;
    }

    // The decoder's constructor: the name was read from the wire, its length is known and valid.
    internal EventStreamHeader(string name, int nameLength, EventStreamHeaderValue value)
    {
        Name = name;
        NameLength = nameLength;
        Value = value;
    }

    /// <summary>The header name (for example <c>:event-type</c>).</summary>
    public string Name { get; }

    /// <summary>The typed value.</summary>
    public EventStreamHeaderValue Value { get; }

    /// <summary>The number of bytes the header takes on the wire: name length byte, name, type byte, value.</summary>
    public int EncodedLength => 2 + NameLength + Value.EncodedLength;

    /// <summary>The UTF-8 length of <see cref="Name"/>.</summary>
    internal int NameLength { get; }

    /// <summary>The header as <c>name: value</c> (see <see cref="EventStreamHeaderValue.ToString"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Name + ": " + Value.ToString();

    /// <summary>Writes the header (name length, name, type, value) to <paramref name="destination"/>, which holds at least <see cref="EncodedLength"/> bytes.</summary>
    internal int Write(Span<byte> destination)
    {
        destination[0] = (byte)NameLength;
        int offset = 1 + EventStreamUtf8.Strict.GetBytes(Name, destination[1..]);
        destination[offset++] = (byte)Value.Type;
        return offset + Value.WriteValue(destination[offset..]);
    }

    private static string Truncate(string name) => name.Length <= 32 ? name : string.Concat(name.AsSpan(0, 32), "…");
}
