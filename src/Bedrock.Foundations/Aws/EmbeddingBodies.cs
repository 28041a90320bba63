using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws;

/// <summary>The model families <see cref="BedrockEmbeddingGenerator"/> speaks.</summary>
internal enum EmbeddingFamily
{
    TitanV1,
    TitanV2,
    Cohere,
    CohereV4,
}

/// <summary>Amazon Titan Text Embeddings request body (one text).</summary>
internal sealed class TitanEmbeddingRequest
{
    [JsonPropertyName("inputText")]
    public string? InputText { get; set; }

    [JsonPropertyName("dimensions")]
    public int? Dimensions { get; set; }

    [JsonPropertyName("normalize")]
    public bool? Normalize { get; set; }
}

/// <summary>Amazon Titan Text Embeddings response body.</summary>
internal sealed class TitanEmbeddingResponse
{
    [JsonPropertyName("embedding")]
    public float[]? Embedding { get; set; }

    [JsonPropertyName("inputTextTokenCount")]
    public int? InputTextTokenCount { get; set; }
}

/// <summary>Cohere Embed request body (up to 96 texts).</summary>
internal sealed class CohereEmbeddingRequest
{
    [JsonPropertyName("texts")]
    public IReadOnlyList<string>? Texts { get; set; }

    [JsonPropertyName("input_type")]
    public string? InputType { get; set; }

    [JsonPropertyName("truncate")]
    public string? Truncate { get; set; }

    [JsonPropertyName("output_dimension")]
    public int? OutputDimension { get; set; }
}

/// <summary>Cohere Embed response body: <c>embeddings</c> is a list of vectors or an object keyed by type.</summary>
internal sealed class CohereEmbeddingResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("response_type")]
    public string? ResponseType { get; set; }

    [JsonPropertyName("embeddings")]
    public JsonElement Embeddings { get; set; }
}

/// <summary>Source-generated serialization of the embedding bodies.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TitanEmbeddingRequest))]
[JsonSerializable(typeof(TitanEmbeddingResponse))]
[JsonSerializable(typeof(CohereEmbeddingRequest))]
[JsonSerializable(typeof(CohereEmbeddingResponse))]
[JsonSerializable(typeof(float[][]))]
internal sealed partial class EmbeddingJsonContext : JsonSerializerContext;
