using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Bedrock.Foundations.Tests.Common;

[TestFixture]
public sealed class PngImageTests
{
    private const int None = 0;
    private const int Sub = 1;
    private const int Up = 2;
    private const int Average = 3;
    private const int Paeth = 4;

    /// <summary>
    /// A 64 × 48 screenshot Chromium 156 (Skia's encoder, not ours) took of an SVG with four known colours: #4c78a8 top
    /// left, #e45756 top right, #9d9d9d bottom left, a #333333 disc of radius 10 at (48, 36) on white bottom right. Its
    /// rows use the Up and Paeth filters and its image data is split over two IDAT chunks.
    /// </summary>
    private const string ChromiumScreenshot =
        "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAABzUlEQVR4nOyYzWrCQBSFxxpQwSewQkWtFgRB3bnQF8jCoht9CFcu" +
        "ulJQIS5d1jdoUIq+Q3FZ8Q+6K4KvUBRF6SUr24wxCYRDYL6FyNxzhhzuDcxEkl/emJO8fr8zJ7ljLkcEQCMCoBEB0IgAaEQANCIA" +
        "GhEAjQiARgRAIwKgEQHQSM+PP8xJ7hWVOYn7O8DQnE6n6XS6Wq2+NDwez5NGKpXK5/Ner9fYDg6w3W6bzeZisbhc/NCgP+l0ut1u" +
        "h8Nhgx2QIzQej6vV6r+nv4RKJJhMJgabwDowGo16vd5N2W6363Q6x+OxUqlwBZgO0OT0+33zehKThVsCBDifzzT3+/3evIXErVaL" +
        "jPoSIMB6vTaY+2vM53My6tcBAZbLJbMF1wh4iUWAPwACHA4HZguuEfAOJBIJZguuERAgmUwyW3CNgBFyfQcKhUI8HmcWiUajxWJR" +
        "vw4IEAgEut2uJFloPokVRfH7/foS5ixEHajX6+b1JI7FYtwS7DRaq9V8Ph+d0ui8aSALBoONRkOW5WsC5H2gXC6rqprL5a4JqDQc" +
        "Dg2ensFvZKFQaDAYbDab2Wz2qUGLmUwmm83SbyQSubkD/k5MPGiUSiVmHdd/lfgFAAD//9d791YAAAAGSURBVAMAcbqbOvmRXTIA" +
        "AAAASUVORK5CYII=";

    [Test]
    public void Decode_EachFilterType_RoundTrips(
        [Values(None, Sub, Up, Average, Paeth)] int filter, [Values(2, 6)] int colourType)
    {
        int channels = colourType == 6 ? 4 : 3;
        byte[] pixels = RandomPixels(width: 7, height: 5, channels, seed: 11 + filter);

        PngImage image = PngImage.Decode(Encode(7, 5, colourType, pixels, _ => filter));

        AssertPixels(image, 7, 5, channels, pixels);
    }

    [Test]
    public void Decode_FiltersChangingFromRowToRow_RoundTrips([Values(2, 6)] int colourType)
    {
        int channels = colourType == 6 ? 4 : 3;
        byte[] pixels = RandomPixels(width: 13, height: 11, channels, seed: 5);

        PngImage image = PngImage.Decode(Encode(13, 11, colourType, pixels, row => (row * 3) % 5));

        AssertPixels(image, 13, 11, channels, pixels);
    }

    [Test]
    public void Decode_PaethTies_GoToAThenBThenC()
    {
        // For the bottom-right pixel, a is left, b above, c above-left. Red and blue: a = 0, b = 30, c = 10, so
        // p = 20 is as near b as c and b must win. Green: a = 30, b = 0, c = 10, so p = 20 is as near a as c and a must
        // win. (An a–b tie with a ≠ b cannot happen: it forces c = (a + b) / 2, which is nearer still.)
        byte[] pixels =
        [
            10, 10, 10, /* c */ 30, 0, 30, /* b */
            0, 30, 0, /* a */ 77, 88, 99,
        ];

        PngImage image = PngImage.Decode(Encode(2, 2, 2, pixels, _ => Paeth));

        AssertPixels(image, 2, 2, 3, pixels);
    }

    [Test]
    public void Decode_DataSplitOverManyIdatChunksWithAncillaryChunks_RoundTrips()
    {
        byte[] pixels = RandomPixels(width: 9, height: 6, channels: 4, seed: 3);

        PngImage image = PngImage.Decode(Encode(9, 6, 6, pixels, row => row % 5, idatSize: 7, ancillary: true));

        AssertPixels(image, 9, 6, 4, pixels);
    }

    [Test]
    public void Decode_Rgb_IsOpaque()
    {
        PngImage image = PngImage.Decode(Encode(1, 1, 2, [10, 20, 30], _ => None));

        Assert.That(image.GetPixel(0, 0), Is.EqualTo(new Rgba(10, 20, 30, 255)));
    }

    [Test]
    public void Decode_PngWrittenByChromium_HasTheKnownColours()
    {
        PngImage image = PngImage.Decode(Convert.FromBase64String(ChromiumScreenshot));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((image.Width, image.Height), Is.EqualTo((64, 48)));
            Assert.That(image.GetPixel(8, 8), Is.EqualTo(new Rgba(0x4c, 0x78, 0xa8, 255)));
            Assert.That(image.GetPixel(40, 8), Is.EqualTo(new Rgba(0xe4, 0x57, 0x56, 255)));
            Assert.That(image.GetPixel(8, 40), Is.EqualTo(new Rgba(0x9d, 0x9d, 0x9d, 255)));
            Assert.That(image.GetPixel(48, 36), Is.EqualTo(new Rgba(0x33, 0x33, 0x33, 255)));
            Assert.That(image.GetPixel(63, 47), Is.EqualTo(new Rgba(255, 255, 255, 255)));
        }
    }

    [Test]
    public void GetPixel_OutsideTheImage_Throws()
    {
        PngImage image = PngImage.Decode(Encode(2, 3, 2, new byte[18], _ => None));

        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => image.GetPixel(2, 0))!.ParamName, Is.EqualTo("x"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => image.GetPixel(0, -1))!.ParamName, Is.EqualTo("y"));
    }

    [Test]
    public void Decode_NotAPng_Throws()
    {
        Assert.That(() => PngImage.Decode("GIF89a..."u8), Throws.TypeOf<InvalidDataException>().With.Message.Contains("signature"));
    }

    [Test]
    public void Decode_CorruptedChunk_FailsTheCrc()
    {
        byte[] png = Encode(2, 2, 2, new byte[12], _ => None);
        png[^20] ^= 0x01; // inside the IDAT data

        Assert.That(() => PngImage.Decode(png), Throws.TypeOf<InvalidDataException>().With.Message.Contains("Bad CRC in the IDAT chunk"));
    }

    [Test]
    public void Decode_Truncated_Throws()
    {
        byte[] png = Encode(2, 2, 2, new byte[12], _ => None);

        Assert.That(() => PngImage.Decode(png.AsSpan(0, png.Length - 12)), Throws.TypeOf<InvalidDataException>().With.Message.Contains("Truncated"));
    }

    [Test]
    public void Decode_TooFewRows_Throws()
    {
        byte[] png = Encode(2, 2, 2, new byte[12], _ => None, declaredHeight: 3);

        Assert.That(() => PngImage.Decode(png), Throws.TypeOf<InvalidDataException>().With.Message.Contains("shorter than 3 rows"));
    }

    [Test]
    public void Decode_UnknownFilterType_Throws()
    {
        byte[] png = Encode(2, 2, 2, new byte[12], row => row == 1 ? 5 : None);

        Assert.That(() => PngImage.Decode(png), Throws.TypeOf<InvalidDataException>().With.Message.Contains("Row 1 has filter type 5"));
    }

    [TestCase(16, 2, 0, "Bit depth 16")]
    [TestCase(8, 3, 0, "Colour type 3")]
    [TestCase(8, 0, 0, "Colour type 0")]
    [TestCase(8, 4, 0, "Colour type 4")]
    [TestCase(8, 2, 1, "Interlace method 1")]
    public void Decode_OutsideTheSupportedSubset_ThrowsNotSupported(int bitDepth, int colourType, int interlace, string message)
    {
        byte[] header = HeaderData(1, 1, (byte)bitDepth, (byte)colourType, (byte)interlace);
        byte[] png = Assemble([("IHDR", header), ("IDAT", Compress(new byte[8])), ("IEND", [])]);

        Assert.That(() => PngImage.Decode(png), Throws.TypeOf<NotSupportedException>().With.Message.Contains(message));
    }

    [Test]
    public void Decode_UnknownCriticalChunk_ThrowsNotSupported()
    {
        byte[] png = Assemble([("IHDR", HeaderData(1, 1, 8, 2, 0)), ("ABCD", [1]), ("IDAT", Compress(new byte[4])), ("IEND", [])]);

        Assert.That(() => PngImage.Decode(png), Throws.TypeOf<NotSupportedException>().With.Message.Contains("ABCD"));
    }

    private static void AssertPixels(PngImage image, int width, int height, int channels, byte[] pixels)
    {
        Assert.That((image.Width, image.Height), Is.EqualTo((width, height)));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * channels;
                var expected = new Rgba(pixels[i], pixels[i + 1], pixels[i + 2], channels == 4 ? pixels[i + 3] : (byte)255);
                Assert.That(image.GetPixel(x, y), Is.EqualTo(expected), $"pixel ({x}, {y})");
            }
        }
    }

    private static byte[] RandomPixels(int width, int height, int channels, int seed)
    {
        var pixels = new byte[width * height * channels];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    /// <summary>
    /// A minimal PNG encoder (PNG §9): each row filtered with <paramref name="filterOfRow"/> (any byte is written as
    /// given, so invalid types can be tested), zlib-compressed, cut into IDAT chunks of <paramref name="idatSize"/> bytes.
    /// </summary>
    private static byte[] Encode(
        int width, int height, int colourType, byte[] pixels, Func<int, int> filterOfRow,
        int idatSize = int.MaxValue, bool ancillary = false, int? declaredHeight = null)
    {
        int bpp = colourType == 6 ? 4 : 3;
        int stride = width * bpp;
        var raw = new byte[height * (stride + 1)];
        var zero = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> above = y == 0 ? zero : pixels.AsSpan((y - 1) * stride, stride);
            int filter = filterOfRow(y);
            raw[y * (stride + 1)] = (byte)filter;
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0;
                int b = above[i];
                int c = i >= bpp ? above[i - bpp] : 0;
                int prediction = filter switch
                {
                    Sub => a,
                    Up => b,
                    Average => (a + b) / 2,
                    Paeth => PaethPredictor(a, b, c),
                    _ => 0,
                };
                raw[(y * (stride + 1)) + 1 + i] = (byte)(row[i] - prediction);
            }
        }

        var chunks = new List<(string, byte[])> { ("IHDR", HeaderData(width, declaredHeight ?? height, 8, (byte)colourType, 0)) };
        if (ancillary)
        {
            chunks.Add(("sRGB", [0]));
            chunks.Add(("tEXt", Encoding.ASCII.GetBytes("Comment\0test")));
        }

        byte[] compressed = Compress(raw);
        for (int start = 0; start < compressed.Length; start += idatSize)
        {
            chunks.Add(("IDAT", compressed[start..Math.Min(compressed.Length, start + idatSize)]));
        }

        chunks.Add(("IEND", []));
        return Assemble(chunks);
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }

    private static byte[] HeaderData(int width, int height, byte bitDepth, byte colourType, byte interlace)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(data, width);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), height);
        data[8] = bitDepth;
        data[9] = colourType;
        data[12] = interlace;
        return data;
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Assemble(IEnumerable<(string Type, byte[] Data)> chunks)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> word = stackalloc byte[4];
        foreach ((string type, byte[] data) in chunks)
        {
            byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            png.Write(word);
            png.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeAndData));
            png.Write(word);
        }

        return png.ToArray();
    }
}
