using System.Text.Json;
using Bedrock.Foundations.Aws.Model;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Aws;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over Bedrock's InvokeModel for Amazon Titan Text Embeddings
/// (V2: dimensions 256, 512 or 1024, normalized; V1: 1,536 dimensions) and Cohere Embed (v3 and v4, up to 96 texts per call).
/// </summary>
/// <remarks>
/// Titan takes one text per call, so the texts of one request are sent as concurrent calls, at most
/// <see cref="MaxConcurrency"/> at a time; Cohere takes batches of up to 96 texts, also sent at most
/// <see cref="MaxConcurrency"/> at a time — a cap for the generator, shared by concurrent calls. Embeddings come back in
/// input order. Cohere's <c>input_type</c> is
/// <see cref="CohereInputType"/> unless a call sets <c>input_type</c> in
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>. <see cref="EmbeddingGenerationOptions.Dimensions"/>
/// overrides the constructor's dimensions per call. Titan's <c>inputTextTokenCount</c> is summed into
/// <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>. The generator does not own the <see cref="BedrockRuntimeClient"/>.
/// </remarks>
public sealed class BedrockEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The most texts Cohere Embed takes in one call.</summary>
    public const int CohereBatchSize = 96;

    private static readonly int[] TitanV2Dimensions = [256, 512, 1024];
    private static readonly int[] CohereV4Dimensions = [256, 512, 1024, 1536];

    private readonly BedrockRuntimeClient _client;
    private readonly EmbeddingFamily _family;
    private readonly int _maxConcurrency = 4;
    private SemaphoreSlim? _gate;

    /// <summary>Creates a generator for <paramref name="modelId"/>.</summary>
    /// <param name="client">The Bedrock Runtime client that sends the calls.</param>
    /// <param name="modelId">A Titan Text Embeddings (<c>amazon.titan-embed-text-v2:0</c>, <c>-v1</c>) or Cohere Embed
    /// (<c>cohere.embed-english-v3</c>, <c>cohere.embed-multilingual-v3</c>, <c>cohere.embed-v4:0</c>) model id, inference
    /// profile or ARN.</param>
    /// <param name="dimensions">Output dimensions: 256, 512 or 1024 for Titan V2 (default 1024); 256, 512, 1024 or 1536 for
    /// Cohere v4; null for models with a fixed size.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="modelId"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is not a Titan text or Cohere embedding model.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not one the model offers.</exception>
    public BedrockEmbeddingGenerator(BedrockRuntimeClient client, string modelId, int? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _family = FamilyOf(modelId, nameof(modelId));
        CheckDimensions(_family, dimensions, nameof(dimensions));
        _client = client;
        ModelId = modelId;
        Dimensions = dimensions;
        Metadata = new EmbeddingGeneratorMetadata(
            ConverseMapping.ProviderName, client.Endpoint, modelId, dimensions ?? DefaultDimensions(_family));
    }

    /// <summary>The model the generator calls.</summary>
    public string ModelId { get; }

    /// <summary>The output dimensions requested by default (null: the model's default).</summary>
    public int? Dimensions { get; }

    /// <summary>Provider <c>aws.bedrock</c>, the runtime endpoint, the model and its dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>How many InvokeModel calls the generator may have in flight, over all concurrent requests (default 4, at least 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxConcurrency = value;
        }
    }

    /// <summary>
    /// Cohere's <c>input_type</c> when a call does not set one: <c>search_document</c> (default), <c>search_query</c>,
    /// <c>classification</c> or <c>clustering</c>.
    /// </summary>
    public string CohereInputType { get; init; } = "search_document";

    /// <summary>
    /// Cohere's <c>truncate</c>: <c>NONE</c> (the service's default: a text over the model's limit is an error),
    /// <c>START</c> or <c>END</c> (drop tokens from that end). Null (default) sends nothing.
    /// </summary>
    public string? CohereTruncate { get; init; }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] texts = [.. values];
        for (int i = 0; i < texts.Length; i++)
        {
            if (string.IsNullOrEmpty(texts[i]))
            {
                throw new ArgumentException($"Text {i} is null or empty: Bedrock embedding models reject empty input.", nameof(values));
            }
        }

        string modelId = options?.ModelId ?? ModelId;
        EmbeddingFamily family = options?.ModelId is { } other ? FamilyOf(other, nameof(options)) : _family;
        int? dimensions = options?.Dimensions ?? (family == _family ? Dimensions : null);
        CheckDimensions(family, dimensions, nameof(options));

        var embeddings = new Embedding<float>[texts.Length];
        long tokens = 0;
        bool counted = false;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = cancellationToken };
        if (family is EmbeddingFamily.Cohere or EmbeddingFamily.CohereV4)
        {
            string inputType = options?.AdditionalProperties?.TryGetValue("input_type", out object? type) == true && type is string s ? s : CohereInputType;
            int batches = (texts.Length + CohereBatchSize - 1) / CohereBatchSize;
            await Parallel.ForAsync(0, batches, parallel, async (b, token) =>
            {
                int first = b * CohereBatchSize;
                string[] batch = texts[first..Math.Min(texts.Length, first + CohereBatchSize)];
                float[][] vectors = await CohereAsync(modelId, family, batch, inputType, dimensions, token).ConfigureAwait(false);
                if (vectors.Length != batch.Length)
                {
                    throw Invalid($"Cohere returned {vectors.Length} embeddings for {batch.Length} texts.");
                }

                for (int i = 0; i < vectors.Length; i++)
                {
                    embeddings[first + i] = new Embedding<float>(vectors[i]) { ModelId = modelId, CreatedAt = DateTimeOffset.UtcNow };
                }
            }).ConfigureAwait(false);
        }
        else
        {
            await Parallel.ForAsync(0, texts.Length, parallel, async (i, token) =>
            {
                (float[] vector, int? count) = await TitanAsync(modelId, family, texts[i], dimensions, token).ConfigureAwait(false);
                embeddings[i] = new Embedding<float>(vector) { ModelId = modelId, CreatedAt = DateTimeOffset.UtcNow };
                if (count is int n)
                {
                    Interlocked.Add(ref tokens, n);
                    Volatile.Write(ref counted, true);
                }
            }).ConfigureAwait(false);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(embeddings);
        if (counted)
        {
            result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        }

        return result;
    }

    private async Task<(float[] Vector, int? Tokens)> TitanAsync(string modelId, EmbeddingFamily family, string text, int? dimensions, CancellationToken cancellationToken)
    {
        var body = new TitanEmbeddingRequest
        {
            InputText = text,
            Dimensions = family == EmbeddingFamily.TitanV2 ? dimensions : null,
            Normalize = family == EmbeddingFamily.TitanV2 ? true : null,
        };
        byte[] bytes = await InvokeAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(body, EmbeddingJsonContext.Default.TitanEmbeddingRequest), cancellationToken)
            .ConfigureAwait(false);
        TitanEmbeddingResponse response = Parse(bytes, EmbeddingJsonContext.Default.TitanEmbeddingResponse, "Titan");
        return (response.Embedding ?? throw Invalid("Titan's response has no 'embedding'."), response.InputTextTokenCount);
    }

    private async Task<float[][]> CohereAsync(string modelId, EmbeddingFamily family, string[] texts, string inputType, int? dimensions, CancellationToken cancellationToken)
    {
        var body = new CohereEmbeddingRequest
        {
            Texts = texts,
            InputType = inputType,
            Truncate = CohereTruncate,
            OutputDimension = family == EmbeddingFamily.CohereV4 ? dimensions : null,
        };
        byte[] bytes = await InvokeAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(body, EmbeddingJsonContext.Default.CohereEmbeddingRequest), cancellationToken)
            .ConfigureAwait(false);
        CohereEmbeddingResponse response = Parse(bytes, EmbeddingJsonContext.Default.CohereEmbeddingResponse, "Cohere");

        // embeddings_floats: a list of vectors; embeddings_by_type: {"float": [...], ...}.
        JsonElement embeddings = response.Embeddings;
        if (embeddings.ValueKind == JsonValueKind.Object && embeddings.TryGetProperty("float", out JsonElement floats))
        {
            embeddings = floats;
        }

        if (embeddings.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"Cohere's response has no float embeddings (response_type '{response.ResponseType}').");
        }

        try
        {
            return embeddings.Deserialize(EmbeddingJsonContext.Default.SingleArrayArray) ?? throw Invalid("Cohere's embeddings are null.");
        }
        catch (JsonException e)
        {
            throw Invalid($"Cohere's embeddings are not lists of numbers: {e.Message}", e);
        }
    }

    private async Task<byte[]> InvokeAsync(string modelId, byte[] body, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = LazyInitializer.EnsureInitialized(ref _gate, () => new SemaphoreSlim(_maxConcurrency, _maxConcurrency));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            InvokeModelResponse response = await _client.InvokeModelAsync(
                new InvokeModelRequest { ModelId = modelId, Body = body, ContentType = "application/json", Accept = "application/json" },
                cancellationToken).ConfigureAwait(false);
            return response.Body ?? throw Invalid("InvokeModel returned no body.");
        }
        finally
        {
            gate.Release();
        }
    }

    private static T Parse<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string model)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw Invalid($"{model} returned an empty body.");
        }
        catch (JsonException e)
        {
            throw Invalid($"{model} returned a body that is not its embedding response: {e.Message}", e);
        }
    }

    private static BedrockException Invalid(string message, Exception? inner = null) =>
        new(message, inner) { Kind = BedrockErrorKind.InvalidResponse };

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType == typeof(BedrockRuntimeClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the generator's concurrency gate; the <see cref="BedrockRuntimeClient"/> belongs to the caller.</summary>
    public void Dispose() => _gate?.Dispose();

    private static EmbeddingFamily FamilyOf(string modelId, string parameterName = "modelId")
    {
        string family = ConverseMapping.FamilyOf(modelId);
        string id = modelId.ToLowerInvariant();
        return family switch
        {
            "amazon" when id.Contains("titan-embed-text-v2", StringComparison.Ordinal) => EmbeddingFamily.TitanV2,
            "amazon" when id.Contains("titan-embed-text-v1", StringComparison.Ordinal) || id.EndsWith("titan-embed-text", StringComparison.Ordinal)
                => EmbeddingFamily.TitanV1,
            "cohere" when id.Contains("embed-v4", StringComparison.Ordinal) => EmbeddingFamily.CohereV4,
            "cohere" when id.Contains("embed", StringComparison.Ordinal) => EmbeddingFamily.Cohere,
            _ => throw new ArgumentException(
                $"'{modelId}' is not an embedding model this generator speaks: use Amazon Titan Text Embeddings " +
                "(amazon.titan-embed-text-v2:0, amazon.titan-embed-text-v1) or Cohere Embed (cohere.embed-english-v3, " +
                "cohere.embed-multilingual-v3, cohere.embed-v4:0).",
                parameterName),
        };
    }

    private static int? DefaultDimensions(EmbeddingFamily family) => family switch
    {
        EmbeddingFamily.TitanV2 => 1024,
        EmbeddingFamily.TitanV1 => 1536,
        EmbeddingFamily.Cohere => 1024,
        EmbeddingFamily.CohereV4 => 1536,
        _ => null,
    };

    private static void CheckDimensions(EmbeddingFamily family, int? dimensions, string parameterName)
    {
        if (dimensions is not int d)
        {
            return;
        }

        int[]? allowed = family switch
        {
            EmbeddingFamily.TitanV2 => TitanV2Dimensions,
            EmbeddingFamily.CohereV4 => CohereV4Dimensions,
            _ => null,
        };
        if (allowed is null || Array.IndexOf(allowed, d) < 0)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                d,
                allowed is null
                    ? $"This model has a fixed output size ({DefaultDimensions(family)}); leave the dimensions unset."
                    : $"Dimensions must be one of {string.Join(", ", allowed)} for this model.");
        }
    }
}
