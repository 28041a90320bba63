using System.Globalization;
using System.Text;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Turns text into the terms a <see cref="KeywordIndex"/> counts: full-width ASCII folded to ASCII, lower-casing with the
/// invariant culture (Unicode simple case mapping), a split at every character that is not a letter, a digit or a combining mark, each CJK ideograph or
/// kana as a term of its own, and optionally no English stop words.
/// </summary>
internal static class KeywordAnalyzer
{
    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    };

    /// <summary>Appends the terms of <paramref name="text"/>, in order (repeats kept), to <paramref name="terms"/>.</summary>
    internal static void Analyze(string text, bool removeStopWords, List<string> terms)
    {
        var term = new StringBuilder();
        Span<char> buffer = stackalloc char[2];
        foreach (Rune input in text.EnumerateRunes())
        {
            // Full-width forms of ASCII (U+FF01..U+FF5E), common in CJK text, fold to ASCII.
            Rune rune = input.Value is >= 0xFF01 and <= 0xFF5E ? new Rune(input.Value - 0xFEE0) : input;
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (ChunkSegments.IsCjkWord(rune))
            {
                Flush(term, removeStopWords, terms);
                terms.Add(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (Rune.IsLetterOrDigit(rune) || (term.Length > 0 && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                term.Append(buffer[..Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer)]);
            }
            else
            {
                Flush(term, removeStopWords, terms);
            }
        }

        Flush(term, removeStopWords, terms);
    }

    private static void Flush(StringBuilder term, bool removeStopWords, List<string> terms)
    {
        if (term.Length == 0)
        {
            return;
        }

        string value = term.ToString();
        term.Clear();
        if (!removeStopWords || !EnglishStopWords.Contains(value))
        {
            terms.Add(value);
        }
    }
}
