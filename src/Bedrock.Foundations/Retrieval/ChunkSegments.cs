using System.Globalization;
using System.Text;

namespace Bedrock.Foundations.Retrieval;

/// <summary>How strongly a chunk prefers to end at a gap between two words.</summary>
internal enum ChunkBreak
{
    /// <summary>Between two words (a whitespace run, or between two CJK characters).</summary>
    Word = 0,

    /// <summary>After a sentence end (<c>. ! ? …</c> or <c>。！？</c>, optionally closed by quotes or brackets) or at a line break.</summary>
    Sentence = 1,

    /// <summary>At a blank line.</summary>
    Paragraph = 2,

    /// <summary>Before a markdown heading line.</summary>
    Section = 3,
}

/// <summary>
/// The words of a text (the units a chunk never splits), the kind of each gap between them, and the markdown heading path
/// in effect at each word.
/// </summary>
/// <remarks>
/// A word is a maximal run of non-whitespace characters, except that a run of CJK characters (Han ideographs, kana, and
/// CJK punctuation attached to the character before it) splits into one word per character, since such scripts do not
/// separate words with spaces. A split never falls before a combining mark or variation selector, nor inside a surrogate
/// pair.
/// </remarks>
internal sealed class ChunkSegments
{
    private readonly List<int> _starts = [];
    private readonly List<int> _ends = [];
    private readonly List<ChunkBreak> _breakAfter = [];
    private readonly List<IReadOnlyList<string>> _headings = [];
    private readonly List<bool> _startsHeading = [];

    internal ChunkSegments(string text)
    {
        ChunkHeadings headings = new(text);
        int headingIndex = -1;
        IReadOnlyList<string> path = [];
        int i = 0;
        while (i < text.Length)
        {
            int gapStart = i;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            int runStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            int runEnd = i;
            bool first = true;
            foreach (int wordStart in CjkSplits(text, runStart, runEnd))
            {
                int wordEnd = NextSplit(text, wordStart, runEnd);
                while (headingIndex + 1 < headings.Count && headings.LineStart(headingIndex + 1) <= wordStart)
                {
                    headingIndex++;
                    path = headings.Path(headingIndex);
                }

                if (_starts.Count > 0)
                {
                    ChunkBreak kind = first ? GapKind(text, gapStart, runStart, headings) : ChunkBreak.Word;
                    if (!first && IsCjkSentenceEnd(text, _ends[^1]))
                    {
                        kind = ChunkBreak.Sentence;
                    }

                    _breakAfter[^1] = kind;
                }

                _starts.Add(wordStart);
                _ends.Add(wordEnd);
                _breakAfter.Add(ChunkBreak.Section);
                _headings.Add(path);
                _startsHeading.Add(headings.IsHeadingLineAt(wordStart));
                first = false;
            }
        }
    }

    /// <summary>Gets the number of words.</summary>
    internal int Count => _starts.Count;

    /// <summary>The offset of word <paramref name="word"/>'s first character.</summary>
    internal int Start(int word) => _starts[word];

    /// <summary>The offset just past word <paramref name="word"/>'s last character.</summary>
    internal int End(int word) => _ends[word];

    /// <summary>The kind of gap after word <paramref name="word"/> (<see cref="ChunkBreak.Section"/> after the last).</summary>
    internal ChunkBreak BreakAfter(int word) => _breakAfter[word];

    /// <summary>The heading path in effect at word <paramref name="word"/>.</summary>
    internal IReadOnlyList<string> Headings(int word) => _headings[word];

    /// <summary>Whether word <paramref name="word"/> is the first of a heading line.</summary>
    internal bool StartsHeading(int word) => _startsHeading[word];

    /// <summary>The last word whose end is at or before <paramref name="offset"/>, or −1.</summary>
    internal int LastEndingAtOrBefore(int offset)
    {
        int index = _ends.BinarySearch(offset);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The first word whose start is at or after <paramref name="offset"/>, or <see cref="Count"/>.</summary>
    internal int FirstStartingAtOrAfter(int offset)
    {
        int index = _starts.BinarySearch(offset);
        return index >= 0 ? index : ~index;
    }

    /// <summary>Classifies the whitespace gap [<paramref name="gapStart"/>, <paramref name="next"/>) before a word.</summary>
    private ChunkBreak GapKind(string text, int gapStart, int next, ChunkHeadings headings)
    {
        int lineBreaks = 0;
        for (int j = gapStart; j < next; j++)
        {
            char c = text[j];
            if (c == '\n' || (c == '\r' && (j + 1 == next || text[j + 1] != '\n')) || c == '\u2028' || c == '\u2029' || c == '\u0085' || c == '\f')
            {
                lineBreaks++;
            }
        }

        if (lineBreaks >= 1 && headings.IsHeadingLineAt(next))
        {
            return ChunkBreak.Section;
        }

        if (lineBreaks >= 1 && headings.IsHeadingLineEndingAt(_ends[^1]))
        {
            // A chunk never chooses to end right after a heading: the heading belongs with the text under it.
            return ChunkBreak.Word;
        }

        if (lineBreaks >= 2)
        {
            return ChunkBreak.Paragraph;
        }

        return lineBreaks == 1 || IsSentenceEnd(text, _starts[^1], _ends[^1]) ? ChunkBreak.Sentence : ChunkBreak.Word;
    }

    /// <summary>Whether the word [start, end) ends a sentence: <c>. ! ? …</c> (or a CJK full stop), then closing quotes or brackets.</summary>
    private static bool IsSentenceEnd(string text, int start, int end)
    {
        int j = end - 1;
        while (j > start && text[j] is '"' or '\'' or ')' or ']' or '}' or '\u201D' or '\u2019' or '\u00BB' or '*' or '_')
        {
            j--;
        }

        return text[j] is '.' or '!' or '?' or '\u2026' or '\u3002' or '\uFF01' or '\uFF1F' or '\uFF61';
    }

    private static bool IsCjkSentenceEnd(string text, int end) => text[end - 1] is '\u3002' or '\uFF01' or '\uFF1F' or '\uFF61';

    /// <summary>The word starts inside the non-whitespace run [start, end): its start, then every CJK split point.</summary>
    private static IEnumerable<int> CjkSplits(string text, int start, int end)
    {
        yield return start;
        int split = NextSplit(text, start, end);
        while (split < end)
        {
            yield return split;
            split = NextSplit(text, split, end);
        }
    }

    /// <summary>The first split point after <paramref name="start"/> inside the run ending at <paramref name="end"/>, or <paramref name="end"/>.</summary>
    private static int NextSplit(string text, int start, int end)
    {
        Rune previous = Rune.GetRuneAt(text, start);
        int i = start + previous.Utf16SequenceLength;
        while (i < end)
        {
            Rune current = Rune.GetRuneAt(text, i);
            if (IsCjk(previous) && IsCjkWord(current) && !IsExtending(current))
            {
                return i;
            }

            if (IsCjkFullStop(previous) && !IsExtending(current) && !IsClosing(current))
            {
                return i;
            }

            previous = current;
            i += current.Utf16SequenceLength;
        }

        return end;
    }

    /// <summary>A character that stands for a word of its own in CJK text (written without spaces): a Han ideograph or a kana.</summary>
    internal static bool IsCjkWord(Rune rune)
    {
        int v = rune.Value;
        return v is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x20000 and <= 0x3FFFF) or (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0xFF66 and <= 0xFF9F);
    }

    /// <summary>A CJK word character or CJK punctuation (symbols and punctuation block, full-width forms).</summary>
    private static bool IsCjk(Rune rune) =>
        IsCjkWord(rune) || rune.Value is (>= 0x3000 and <= 0x303F) or (>= 0xFF00 and <= 0xFF65);

    private static bool IsCjkFullStop(Rune rune) => rune.Value is 0x3002 or 0xFF01 or 0xFF1F or 0xFF61;

    private static bool IsClosing(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.ClosePunctuation or UnicodeCategory.FinalQuotePunctuation;

    /// <summary>A character that attaches to the one before it: a combining mark, a variation selector, a joiner.</summary>
    private static bool IsExtending(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        || rune.Value is 0x200D or 0x200C;
}
