using System.Buffers.Binary;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class FlatVectorIndexPersistenceTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "bf-retrieval-" + TestContext.CurrentContext.Test.ID + "-" + Environment.ProcessId);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(VectorMetric.Cosine, 0)]
    [TestCase(VectorMetric.Cosine, 257)]
    [TestCase(VectorMetric.DotProduct, 1)]
    [TestCase(VectorMetric.Euclidean, 5000)]
    public void SaveThenLoad_RoundTripsBitExactly(VectorMetric metric, int count)
    {
        FlatVectorIndex original = Sample(metric, count, 33);
        original.Remove("doc-00000"); // storage order is no longer insertion order
        byte[] bytes = SaveToBytes(original);
        FlatVectorIndex loaded = FlatVectorIndex.Load(new MemoryStream(bytes));
        AssertBitIdentical(original, loaded);
        Assert.That(SaveToBytes(loaded), Is.EqualTo(bytes));
    }

    [Test]
    public async Task SaveAsyncThenLoadAsync_RoundTripsBitExactly_AndMatchesTheSynchronousBytes()
    {
        FlatVectorIndex original = Sample(VectorMetric.Cosine, 3000, 17);
        using var stream = new MemoryStream();
        await original.SaveAsync(stream);
        Assert.That(stream.ToArray(), Is.EqualTo(SaveToBytes(original)));
        stream.Position = 0;
        AssertBitIdentical(original, await FlatVectorIndex.LoadAsync(stream));
    }

    [Test]
    public async Task SaveToFileThenLoadFromFile_RoundTripsBitExactly_WithNonAsciiIds()
    {
        var original = new FlatVectorIndex(4, VectorMetric.DotProduct);
        original.Upsert("日本語", [1f, -2f, float.Epsilon, 3.25f]);
        original.Upsert("naïve/𝄞", [float.MaxValue, float.MinValue, -0f, 1e-40f]);
        string path = Path.Combine(_folder, "index.bin");
        await original.SaveToFileAsync(path);
        FlatVectorIndex loaded = await FlatVectorIndex.LoadFromFileAsync(path);
        AssertBitIdentical(original, loaded);
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Load_TruncatedAtEveryLength_ThrowsInvalidDataException()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Cosine, 3, 4));
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(bytes, 0, length)), $"length {length}");
            Assert.That(e!.Message, Does.Contain("truncated").Or.Contain("corrupt"), $"length {length}");
        }
    }

    [Test]
    public void Load_AnyFlippedBit_ThrowsInvalidDataException()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Euclidean, 3, 4));
        for (int position = 0; position < bytes.Length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] corrupt = (byte[])bytes.Clone();
                corrupt[position] ^= (byte)(1 << bit);
                Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(corrupt)), $"byte {position} bit {bit}");
            }
        }
    }

    [Test]
    public void Load_FlippedVectorByte_SaysTheChecksumDoesNotMatch()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Cosine, 3, 4));
        bytes[^12] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("checksum does not match"));
    }

    [Test]
    public void Load_WrongMagic_SaysItIsNotAnIndex()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Cosine, 2, 3));
        bytes[0] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("not a FlatVectorIndex").And.Contain("magic"));
    }

    [Test]
    public void Load_ForeignFile_SaysItIsNotAnIndex()
    {
        byte[] text = "{\"this\": \"is json, not an index at all\"}"u8.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(text)));
        Assert.That(e!.Message, Does.Contain("magic"));
    }

    [Test]
    public void Load_WrongVersion_NamesBothVersions()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Cosine, 2, 3));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 3);
        var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("format version 3").And.Contain("reads versions 1 to 2"));
    }

    [Test]
    public void Load_HeaderCountChanged_IsCaughtByTheHeaderChecksumBeforeAllocating()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Cosine, 2, 3));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), int.MaxValue);
        var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("header is corrupt"));
    }

    [Test]
    public async Task LoadFromFile_TrailingBytes_ThrowsInvalidDataException()
    {
        string path = Path.Combine(_folder, "index.bin");
        await File.WriteAllBytesAsync(path, [.. SaveToBytes(Sample(VectorMetric.Cosine, 2, 3)), 0]);
        var e = Assert.ThrowsAsync<InvalidDataException>(() => FlatVectorIndex.LoadFromFileAsync(path));
        Assert.That(e!.Message, Does.Contain("1 bytes after the end"));
    }

    [Test]
    public async Task SaveToFile_StreamThrowsMidway_LeavesTheExistingFileIntact_AndNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "index.bin");
        FlatVectorIndex first = Sample(VectorMetric.Cosine, 10, 8);
        await first.SaveToFileAsync(path);
        byte[] before = await File.ReadAllBytesAsync(path);

        FlatVectorIndex second = Sample(VectorMetric.Cosine, 20_000, 8);
        var e = Assert.ThrowsAsync<IOException>(
            () => second.SaveToFileCoreAsync(path, file => new FailingStream(file, failAfterBytes: 100_000), CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("simulated"));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));

        await second.SaveToFileAsync(path);
        AssertBitIdentical(second, await FlatVectorIndex.LoadFromFileAsync(path));
    }

    [Test]
    public async Task SaveToFile_Cancelled_LeavesTheExistingFileIntact()
    {
        string path = Path.Combine(_folder, "index.bin");
        FlatVectorIndex index = Sample(VectorMetric.DotProduct, 10, 8);
        await index.SaveToFileAsync(path);
        byte[] before = await File.ReadAllBytesAsync(path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => Sample(VectorMetric.DotProduct, 50, 8).SaveToFileAsync(path, cancelled.Token));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [TestCase(VectorMetric.Cosine)]
    [TestCase(VectorMetric.DotProduct)]
    [TestCase(VectorMetric.Euclidean)]
    public void Quantized_SaveThenLoad_KeepsTheOptions_AndSearchesAlike(VectorMetric metric)
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(41, 200, 20);
        var original = new FlatVectorIndex(20, metric, new FlatVectorIndexOptions { Quantization = VectorQuantization.ScalarInt8, RescoreCandidates = 17 });
        for (int i = 0; i < ids.Length; i++)
        {
            original.Upsert(ids[i], vectors[i]);
        }

        original.Remove(ids[7]);
        byte[] bytes = SaveToBytes(original);
        FlatVectorIndex loaded = FlatVectorIndex.Load(new MemoryStream(bytes));
        AssertBitIdentical(original, loaded);
        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), Is.EqualTo(2u));
            Assert.That(loaded.Quantization, Is.EqualTo(VectorQuantization.ScalarInt8));
            Assert.That(loaded.RescoreCandidates, Is.EqualTo(17));
            Assert.That(SaveToBytes(loaded), Is.EqualTo(bytes));
        });
        for (int q = 0; q < 20; q++)
        {
            Assert.That(loaded.Search(vectors[q], 10), Is.EqualTo(original.Search(vectors[q], 10)), $"query {q}");
        }
    }

    [Test]
    public void Load_Version1File_LoadsAsAnUnquantizedIndex()
    {
        FlatVectorIndex expected = Sample(VectorMetric.Euclidean, 9, 5);
        byte[] v1 = WriteVersion1(expected);
        FlatVectorIndex loaded = FlatVectorIndex.Load(new MemoryStream(v1));
        AssertBitIdentical(expected, loaded);
        Assert.That(loaded.Quantization, Is.EqualTo(VectorQuantization.None));
        Assert.That(loaded.RescoreCandidates, Is.EqualTo(FlatVectorIndexOptions.DefaultRescoreCandidates));

        for (int length = 0; length < v1.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(v1, 0, length)), $"length {length}");
        }
    }

    [Test]
    public void Load_UndefinedQuantizationInTheHeader_SaysTheHeaderIsInvalid()
    {
        byte[] bytes = SaveToBytes(Sample(VectorMetric.Cosine, 2, 3));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), 5);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), System.IO.Hashing.XxHash64.HashToUInt64(bytes.AsSpan(0, 32)));
        var e = Assert.Throws<InvalidDataException>(() => FlatVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("header is invalid").And.Contain("quantization 5"));
    }

    [Test]
    public void DirectorySync_FlushesAnExistingFolderOnUnix_AndFailsQuietlyOtherwise()
    {
        Assert.That(IndexDirectorySync.TryFlush(Path.Combine(_folder, "missing")), Is.False);
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(IndexDirectorySync.TryFlush(_folder), Is.True);
        }
    }

    /// <summary>Writes format version 1 (a 24-byte header without the quantization fields) independently of the library.</summary>
    private static byte[] WriteVersion1(FlatVectorIndex index)
    {
        using var stream = new MemoryStream();
        var header = new byte[24];
        "BFFLATVI"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), index.Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), (int)index.Metric);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), index.Count);
        stream.Write(header);
        stream.Write(BitConverter.GetBytes(System.IO.Hashing.XxHash64.HashToUInt64(header)));
        foreach (string id in index.Ids)
        {
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(id);
            stream.Write(BitConverter.GetBytes(utf8.Length));
            stream.Write(utf8);
        }

        var vector = new float[index.Dimensions];
        foreach (string id in index.Ids)
        {
            index.TryGetVector(id, vector);
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
        }

        stream.Write(BitConverter.GetBytes(System.IO.Hashing.XxHash64.HashToUInt64(stream.ToArray())));
        return stream.ToArray();
    }

    [Test]
    public void SaveAndLoad_BadArguments_Throw()
    {
        FlatVectorIndex index = Sample(VectorMetric.Cosine, 1, 2);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => index.Save(null!))!.ParamName, Is.EqualTo("destination"));
            Assert.That(Assert.Throws<ArgumentException>(() => index.Save(new MemoryStream([], writable: false)))!.ParamName, Is.EqualTo("destination"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => FlatVectorIndex.Load(null!))!.ParamName, Is.EqualTo("source"));
            Assert.That(Assert.ThrowsAsync<ArgumentException>(() => index.SaveToFileAsync(""))!.ParamName, Is.EqualTo("path"));
            Assert.That(Assert.ThrowsAsync<ArgumentException>(() => FlatVectorIndex.LoadFromFileAsync(""))!.ParamName, Is.EqualTo("path"));
        });
    }

    private static FlatVectorIndex Sample(VectorMetric metric, int count, int dimensions)
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus(count * 31 + dimensions, count, dimensions);
        return VectorTestData.Build(dimensions, metric, ids, vectors);
    }

    private static byte[] SaveToBytes(FlatVectorIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    private static void AssertBitIdentical(FlatVectorIndex expected, FlatVectorIndex actual)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Dimensions, Is.EqualTo(expected.Dimensions));
            Assert.That(actual.Metric, Is.EqualTo(expected.Metric));
            Assert.That(actual.Ids, Is.EqualTo(expected.Ids));
        });
        var a = new float[expected.Dimensions];
        var b = new float[expected.Dimensions];
        foreach (string id in expected.Ids)
        {
            Assert.That(expected.TryGetVector(id, a) && actual.TryGetVector(id, b), Is.True);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.That(BitConverter.SingleToInt32Bits(b[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(a[i])), $"{id}[{i}]");
            }
        }
    }

    /// <summary>Passes writes through to an inner stream until a byte budget is spent, then throws, like a full disk.</summary>
    private sealed class FailingStream(Stream inner, long failAfterBytes) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_written + buffer.Length > failAfterBytes)
            {
                throw new IOException("simulated: no space left on device");
            }

            _written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
