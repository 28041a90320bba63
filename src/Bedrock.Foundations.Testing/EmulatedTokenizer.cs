using System.Text;

namespace Bedrock.Foundations.Testing;

/// <summary>The emulator's default token counting and word splitting. Deterministic and culture-invariant.</summary>
public static class EmulatedTokenizer
{
    /// <summary>
    /// Counts tokens: one per maximal run of letters or digits, and one per other character that is not
    /// white space. "Hello, world!" has 4 tokens.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The token count (0 for empty text).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else
            {
                inWord = false;
                if (!char.IsWhiteSpace(c))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Splits text into its words: maximal runs of letters or digits, lower-cased (invariant culture).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The words in order, repeats included.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<string> words = [];
        StringBuilder current = new();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>
    /// Splits text into sentences: a sentence ends at a line break, or at '.', '!' or '?' followed by white space
    /// or the end of the text. Sentences are trimmed; empty ones are dropped.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The sentences in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<string> sentences = [];
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool end = c is '\n' or '\r'
                || (c is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end)
            {
                int length = c is '\n' or '\r' ? i - start : i + 1 - start;
                Add(text.Substring(start, length));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            Add(text[start..]);
        }

        return sentences;

        void Add(string sentence)
        {
            sentence = sentence.Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }
        }
    }
}
