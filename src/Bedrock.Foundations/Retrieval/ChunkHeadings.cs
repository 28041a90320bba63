namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// The ATX headings of a markdown text (a line of 1 to 6 <c>#</c> after at most 3 spaces, then a space, a tab or the line's
/// end), skipping fenced code blocks (<c>```</c> or <c>~~~</c>), with the heading path each one sets.
/// </summary>
/// <remarks>
/// A heading's text is the rest of its line with surrounding whitespace and an optional closing run of <c>#</c> removed.
/// A heading of level L replaces the path's entries of level L and deeper; levels skipped in between are absent from the
/// path (<c># A</c> then <c>### C</c> gives <c>["A", "C"]</c>). Setext headings (underlined with <c>===</c> or
/// <c>---</c>) are not recognized.
/// </remarks>
internal sealed class ChunkHeadings
{
    private readonly List<int> _lineStarts = [];
    private readonly List<int> _lineEnds = [];
    private readonly List<IReadOnlyList<string>> _paths = [];

    internal ChunkHeadings(string text)
    {
        var levels = new string?[6];
        char fence = '\0';
        int fenceLength = 0;
        int lineStart = 0;
        while (lineStart < text.Length)
        {
            int lineEnd = lineStart;
            while (lineEnd < text.Length && text[lineEnd] is not ('\n' or '\r'))
            {
                lineEnd++;
            }

            ReadOnlySpan<char> line = text.AsSpan(lineStart, lineEnd - lineStart);
            int indent = 0;
            while (indent < line.Length && indent < 4 && line[indent] == ' ')
            {
                indent++;
            }

            if (indent <= 3)
            {
                ReadOnlySpan<char> body = line[indent..];
                int run = Run(body, body.IsEmpty ? '\0' : body[0]);
                if (fence != '\0')
                {
                    if (run >= fenceLength && body[0] == fence && body[run..].IsWhiteSpace())
                    {
                        fence = '\0';
                    }
                }
                else if (run >= 3 && body[0] is '`' or '~')
                {
                    fence = body[0];
                    fenceLength = run;
                }
                else if (run is >= 1 and <= 6 && body[0] == '#' && (run == body.Length || body[run] is ' ' or '\t'))
                {
                    levels[run - 1] = HeadingText(body[run..]);
                    Array.Clear(levels, run, levels.Length - run);
                    var path = new List<string>(run);
                    foreach (string? level in levels)
                    {
                        if (level is not null)
                        {
                            path.Add(level);
                        }
                    }

                    _lineStarts.Add(lineStart + indent);
                    _lineEnds.Add(lineStart + TrimmedLength(line));
                    _paths.Add(path.AsReadOnly());
                }
            }

            lineStart = lineEnd;
            if (lineStart < text.Length && text[lineStart] == '\r')
            {
                lineStart++;
            }

            if (lineStart < text.Length && text[lineStart] == '\n')
            {
                lineStart++;
            }
        }
    }

    /// <summary>Gets the number of headings.</summary>
    internal int Count => _lineStarts.Count;

    /// <summary>The offset of heading <paramref name="heading"/>'s first <c>#</c>.</summary>
    internal int LineStart(int heading) => _lineStarts[heading];

    /// <summary>The heading path after heading <paramref name="heading"/>, outermost first.</summary>
    internal IReadOnlyList<string> Path(int heading) => _paths[heading];

    /// <summary>Whether a heading's first <c>#</c> is at <paramref name="offset"/>.</summary>
    internal bool IsHeadingLineAt(int offset) => _lineStarts.BinarySearch(offset) >= 0;

    /// <summary>Whether a heading line's last non-whitespace character ends at <paramref name="offset"/>.</summary>
    internal bool IsHeadingLineEndingAt(int offset) => _lineEnds.BinarySearch(offset) >= 0;

    private static int Run(ReadOnlySpan<char> span, char c)
    {
        int run = 0;
        while (run < span.Length && span[run] == c)
        {
            run++;
        }

        return run;
    }

    private static int TrimmedLength(ReadOnlySpan<char> line) => line.TrimEnd().Length;

    /// <summary>The heading's text: trimmed, without a closing run of <c>#</c> that follows a space (or is the whole text).</summary>
    private static string HeadingText(ReadOnlySpan<char> rest)
    {
        ReadOnlySpan<char> content = rest.Trim();
        int hashes = 0;
        while (hashes < content.Length && content[content.Length - 1 - hashes] == '#')
        {
            hashes++;
        }

        if (hashes == content.Length)
        {
            content = [];
        }
        else if (hashes > 0 && content[content.Length - 1 - hashes] is ' ' or '\t')
        {
            content = content[..^hashes].TrimEnd();
        }

        return content.ToString();
    }
}
