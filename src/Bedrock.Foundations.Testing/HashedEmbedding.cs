using System.Text;

namespace Bedrock.Foundations.Testing;

/// <summary>
/// The emulator's default embeddings: feature hashing of the lower-cased word unigrams and bigrams of a text.
/// Deterministic across runs and machines.
/// </summary>
/// <remarks>
/// Each feature (a word of <see cref="EmulatedTokenizer.Words"/>, or two adjacent words joined by a space) is hashed
/// with 64-bit FNV-1a over its UTF-8 bytes; the bucket is the hash modulo the dimension count and the sign is + when
/// bit 63 of the hash is 0, else −. Texts that share words therefore have a positive cosine similarity. The vector is
/// then scaled to unit length; a text without words gets the unit vector (1, 0, …, 0).
/// </remarks>
public static class HashedEmbedding
{
    /// <summary>Embeds a text into a unit-length vector.</summary>
    /// <param name="text">The text.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The normalized embedding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is less than 1.</exception>
    public static float[] Embed(string text, int dimensions)
    {
        float[] vector = EmbedUnnormalized(text, dimensions);
        double sum = 0;
        foreach (float v in vector)
        {
            sum += (double)v * v;
        }

        if (sum == 0)
        {
            vector[0] = 1;
            return vector;
        }

        float scale = (float)(1 / Math.Sqrt(sum));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    /// <summary>Embeds a text into the raw signed feature counts, before normalization.</summary>
    /// <param name="text">The text.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The unnormalized embedding (all zero for a text without words).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is less than 1.</exception>
    public static float[] EmbedUnnormalized(string text, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        float[] vector = new float[dimensions];
        IReadOnlyList<string> words = EmulatedTokenizer.Words(text);
        for (int i = 0; i < words.Count; i++)
        {
            Add(vector, words[i]);
            if (i + 1 < words.Count)
            {
                Add(vector, words[i] + " " + words[i + 1]);
            }
        }

        return vector;
    }

    private static void Add(float[] vector, string feature)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(feature))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        int bucket = (int)(hash % (ulong)vector.Length);
        vector[bucket] += (hash >> 63) == 0 ? 1f : -1f;
    }
}
