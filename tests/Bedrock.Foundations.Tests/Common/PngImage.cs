using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Bedrock.Foundations.Tests.Common;

/// <summary>One pixel: 8-bit red, green, blue and alpha.</summary>
internal readonly record struct Rgba(byte R, byte G, byte B, byte A)
{
    /// <summary>The largest difference of R, G or B from <paramref name="other"/> (alpha ignored).</summary>
    public int MaxChannelDifference(Rgba other) =>
        Math.Max(Math.Abs(R - other.R), Math.Max(Math.Abs(G - other.G), Math.Abs(B - other.B)));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2} (alpha {A})");
}

/// <summary>
/// A PNG decoded to 8-bit RGBA, for tests that look at what a browser drew. Decodes the subset headless Chromium writes:
/// bit depth 8, colour type 2 (RGB) or 6 (RGBA), not interlaced, with any of the five filter types (None, Sub, Up,
/// Average, Paeth) per row (PNG specification, 2nd edition, §9). Chunk CRCs are checked; ancillary chunks are skipped.
/// Anything else throws: <see cref="NotSupportedException"/> for a valid PNG outside the subset,
/// <see cref="InvalidDataException"/> for a malformed one.
/// </summary>
internal sealed class PngImage
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Refuses images whose decoded size would exceed this many bytes (a corrupt header, not a screenshot).</summary>
    private const long MaxDecodedBytes = 1L << 28;

    private readonly byte[] _rgba;

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        _rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixel in column <paramref name="x"/> and row <paramref name="y"/> (0, 0 is top left).</summary>
    public Rgba GetPixel(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        int i = ((y * Width) + x) * 4;
        return new Rgba(_rgba[i], _rgba[i + 1], _rgba[i + 2], _rgba[i + 3]);
    }

    public static PngImage Load(string path) => Decode(File.ReadAllBytes(path));

    public static PngImage Decode(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG: the 8-byte signature is missing.");
        }

        int offset = Signature.Length;
        Header? header = null;
        using var compressed = new MemoryStream();
        bool ended = false;
        while (!ended)
        {
            if (png.Length - offset < 12)
            {
                throw new InvalidDataException(Invariant($"Truncated PNG: no complete chunk at byte {offset} (and no IEND)."));
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            if (length > int.MaxValue || length > png.Length - offset - 12)
            {
                throw new InvalidDataException(Invariant($"Truncated PNG: the chunk at byte {offset} claims {length} bytes."));
            }

            ReadOnlySpan<byte> typeAndData = png.Slice(offset + 4, 4 + (int)length);
            string type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            ReadOnlySpan<byte> data = typeAndData[4..];
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + (int)length)..]);
            uint actual = Crc32.Compute(typeAndData);
            if (stored != actual)
            {
                throw new InvalidDataException(Invariant($"Bad CRC in the {type} chunk at byte {offset}: stored {stored:x8}, computed {actual:x8}."));
            }

            offset += 12 + (int)length;
            if (header is null && type != "IHDR")
            {
                throw new InvalidDataException(Invariant($"The first chunk is {type}, not IHDR."));
            }

            switch (type)
            {
                case "IHDR":
                    header = header is null ? ReadHeader(data) : throw new InvalidDataException("A second IHDR chunk.");
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
                case "PLTE":
                    // A suggested palette for a true-colour image: allowed, and not needed to decode it.
                    break;
                default:
                    if (char.IsUpper(type[0]))
                    {
                        throw new NotSupportedException(Invariant($"Unknown critical chunk {type}."));
                    }

                    break; // Ancillary (gAMA, sRGB, pHYs, tEXt, ...): nothing the pixels need.
            }
        }

        return Unfilter(header!.Value, compressed);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException(Invariant($"IHDR has {data.Length} bytes, not 13."));
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        byte bitDepth = data[8];
        byte colourType = data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new InvalidDataException(Invariant($"Bad image size {width} × {height}."));
        }

        if (data[10] != 0 || data[11] != 0)
        {
            throw new InvalidDataException(Invariant($"Unknown compression method {data[10]} or filter method {data[11]}."));
        }

        if (bitDepth != 8)
        {
            throw new NotSupportedException(Invariant($"Bit depth {bitDepth} is not supported (only 8)."));
        }

        int channels = colourType switch
        {
            2 => 3,
            6 => 4,
            _ => throw new NotSupportedException(Invariant($"Colour type {colourType} is not supported (only 2, RGB, and 6, RGBA).")),
        };
        if (data[12] != 0)
        {
            throw new NotSupportedException(Invariant($"Interlace method {data[12]} is not supported (only 0, none)."));
        }

        if ((long)width * height * 4 > MaxDecodedBytes)
        {
            throw new NotSupportedException(Invariant($"{width} × {height} is too large for this decoder."));
        }

        return new Header((int)width, (int)height, channels);
    }

    private static PngImage Unfilter(Header header, MemoryStream compressed)
    {
        int bpp = header.Channels; // bytes per complete pixel at bit depth 8
        int stride = header.Width * bpp;
        var filtered = new byte[header.Height * (stride + 1)]; // fits: ReadHeader capped width × height × 4
        compressed.Position = 0;
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true))
        {
            try
            {
                zlib.ReadExactly(filtered);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException(Invariant($"The image data is shorter than {header.Height} rows of {stride + 1} bytes."), e);
            }
        }

        var rgba = new byte[header.Width * header.Height * 4];
        var previous = new byte[stride]; // the row above the first is all zero
        var current = new byte[stride];
        for (int y = 0; y < header.Height; y++)
        {
            int rowStart = y * (stride + 1);
            byte filter = filtered[rowStart];
            filtered.AsSpan(rowStart + 1, stride).CopyTo(current);
            switch (filter)
            {
                case 0: // None
                    break;
                case 1: // Sub: + a (the byte one pixel to the left)
                    for (int i = bpp; i < stride; i++)
                    {
                        current[i] += current[i - bpp];
                    }

                    break;
                case 2: // Up: + b (the byte above)
                    for (int i = 0; i < stride; i++)
                    {
                        current[i] += previous[i];
                    }

                    break;
                case 3: // Average: + floor((a + b) / 2)
                    for (int i = 0; i < stride; i++)
                    {
                        int a = i >= bpp ? current[i - bpp] : 0;
                        current[i] += (byte)((a + previous[i]) >> 1);
                    }

                    break;
                case 4: // Paeth: + whichever of a, b, c is nearest a + b − c
                    for (int i = 0; i < stride; i++)
                    {
                        int a = i >= bpp ? current[i - bpp] : 0;
                        int c = i >= bpp ? previous[i - bpp] : 0;
                        current[i] += Paeth(a, previous[i], c);
                    }

                    break;
                default:
                    throw new InvalidDataException(Invariant($"Row {y} has filter type {filter}; only 0–4 exist."));
            }

            for (int x = 0; x < header.Width; x++)
            {
                int source = x * bpp;
                int target = ((y * header.Width) + x) * 4;
                rgba[target] = current[source];
                rgba[target + 1] = current[source + 1];
                rgba[target + 2] = current[source + 2];
                rgba[target + 3] = bpp == 4 ? current[source + 3] : (byte)255;
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(header.Width, header.Height, rgba);
    }

    /// <summary>The Paeth predictor (PNG §9.4): ties go to a, then b, then c.</summary>
    private static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Header(int Width, int Height, int Channels);
}
