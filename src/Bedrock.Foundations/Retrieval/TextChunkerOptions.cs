using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace Bedrock.Foundations.Retrieval;

/// <summary>How <see cref="TextChunker"/> cuts text: the window size, the overlap and the tokenizer that counts tokens.</summary>
public sealed class TextChunkerOptions
{
    /// <summary>The default largest chunk: 512 tokens.</summary>
    public const int DefaultMaxTokensPerChunk = 512;

    /// <summary>The default overlap between consecutive chunks: 64 tokens.</summary>
    public const int DefaultOverlapTokens = 64;

    /// <summary>Gets the most tokens a chunk holds (N).</summary>
    /// <value>Positive and greater than <see cref="OverlapTokens"/>; default <see cref="DefaultMaxTokensPerChunk"/>.</value>
    public int MaxTokensPerChunk { get; init; } = DefaultMaxTokensPerChunk;

    /// <summary>Gets the most tokens a chunk repeats from the end of the chunk before it (O).</summary>
    /// <value>Not negative and less than <see cref="MaxTokensPerChunk"/>; default <see cref="DefaultOverlapTokens"/>. 0 cuts chunks that do not overlap.</value>
    public int OverlapTokens { get; init; } = DefaultOverlapTokens;

    /// <summary>Gets the tokenizer that counts tokens.</summary>
    /// <value>
    /// Default null: OpenAI's o200k_base encoding (<c>TiktokenTokenizer.CreateForModel("gpt-4o")</c>), loaded once per
    /// process from the Microsoft.ML.Tokenizers.Data.O200kBase package. Use the tokenizer of the embedding model when its
    /// input limit is what the chunk size protects.
    /// </value>
    public Tokenizer? Tokenizer { get; init; }

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="MaxTokensPerChunk"/> is not positive, <see cref="OverlapTokens"/> is negative, or the chunk size is not
    /// greater than the overlap (parameter <c>options</c>; the message names the property and the values).
    /// </exception>
    public void Validate()
    {
        if (MaxTokensPerChunk <= 0)
        {
            throw new ArgumentOutOfRangeException("options", MaxTokensPerChunk, string.Create(CultureInfo.InvariantCulture, $"TextChunkerOptions.MaxTokensPerChunk must be positive; it is {MaxTokensPerChunk}."));
        }

        if (OverlapTokens < 0)
        {
            throw new ArgumentOutOfRangeException("options", OverlapTokens, string.Create(CultureInfo.InvariantCulture, $"TextChunkerOptions.OverlapTokens must not be negative; it is {OverlapTokens}."));
        }

        if (MaxTokensPerChunk <= OverlapTokens)
        {
            throw new ArgumentOutOfRangeException(
                "options",
                MaxTokensPerChunk,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"TextChunkerOptions.MaxTokensPerChunk ({MaxTokensPerChunk}) must be greater than OverlapTokens ({OverlapTokens}); otherwise a chunk has no room for new text. Lower the overlap or raise the chunk size."));
        }
    }
}
