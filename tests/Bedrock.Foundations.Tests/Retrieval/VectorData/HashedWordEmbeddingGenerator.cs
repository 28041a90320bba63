using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>
/// A deterministic fake embedder: each lower-cased word adds ±1 to one of <see cref="Dimensions"/> components chosen
/// by an FNV-1a hash, and a small constant component keeps every vector non-zero. Texts sharing words score high.
/// </summary>
internal sealed class HashedWordEmbeddingGenerator(int dimensions = 64) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Dimensions { get; } = dimensions;

    /// <summary>Gets the number of GenerateAsync calls.</summary>
    public int Calls { get; private set; }

    /// <summary>Gets every text embedded, in order.</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>Gets the number of texts in each call, in order.</summary>
    public List<int> BatchSizes { get; } = [];

    /// <summary>Gets or sets a callback run at the start of each call (with the call's number, from 1).</summary>
    public Action<int>? OnGenerate { get; set; }

    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        vector[0] = 0.01f;
        foreach (string word in text.ToUpperInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string token = new(word.Where(char.IsLetterOrDigit).ToArray());
            if (token.Length == 0)
            {
                continue;
            }

            uint hash = 2166136261;
            foreach (char c in token)
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[1 + (int)(hash % (uint)(dimensions - 1))] += (hash & 0x80000000) == 0 ? 1f : -1f;
        }

        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Calls++;
        OnGenerate?.Invoke(Calls);
        cancellationToken.ThrowIfCancellationRequested();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            Inputs.Add(value);
            embeddings.Add(new Embedding<float>(Embed(value, Dimensions)));
        }

        BatchSizes.Add(embeddings.Count);

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("hashed-words", null, "fake", Dimensions) : null;

    public void Dispose()
    {
    }
}
