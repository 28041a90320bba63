using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Cuts text into overlapping windows of at most N tokens (<see cref="TextChunkerOptions.MaxTokensPerChunk"/>) that end at
/// the strongest boundary available — a paragraph, else a sentence, else a word — and remembers for each window where it
/// lies in the source and which markdown headings it falls under.
/// </summary>
/// <remarks>
/// <para>
/// Words are never split: a chunk starts at the first character of a word and ends at the last character of a word, so
/// it carries no leading or trailing whitespace. A word is a run of non-whitespace characters; in CJK text, which does
/// not separate words with spaces, each Han ideograph or kana counts as a word (CJK punctuation stays with the character
/// before it). Token counts are of the chunk's own text under the tokenizer (<see cref="TextChunk.TokenCount"/>).
/// </para>
/// <para>
/// Boundaries: a chunk is cut as long as N tokens allow, then pulled back to the last point before a heading line if that
/// keeps at least a quarter of the window's characters, else to the last paragraph boundary (a blank line) if that keeps
/// at least half, else to the last sentence boundary (<c>. ! ? …</c> or <c>。！？</c> followed by a space, or a line break) under the same rule, else to
/// the last word boundary that fits. A chunk does not end right after a heading line unless nothing else fits.
/// </para>
/// <para>
/// Overlap: the next chunk starts with the longest run of whole words at the end of the previous chunk that holds at most
/// O tokens (<see cref="TextChunkerOptions.OverlapTokens"/>), shortened when the next new word would not fit beside it,
/// never the whole previous chunk (so every chunk starts later than the one before), and dropped when the next new word
/// starts a heading line (a section starts at its heading).
/// </para>
/// <para>
/// A word longer than N tokens is the only thing ever cut inside: it is split between text elements (grapheme clusters:
/// a base character with its combining marks, a surrogate pair, an emoji sequence), and where one text element alone is
/// longer than N tokens, between Unicode scalar values; each piece is a chunk of its own, with no overlap. A single scalar
/// value that encodes to more than N tokens (possible only for very small N with a byte-level tokenizer) becomes a chunk
/// of its own that holds more than N tokens: the one case where <see cref="TextChunk.TokenCount"/> exceeds N.
/// </para>
/// <para>
/// Thread safety: a <see cref="TextChunker"/> holds no mutable state; <see cref="Chunk"/> may run concurrently when the
/// tokenizer allows concurrent use. The default tokenizer is one instance shared by the process (as Microsoft.ML.Tokenizers
/// recommends: it is costly to create); concurrent chunking with it is tested to give the same chunks as sequential.
/// </para>
/// </remarks>
public sealed class TextChunker
{
    private static readonly Lazy<Tokenizer> DefaultTokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Tokenizer _tokenizer;

    /// <summary>Creates a chunker with the default options: 512-token chunks, 64 tokens of overlap, the o200k_base tokenizer.</summary>
    public TextChunker()
        : this(new TextChunkerOptions())
    {
    }

    /// <summary>Creates a chunker.</summary>
    /// <param name="options">The chunk size, overlap and tokenizer; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The chunk size is not positive, the overlap is negative, or the chunk size is not greater than the overlap.</exception>
    public TextChunker(TextChunkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        MaxTokensPerChunk = options.MaxTokensPerChunk;
        OverlapTokens = options.OverlapTokens;
        _tokenizer = options.Tokenizer ?? DefaultTokenizer.Value;
    }

    /// <summary>Gets the most tokens a chunk holds (N).</summary>
    public int MaxTokensPerChunk { get; }

    /// <summary>Gets the most tokens a chunk repeats from the end of the chunk before it (O).</summary>
    public int OverlapTokens { get; }

    /// <summary>Gets the tokenizer that counts tokens.</summary>
    public Tokenizer Tokenizer => _tokenizer;

    /// <summary>Cuts <paramref name="text"/> into chunks, in order.</summary>
    /// <param name="text">The source text (plain text or markdown); not null. Line endings may be LF, CRLF or CR.</param>
    /// <returns>
    /// The chunks in source order, <see cref="TextChunk.Index"/> 0, 1, …; every non-whitespace character of the text is in
    /// at least one chunk. Empty when the text is empty or only whitespace.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public IReadOnlyList<TextChunk> Chunk(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new ChunkSegments(text);
        var chunks = new List<TextChunk>();
        int first = 0;
        int mustReach = 0;
        while (first < segments.Count)
        {
            int last = FitEnd(text, segments, ref first, mustReach, out int tokenCount);
            if (last < 0)
            {
                SplitLongWord(text, segments, first, chunks);
                first++;
                mustReach = first;
                continue;
            }

            Add(text, segments.Start(first), segments.End(last), tokenCount, segments.Headings(first), chunks);
            mustReach = last + 1;
            first = mustReach < segments.Count ? OverlapStart(text, segments, first, last, tokenCount) : mustReach;
        }

        return chunks;
    }

    /// <summary>
    /// The last word of the chunk that starts at word <paramref name="first"/> and reaches at least word
    /// <paramref name="mustReach"/>, or −1 when word <paramref name="mustReach"/> alone is longer than N tokens. Moves
    /// <paramref name="first"/> forward (shortening the overlap) while the new word does not fit.
    /// </summary>
    private int FitEnd(string text, ChunkSegments segments, ref int first, int mustReach, out int tokenCount)
    {
        while (true)
        {
            int start = segments.Start(first);
            int limit = start + IndexByTokenCount(text, start, MaxTokensPerChunk);

            // The estimate counts the window's tokens, not the chunk's own (a token may straddle a word's end), so it is
            // corrected both ways by counting the chunk itself: shrunk while it holds too many tokens, grown while the
            // next word still fits (the new word is tried even when the estimate says it does not fit).
            int last = Math.Max(segments.LastEndingAtOrBefore(limit), mustReach);
            last = ShrinkToFit(text, segments, start, mustReach, last, out tokenCount);
            while (last >= mustReach && last + 1 < segments.Count && Count(text, start, segments.End(last + 1)) is int grown && grown <= MaxTokensPerChunk)
            {
                last++;
                tokenCount = grown;
            }

            if (last >= mustReach)
            {
                int preferred = PreferBoundary(segments, start, Math.Max(first, mustReach), last);
                if (preferred != last)
                {
                    last = ShrinkToFit(text, segments, start, mustReach, preferred, out tokenCount);
                }

                if (last >= mustReach)
                {
                    return last;
                }
            }

            if (first >= mustReach)
            {
                return -1;
            }

            first++;
        }
    }

    /// <summary>
    /// The last word at or before <paramref name="last"/> (down to <paramref name="mustReach"/> − 1) whose chunk holds at
    /// most N tokens, with that chunk's token count.
    /// </summary>
    private int ShrinkToFit(string text, ChunkSegments segments, int start, int mustReach, int last, out int tokenCount)
    {
        tokenCount = 0;
        for (; last >= mustReach; last--)
        {
            tokenCount = Count(text, start, segments.End(last));
            if (tokenCount <= MaxTokensPerChunk)
            {
                break;
            }
        }

        return last;
    }

    /// <summary>Pulls the end back from word <paramref name="last"/> to a section, else a paragraph, else a sentence boundary that keeps enough of the window.</summary>
    private static int PreferBoundary(ChunkSegments segments, int start, int lowest, int last)
    {
        if (last == segments.Count - 1)
        {
            return last;
        }

        int window = segments.End(last) - start;
        for (ChunkBreak kind = ChunkBreak.Section; kind > ChunkBreak.Word; kind--)
        {
            // A section break may shorten the chunk to a quarter of its window; weaker breaks to a half.
            int lowestEnd = start + (kind == ChunkBreak.Section ? (window + 3) / 4 : (window + 1) / 2);
            for (int word = last; word >= lowest && segments.End(word) >= lowestEnd; word--)
            {
                if (segments.BreakAfter(word) >= kind)
                {
                    return word;
                }
            }
        }

        return last;
    }

    /// <summary>The first word of the chunk after the one spanning words [<paramref name="first"/>, <paramref name="last"/>].</summary>
    private int OverlapStart(string text, ChunkSegments segments, int first, int last, int tokenCount)
    {
        int next = last + 1;
        if (OverlapTokens == 0 || first == last || segments.StartsHeading(next))
        {
            return next;
        }

        // Guess the overlap's first word from the chunk's characters per token, then walk: later while the overlap holds
        // more than O tokens, earlier while one more word still fits. Each count is of an overlap-sized span.
        int end = segments.End(last);
        double charactersPerToken = (double)(end - segments.Start(first)) / Math.Max(1, tokenCount);
        int guess = end - (int)Math.Min(end, OverlapTokens * charactersPerToken);
        int word = Math.Clamp(segments.FirstStartingAtOrAfter(guess), first + 1, next);
        while (word <= last && Count(text, segments.Start(word), end) > OverlapTokens)
        {
            word++;
        }

        while (word - 1 > first && Count(text, segments.Start(word - 1), end) <= OverlapTokens)
        {
            word--;
        }

        return word;
    }

    /// <summary>Cuts the word <paramref name="word"/>, longer than N tokens, between text elements (or scalar values) into chunks.</summary>
    private void SplitLongWord(string text, ChunkSegments segments, int word, List<TextChunk> chunks)
    {
        int position = segments.Start(word);
        int end = segments.End(word);
        while (position < end)
        {
            int cut = LongestFit(text, position, end, textElements: true, out int tokenCount);
            if (cut == position)
            {
                cut = LongestFit(text, position, end, textElements: false, out tokenCount);
            }

            if (cut == position)
            {
                cut = position + Rune.GetRuneAt(text, position).Utf16SequenceLength;
                tokenCount = Count(text, position, cut);
            }

            Add(text, position, cut, tokenCount, segments.Headings(word), chunks);
            position = cut;
        }
    }

    /// <summary>The furthest text-element (or scalar) boundary in (position, end] whose prefix holds at most N tokens, or <paramref name="position"/>.</summary>
    private int LongestFit(string text, int position, int end, bool textElements, out int tokenCount)
    {
        int estimate = Math.Min(end, position + IndexByTokenCount(text, position, MaxTokensPerChunk));
        var boundaries = new List<int>();
        int next = position;
        while (next < end)
        {
            next += textElements
                ? StringInfo.GetNextTextElementLength(text.AsSpan(next, end - next))
                : Rune.GetRuneAt(text, next).Utf16SequenceLength;
            if (next > estimate && boundaries.Count > 0)
            {
                break;
            }

            boundaries.Add(next);
        }

        for (int i = boundaries.Count - 1; i >= 0; i--)
        {
            tokenCount = Count(text, position, boundaries[i]);
            if (tokenCount <= MaxTokensPerChunk)
            {
                return boundaries[i];
            }
        }

        tokenCount = 0;
        return position;
    }

    /// <summary>How far into text[start..] N tokens reach: a character count, grown until the window is not the limit.</summary>
    private int IndexByTokenCount(string text, int start, int tokens)
    {
        int rest = text.Length - start;
        int window = (int)Math.Min(rest, (8L * tokens) + 64);
        while (true)
        {
            int index = _tokenizer.GetIndexByTokenCount(
                text.AsSpan(start, window), tokens, out _, out _, considerPreTokenization: true, considerNormalization: false);
            if (index < window || window == rest)
            {
                return index;
            }

            window = (int)Math.Min(rest, 2L * window);
        }
    }

    private int Count(string text, int start, int end) => _tokenizer.CountTokens(text.AsSpan(start, end - start));

    private static void Add(string text, int start, int end, int tokenCount, IReadOnlyList<string> headings, List<TextChunk> chunks) =>
        chunks.Add(new TextChunk(chunks.Count, text[start..end], start, tokenCount, headings));
}
