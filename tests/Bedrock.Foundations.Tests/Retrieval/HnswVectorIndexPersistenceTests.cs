using System.Buffers.Binary;
using Bedrock.Foundations.Retrieval;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class HnswVectorIndexPersistenceTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "bf-hnsw-" + TestContext.CurrentContext.Test.ID + "-" + Environment.ProcessId);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(VectorMetric.Cosine, 0)]
    [TestCase(VectorMetric.Cosine, 300)]
    [TestCase(VectorMetric.DotProduct, 1)]
    [TestCase(VectorMetric.Euclidean, 2000)]
    public void SaveThenLoad_RoundTripsBitExactly_AndSearchesAlike(VectorMetric metric, int count)
    {
        HnswVectorIndex original = Sample(metric, count, 24);
        original.Remove("doc-00000"); // a tombstone
        original.Upsert("doc-00002", new float[24].Select((_, i) => i + 1f).ToArray()); // a replacement
        byte[] bytes = HnswTestData.Bytes(original);
        HnswVectorIndex loaded = HnswVectorIndex.Load(new MemoryStream(bytes));
        AssertSame(original, loaded);
        Assert.That(HnswTestData.Bytes(loaded), Is.EqualTo(bytes));

        // Both go on identically: the level generator's state is part of the file.
        float[] extra = VectorTestData.Gaussian(new Random(5), 24);
        original.Upsert("extra", extra);
        loaded.Upsert("extra", extra);
        Assert.That(HnswTestData.Bytes(loaded), Is.EqualTo(HnswTestData.Bytes(original)));
    }

    [Test]
    public async Task SaveAsyncThenLoadAsync_RoundTripsBitExactly_AndMatchesTheSynchronousBytes()
    {
        HnswVectorIndex original = Sample(VectorMetric.Cosine, 3000, 17);
        using var stream = new MemoryStream();
        await original.SaveAsync(stream);
        Assert.That(stream.ToArray(), Is.EqualTo(HnswTestData.Bytes(original)));
        stream.Position = 0;
        AssertSame(original, await HnswVectorIndex.LoadAsync(stream));
    }

    [Test]
    public async Task SaveToFileThenLoadFromFile_RoundTripsBitExactly_WithNonAsciiIds()
    {
        var original = new HnswVectorIndex(4, VectorMetric.DotProduct, new HnswOptions { M = 3, EfConstruction = 7, EfSearch = 5, Seed = -9 });
        original.Upsert("日本語", [1f, -2f, float.Epsilon, 3.25f]);
        original.Upsert("naïve/𝄞", [float.MaxValue, float.MinValue, -0f, 1e-40f]);
        string path = Path.Combine(_folder, "index.bin");
        await original.SaveToFileAsync(path);
        HnswVectorIndex loaded = await HnswVectorIndex.LoadFromFileAsync(path);
        AssertSame(original, loaded);
        Assert.That(loaded.Options.ToString(), Is.EqualTo("M = 3, efConstruction = 7, efSearch = 5, seed = -9"));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Load_TruncatedAtEveryLength_ThrowsInvalidDataException()
    {
        HnswVectorIndex index = Sample(VectorMetric.Cosine, 12, 3, new HnswOptions { M = 2 });
        index.Remove("doc-00004");
        byte[] bytes = HnswTestData.Bytes(index);
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(bytes, 0, length)), $"length {length}");
            Assert.That(e!.Message, Does.Contain("truncated").Or.Contain("corrupt"), $"length {length}");
        }
    }

    [Test]
    public void Load_AnyFlippedBit_ThrowsInvalidDataException()
    {
        HnswVectorIndex index = Sample(VectorMetric.Euclidean, 6, 3, new HnswOptions { M = 2 });
        index.Remove("doc-00001");
        byte[] bytes = HnswTestData.Bytes(index);
        for (int position = 0; position < bytes.Length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] corrupt = (byte[])bytes.Clone();
                corrupt[position] ^= (byte)(1 << bit);
                Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(corrupt)), $"byte {position} bit {bit}");
            }
        }
    }

    [Test]
    public void Load_FlippedNeighbourByte_SaysTheChecksumDoesNotMatch()
    {
        byte[] bytes = HnswTestData.Bytes(Sample(VectorMetric.Cosine, 5, 4));
        bytes[^12] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("checksum does not match"));
    }

    [Test]
    public void Load_ValidChecksumOverAnInconsistentGraph_SaysWhatIsWrong()
    {
        byte[] bytes = HnswTestData.Bytes(Sample(VectorMetric.Cosine, 3, 2, new HnswOptions { M = 2 }));

        // Layer-0 lists start after the header (68), id lengths (3 × 4), ids (3 × 9), levels, tombstones (3 + 3) and vectors (3 × 2 × 4).
        int layer0 = 68 + 12 + 27 + 6 + 24;
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(layer0)), Is.InRange(1, 4), "the layout assumed here");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(layer0 + 4), 77);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), System.IO.Hashing.XxHash64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));
        var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("node 0 has an invalid neighbour 77 on layer 0"));
    }

    [Test]
    public void Load_WrongMagic_SaysItIsNotAnIndex()
    {
        byte[] bytes = HnswTestData.Bytes(Sample(VectorMetric.Cosine, 2, 3));
        bytes[0] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("not an HnswVectorIndex").And.Contain("magic"));
    }

    [Test]
    public void Load_AFlatIndexFile_SaysItIsNotAnHnswIndex()
    {
        var flat = new FlatVectorIndex(2);
        flat.Upsert("a", [1f, 2f]);
        using var stream = new MemoryStream();
        flat.Save(stream);
        var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(stream.ToArray())));
        Assert.That(e!.Message, Does.Contain("magic"));
    }

    [Test]
    public void Load_WrongVersion_NamesBothVersions()
    {
        byte[] bytes = HnswTestData.Bytes(Sample(VectorMetric.Cosine, 2, 3));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("format version 2").And.Contain("reads version 1"));
    }

    [Test]
    public void Load_HeaderNodeCountChanged_IsCaughtByTheHeaderChecksumBeforeAllocating()
    {
        byte[] bytes = HnswTestData.Bytes(Sample(VectorMetric.Cosine, 2, 3));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(36), int.MaxValue);
        var e = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("header is corrupt"));
    }

    [Test]
    public async Task LoadFromFile_TrailingBytes_ThrowsInvalidDataException()
    {
        string path = Path.Combine(_folder, "index.bin");
        await File.WriteAllBytesAsync(path, [.. HnswTestData.Bytes(Sample(VectorMetric.Cosine, 2, 3)), 0]);
        var e = Assert.ThrowsAsync<InvalidDataException>(() => HnswVectorIndex.LoadFromFileAsync(path));
        Assert.That(e!.Message, Does.Contain("1 bytes after the end"));
    }

    [Test]
    public async Task SaveToFile_StreamThrowsMidway_LeavesTheExistingFileIntact_AndNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "index.bin");
        HnswVectorIndex first = Sample(VectorMetric.Cosine, 10, 8);
        await first.SaveToFileAsync(path);
        byte[] before = await File.ReadAllBytesAsync(path);

        HnswVectorIndex second = Sample(VectorMetric.Cosine, 2000, 16);
        var e = Assert.ThrowsAsync<IOException>(
            () => second.SaveToFileCoreAsync(path, file => new FullDiskStream(file, 100_000), CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("simulated"));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));

        await second.SaveToFileAsync(path);
        AssertSame(second, await HnswVectorIndex.LoadFromFileAsync(path));
    }

    [Test]
    public async Task SaveToFile_Cancelled_LeavesTheExistingFileIntact()
    {
        string path = Path.Combine(_folder, "index.bin");
        await Sample(VectorMetric.DotProduct, 10, 8).SaveToFileAsync(path);
        byte[] before = await File.ReadAllBytesAsync(path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => Sample(VectorMetric.DotProduct, 50, 8).SaveToFileAsync(path, cancelled.Token));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void SaveAndLoad_BadArguments_Throw()
    {
        HnswVectorIndex index = Sample(VectorMetric.Cosine, 1, 2);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => index.Save(null!))!.ParamName, Is.EqualTo("destination"));
            Assert.That(Assert.Throws<ArgumentException>(() => index.Save(new MemoryStream([], writable: false)))!.ParamName, Is.EqualTo("destination"));
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => index.SaveAsync(null!))!.ParamName, Is.EqualTo("destination"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => HnswVectorIndex.Load(null!))!.ParamName, Is.EqualTo("source"));
            Assert.That(Assert.ThrowsAsync<ArgumentNullException>(() => HnswVectorIndex.LoadAsync(null!))!.ParamName, Is.EqualTo("source"));
            Assert.That(Assert.ThrowsAsync<ArgumentException>(() => index.SaveToFileAsync(""))!.ParamName, Is.EqualTo("path"));
            Assert.That(Assert.ThrowsAsync<ArgumentException>(() => HnswVectorIndex.LoadFromFileAsync(""))!.ParamName, Is.EqualTo("path"));
        });
    }

    private static HnswVectorIndex Sample(VectorMetric metric, int count, int dimensions, HnswOptions? options = null)
    {
        (string[] ids, float[][] vectors) = VectorTestData.Corpus((count * 31) + dimensions, count, dimensions);
        return HnswTestData.Build(dimensions, metric, options ?? new HnswOptions { M = 6, EfConstruction = 30 }, ids, vectors);
    }

    private static void AssertSame(HnswVectorIndex expected, HnswVectorIndex actual)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Dimensions, Is.EqualTo(expected.Dimensions));
            Assert.That(actual.Metric, Is.EqualTo(expected.Metric));
            Assert.That(actual.Count, Is.EqualTo(expected.Count));
            Assert.That(actual.TombstoneCount, Is.EqualTo(expected.TombstoneCount));
            Assert.That(actual.Options.ToString(), Is.EqualTo(expected.Options.ToString()));
            Assert.That(HnswTestData.Bytes(actual), Is.EqualTo(HnswTestData.Bytes(expected)));
        });
        for (int q = 0; q < 10; q++)
        {
            float[] query = VectorTestData.Gaussian(new Random(q), expected.Dimensions);
            Assert.That(actual.Search(query, 10), Is.EqualTo(expected.Search(query, 10)), $"query {q}");
        }
    }

    /// <summary>Passes writes through until a byte budget is spent, then throws like a full disk.</summary>
    private sealed class FullDiskStream(Stream inner, long budget) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            budget -= buffer.Length;
            return budget < 0 ? throw new IOException("simulated: no space left on device") : inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
