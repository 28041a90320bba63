namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// One window of a source text cut by <see cref="TextChunker"/>: its text, where it lies in the source, how many tokens it
/// holds and the markdown headings it falls under.
/// </summary>
/// <remarks>
/// <see cref="Text"/> is exactly <c>source.Substring(Start, Length)</c>, so a citation of the chunk can point back into
/// the source it was cut from.
/// </remarks>
public sealed class TextChunk
{
    /// <summary>Creates a chunk.</summary>
    /// <param name="index">The chunk's position among the chunks of its source, from 0.</param>
    /// <param name="text">The chunk's text; not null.</param>
    /// <param name="start">The offset (in UTF-16 code units) of the chunk's first character in the source; not negative.</param>
    /// <param name="tokenCount">The number of tokens of <paramref name="text"/>; not negative.</param>
    /// <param name="headings">The heading path in effect at the chunk's start, outermost first; not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="headings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/>, <paramref name="start"/> or <paramref name="tokenCount"/> is negative.</exception>
    public TextChunk(int index, string text, int start, int tokenCount, IReadOnlyList<string> headings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        ArgumentNullException.ThrowIfNull(headings);
        Index = index;
        Text = text;
        Start = start;
        TokenCount = tokenCount;
        Headings = headings;
    }

    /// <summary>Gets the chunk's position among the chunks of its source, from 0.</summary>
    public int Index { get; }

    /// <summary>Gets the chunk's text: <c>source.Substring(Start, Length)</c>.</summary>
    public string Text { get; }

    /// <summary>Gets the offset, in UTF-16 code units, of the chunk's first character in the source.</summary>
    public int Start { get; }

    /// <summary>Gets the chunk's length in UTF-16 code units (the length of <see cref="Text"/>).</summary>
    public int Length => Text.Length;

    /// <summary>Gets the offset just past the chunk's last character in the source: <c>Start + Length</c>.</summary>
    public int End => Start + Text.Length;

    /// <summary>Gets the number of tokens of <see cref="Text"/> under the chunker's tokenizer.</summary>
    public int TokenCount { get; }

    /// <summary>
    /// Gets the markdown heading path in effect at the chunk's start, outermost first: the text of the last ATX heading
    /// (<c>#</c> to <c>######</c>) of each level above it, for example <c>["Guide", "Install"]</c>. Empty before the first
    /// heading and for plain text. A chunk that starts at a heading line includes that heading.
    /// </summary>
    public IReadOnlyList<string> Headings { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{Index} [{Start}, {End}) {TokenCount} tokens");
}
