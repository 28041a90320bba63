
namespace Bedrock.Foundations.LocalEmbeddings.Tests;

[TestFixture]
public sealed class MiniLmEmbeddingGeneratorOptionsTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        var options = new MiniLmEmbeddingGeneratorOptions();

        Assert.That(options.BatchSize, Is.EqualTo(32));
        Assert.That(options.MaxDegreeOfParallelism, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(options.IntraOpNumThreads, Is.EqualTo(1));
        Assert.That(options.MaxSequenceLength, Is.EqualTo(512));
        Assert.That(options.Validate, Throws.Nothing);
    }

    [Test]
    public void Validate_ValuesAtTheLimits_AreAccepted()
    {
        Assert.That(new MiniLmEmbeddingGeneratorOptions { BatchSize = 1, MaxDegreeOfParallelism = 1, IntraOpNumThreads = 1, MaxSequenceLength = 2 }.Validate, Throws.Nothing);
        Assert.That(new MiniLmEmbeddingGeneratorOptions { BatchSize = 4096, IntraOpNumThreads = 256, MaxSequenceLength = 512 }.Validate, Throws.Nothing);
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { BatchSize = 0 }, "MiniLmEmbeddingGeneratorOptions.BatchSize must be in [1, 4096]; it is 0.").SetName("BatchSize 0");
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { BatchSize = 4097 }, "MiniLmEmbeddingGeneratorOptions.BatchSize must be in [1, 4096]; it is 4097.").SetName("BatchSize 4097");
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { MaxDegreeOfParallelism = 0 }, "MiniLmEmbeddingGeneratorOptions.MaxDegreeOfParallelism must be at least 1; it is 0.").SetName("MaxDegreeOfParallelism 0");
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { IntraOpNumThreads = 0 }, "MiniLmEmbeddingGeneratorOptions.IntraOpNumThreads must be in [1, 256]; it is 0.").SetName("IntraOpNumThreads 0");
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { IntraOpNumThreads = 257 }, "MiniLmEmbeddingGeneratorOptions.IntraOpNumThreads must be in [1, 256]; it is 257.").SetName("IntraOpNumThreads 257");
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { MaxSequenceLength = 1 }, "MiniLmEmbeddingGeneratorOptions.MaxSequenceLength must be in [2, 512] tokens (the model's position table has 512); it is 1.").SetName("MaxSequenceLength 1");
        yield return new TestCaseData(new MiniLmEmbeddingGeneratorOptions { MaxSequenceLength = 513 }, "MiniLmEmbeddingGeneratorOptions.MaxSequenceLength must be in [2, 512] tokens (the model's position table has 512); it is 513.").SetName("MaxSequenceLength 513");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Validate_OutOfRange_ThrowsNamingThePropertyAndValue(MiniLmEmbeddingGeneratorOptions options, string message)
    {
        Assert.That(
            options.Validate,
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("options").And.Message.StartsWith(message));
    }
}
