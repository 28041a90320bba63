using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bedrock.Foundations.Retrieval;
using Microsoft.ML.Tokenizers;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>Seeded text generators and independent checks (oracles) for the <see cref="TextChunker"/> tests.</summary>
internal static partial class TextChunkerTestData
{
    private static readonly string[] LatinWords =
    [
        "the", "index", "retrieval", "Bedrock", "chunk", "token", "a", "of", "vector", "model", "search,", "results;",
        "(see", "below)", "e.g.", "x", "42", "3.14", "naïve", "café", "cafe\u0301", "Zürich", "straße", "ﬁle", "über-long",
        "https://example.invalid/a/b?c=d", "😀", "👍🏽", "👨‍👩‍👧", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Ελληνικά", "русский", "עברית", "العربية", "हिन्दी",
        "\"quoted\"", "**bold**", "`code`", "--", "…",
    ];

    private static readonly string[] CjkCharacters = ["日", "本", "語", "中", "文", "字", "𠀀", "𠮷", "か", "な", "カ", "ナ", "한"];

    private static readonly string[] SentenceEnds = [".", "!", "?", ".\"", "?)"];

    /// <summary>
    /// A seeded markdown-ish text: headings, paragraphs of sentences, list items, CJK runs without spaces, LF or CRLF line
    /// endings, odd whitespace. The text's own words are the units the chunker must not split.
    /// </summary>
    internal static string Text(int seed, int paragraphs, bool crlf)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        string newline = crlf ? "\r\n" : "\n";
        for (int p = 0; p < paragraphs; p++)
        {
            int kind = random.Next(10);
            if (kind == 0)
            {
                text.Append(' ', random.Next(4)).Append('#', random.Next(1, 7)).Append(' ')
                    .Append(LatinWords[random.Next(LatinWords.Length)]).Append(' ').Append(LatinWords[random.Next(LatinWords.Length)]);
                if (random.Next(4) == 0)
                {
                    text.Append(" ##");
                }
            }
            else if (kind == 1)
            {
                int items = random.Next(1, 5);
                for (int i = 0; i < items; i++)
                {
                    text.Append("- ");
                    AppendSentence(random, text);
                    if (i + 1 < items)
                    {
                        text.Append(newline);
                    }
                }
            }
            else if (kind == 2)
            {
                int length = random.Next(1, 40);
                for (int i = 0; i < length; i++)
                {
                    text.Append(CjkCharacters[random.Next(CjkCharacters.Length)]);
                    if (random.Next(8) == 0)
                    {
                        text.Append(random.Next(2) == 0 ? "。" : "，");
                    }
                }
            }
            else
            {
                int sentences = random.Next(1, 6);
                for (int s = 0; s < sentences; s++)
                {
                    if (s > 0)
                    {
                        text.Append(random.Next(6) == 0 ? "  " : " ");
                    }

                    AppendSentence(random, text);
                }
            }

            text.Append(newline);
            if (random.Next(5) != 0)
            {
                text.Append(random.Next(6) == 0 ? " \t" : "").Append(newline);
            }
        }

        return text.ToString();
    }

    private static void AppendSentence(Random random, StringBuilder text)
    {
        int words = random.Next(1, 14);
        for (int w = 0; w < words; w++)
        {
            if (w > 0)
            {
                text.Append(random.Next(20) == 0 ? "\u00A0" : " ");
            }

            text.Append(LatinWords[random.Next(LatinWords.Length)]);
        }

        text.Append(SentenceEnds[random.Next(SentenceEnds.Length)]);
    }

    /// <summary>
    /// The word around offset <paramref name="offset"/> when a cut there would split one, else null: a cut between two
    /// characters is inside a word unless one side is whitespace or both sides are CJK characters (ideographs or kana,
    /// the right one not punctuation) or the left side ends a CJK sentence.
    /// </summary>
    internal static string? WordSplitAt(string text, int offset)
    {
        if (offset <= 0 || offset >= text.Length || char.IsWhiteSpace(text[offset - 1]) || char.IsWhiteSpace(text[offset]))
        {
            return null;
        }

        Rune left = RuneBefore(text, offset);
        Rune right = Rune.GetRuneAt(text, offset);
        if (((IsCjkCharacter(left) || left.Value is 0x3002 or 0xFF0C) && IsCjkCharacter(right)) || left.Value is 0x3002)
        {
            return null;
        }

        int start = offset;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        int end = offset;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return text[start..end];
    }

    private static Rune RuneBefore(string text, int offset) =>
        char.IsLowSurrogate(text[offset - 1]) && offset >= 2 ? new Rune(text[offset - 2], text[offset - 1]) : new Rune(text[offset - 1]);

    private static bool IsCjkCharacter(Rune rune) =>
        rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x20000 and <= 0x3FFFF) or (>= 0x3040 and <= 0x30FF);

    /// <summary>The heading path at <paramref name="offset"/>, by regular expression over the lines before it, outside code fences.</summary>
    internal static List<string> HeadingsAt(string text, int offset)
    {
        var levels = new SortedDictionary<int, string>();
        bool inFence = false;
        foreach (Match line in LineRegex().Matches(text))
        {
            string value = line.Groups[1].Value;
            if (line.Index > offset)
            {
                break;
            }

            if (FenceRegex().IsMatch(value))
            {
                inFence = !inFence;
                continue;
            }

            Match heading = HeadingRegex().Match(value);
            if (inFence || !heading.Success || line.Index + value.Length - value.TrimStart(' ').Length > offset)
            {
                continue;
            }

            int level = heading.Groups[1].Length;
            foreach (int deeper in levels.Keys.Where(l => l >= level).ToList())
            {
                levels.Remove(deeper);
            }

            levels[level] = heading.Groups[2].Value;
        }

        return [.. levels.Values];
    }

    [GeneratedRegex(@"([^\r\n]*)(\r\n|\r|\n|$)")]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"^ {0,3}(```|~~~)")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex HeadingRegex();

    /// <summary>Why the chunks break a contract of <see cref="TextChunker"/>, or null when they keep them all.</summary>
    internal static string? Check(string text, IReadOnlyList<TextChunk> chunks, TextChunker chunker)
    {
        Tokenizer tokenizer = chunker.Tokenizer;
        int n = chunker.MaxTokensPerChunk;
        int covered = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            TextChunk chunk = chunks[i];
            if (chunk.Index != i)
            {
                return $"chunk {i} has index {chunk.Index}";
            }

            if (chunk.Start < 0 || chunk.End > text.Length || text.Substring(chunk.Start, chunk.Length) != chunk.Text)
            {
                return $"chunk {i} [{chunk.Start}, {chunk.End}) does not round-trip";
            }

            if (chunk.Length == 0 || char.IsWhiteSpace(chunk.Text[0]) || char.IsWhiteSpace(chunk.Text[^1]))
            {
                return $"chunk {i} is empty or has surrounding whitespace";
            }

            int tokens = tokenizer.CountTokens(chunk.Text);
            if (chunk.TokenCount != tokens)
            {
                return $"chunk {i} says {chunk.TokenCount} tokens, the tokenizer counts {tokens}";
            }

            if (tokens > n && chunk.Text.EnumerateRunes().Count() > 1)
            {
                return $"chunk {i} holds {tokens} > {n} tokens: '{chunk.Text}'";
            }

            foreach (int cut in new[] { chunk.Start, chunk.End })
            {
                string? word = WordSplitAt(text, cut);
                if (word is not null && tokenizer.CountTokens(word) <= n)
                {
                    return $"chunk {i} cuts the word '{word}' (which fits in {n} tokens) at {cut}";
                }
            }

            if (i > 0)
            {
                TextChunk previous = chunks[i - 1];
                if (chunk.Start <= previous.Start || chunk.End <= previous.End)
                {
                    return $"chunk {i} [{chunk.Start}, {chunk.End}) does not advance past chunk {i - 1} [{previous.Start}, {previous.End})";
                }

                if (chunk.Start < previous.End)
                {
                    int overlap = tokenizer.CountTokens(text.AsSpan(chunk.Start, previous.End - chunk.Start));
                    if (overlap > chunker.OverlapTokens)
                    {
                        return $"chunks {i - 1} and {i} overlap by {overlap} > {chunker.OverlapTokens} tokens";
                    }
                }
            }

            for (int c = covered; c < chunk.Start; c++)
            {
                if (!char.IsWhiteSpace(text[c]))
                {
                    return $"character {c} ('{text[c]}') is in no chunk";
                }
            }

            covered = Math.Max(covered, chunk.End);
            List<string> expected = HeadingsAt(text, chunk.Start);
            if (!expected.SequenceEqual(chunk.Headings))
            {
                return $"chunk {i} has headings [{string.Join(", ", chunk.Headings)}], expected [{string.Join(", ", expected)}]";
            }
        }

        for (int c = covered; c < text.Length; c++)
        {
            if (!char.IsWhiteSpace(text[c]))
            {
                return $"character {c} ('{text[c]}') after the last chunk is in no chunk";
            }
        }

        return null;
    }

    internal static string Describe(IReadOnlyList<TextChunk> chunks) =>
        string.Join(" | ", chunks.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.Start},{c.End}) {c.TokenCount}")));
}
