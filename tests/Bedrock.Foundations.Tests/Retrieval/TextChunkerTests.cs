using System.Text;
using Bedrock.Foundations.Retrieval;
using Microsoft.ML.Tokenizers;

namespace Bedrock.Foundations.Tests.Retrieval;

[TestFixture]
public sealed class TextChunkerTests
{
    private static TextChunker Chunker(int max, int overlap) => new(new TextChunkerOptions { MaxTokensPerChunk = max, OverlapTokens = overlap });

    [Test]
    public void Options_Defaults_Are512TokensWith64OfOverlapAndTheO200kTokenizer()
    {
        var options = new TextChunkerOptions();
        var chunker = new TextChunker();
        Assert.Multiple(() =>
        {
            Assert.That(options.MaxTokensPerChunk, Is.EqualTo(TextChunkerOptions.DefaultMaxTokensPerChunk).And.EqualTo(512));
            Assert.That(options.OverlapTokens, Is.EqualTo(TextChunkerOptions.DefaultOverlapTokens).And.EqualTo(64));
            Assert.That(options.Tokenizer, Is.Null);
            Assert.That(chunker.MaxTokensPerChunk, Is.EqualTo(512));
            Assert.That(chunker.OverlapTokens, Is.EqualTo(64));
            Assert.That(chunker.Tokenizer, Is.InstanceOf<TiktokenTokenizer>());
            Assert.That(chunker.Tokenizer.EncodeToIds("hello world"), Is.EqualTo(TiktokenTokenizer.CreateForModel("gpt-4o").EncodeToIds("hello world")));
        });
    }

    [Test]
    public void Options_TheGivenTokenizer_IsUsed()
    {
        Tokenizer tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");
        var chunker = new TextChunker(new TextChunkerOptions { Tokenizer = tokenizer });
        Assert.That(chunker.Tokenizer, Is.SameAs(tokenizer));
    }

    [TestCase(0, 0, "MaxTokensPerChunk must be positive; it is 0.")]
    [TestCase(-5, 0, "MaxTokensPerChunk must be positive; it is -5.")]
    [TestCase(10, -1, "OverlapTokens must not be negative; it is -1.")]
    [TestCase(10, 10, "MaxTokensPerChunk (10) must be greater than OverlapTokens (10)")]
    [TestCase(10, 20, "MaxTokensPerChunk (10) must be greater than OverlapTokens (20)")]
    public void Constructor_BadSizes_ThrowNamingTheOptionAndValues(int max, int overlap, string message)
    {
        var options = new TextChunkerOptions { MaxTokensPerChunk = max, OverlapTokens = overlap };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TextChunker(options));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ParamName, Is.EqualTo("options"));
            Assert.That(e.Message, Does.Contain("TextChunkerOptions." + message));
        });
    }

    [Test]
    public void Constructor_NullOptions_Throws() =>
        Assert.That(() => new TextChunker(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("options"));

    [Test]
    public void Chunk_NullText_Throws() =>
        Assert.That(() => new TextChunker().Chunk(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));

    [TestCase("")]
    [TestCase(" ")]
    [TestCase("\r\n\t \n\u00A0\u2028")]
    public void Chunk_EmptyOrWhitespace_GivesNoChunks(string text) =>
        Assert.That(Chunker(8, 2).Chunk(text), Is.Empty);

    [Test]
    public void Chunk_ShortText_IsOneTrimmedChunkWithItsOffsets()
    {
        const string text = "\n\n  Hello, retrieval world.  \n";
        IReadOnlyList<TextChunk> chunks = new TextChunker().Chunk(text);
        Assert.That(chunks, Has.Count.EqualTo(1));
        TextChunk chunk = chunks[0];
        Assert.Multiple(() =>
        {
            Assert.That(chunk.Index, Is.Zero);
            Assert.That(chunk.Text, Is.EqualTo("Hello, retrieval world."));
            Assert.That(chunk.Start, Is.EqualTo(4));
            Assert.That(chunk.Length, Is.EqualTo(23));
            Assert.That(chunk.End, Is.EqualTo(27));
            Assert.That(chunk.TokenCount, Is.EqualTo(TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens("Hello, retrieval world.")));
            Assert.That(chunk.Headings, Is.Empty);
            Assert.That(chunk.ToString(), Is.EqualTo($"#0 [4, 27) {chunk.TokenCount} tokens"));
        });
    }

    [Test]
    public void Chunk_PrefersParagraphThenSentenceBoundaries()
    {
        // Two paragraphs of two sentences; room for about one paragraph per chunk.
        const string first = "Alpha beta gamma delta. Epsilon zeta eta theta.";
        const string second = "Iota kappa lambda mu. Nu xi omicron pi.";
        string text = first + "\n\n" + second;
        TextChunker chunker = Chunker(TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(first) + 3, 0);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
        Assert.That(chunks.Select(c => c.Text), Is.EqualTo(new[] { first, second }));

        // No paragraph break in reach: the cut falls after a sentence, not mid-sentence.
        string sentences = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu.";
        IReadOnlyList<TextChunk> bySentence = Chunker(14, 0).Chunk(sentences);
        Assert.That(bySentence[0].Text, Does.EndWith("."), TextChunkerTestData.Describe(bySentence));
        Assert.That(TextChunkerTestData.Check(sentences, bySentence, Chunker(14, 0)), Is.Null);
    }

    [Test]
    public void Chunk_Overlap_RepeatsWholeWordsFromThePreviousChunkWithinTheBudget()
    {
        string text = string.Join(' ', Enumerable.Range(0, 200).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        TextChunker chunker = Chunker(20, 6);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
        Assert.That(chunks, Has.Count.GreaterThan(5));
        Assert.That(TextChunkerTestData.Check(text, chunks, chunker), Is.Null);
        for (int i = 1; i < chunks.Count; i++)
        {
            string overlap = text[chunks[i].Start..chunks[i - 1].End];
            Assert.That(overlap, Is.Not.Empty, $"chunk {i} repeats nothing");
            Assert.That(chunks[i - 1].Text, Does.EndWith(overlap));

            // The overlap is the longest run of whole words that fits: one more word would exceed the budget.
            int before = text.LastIndexOf(' ', chunks[i].Start - 2) + 1;
            Assert.That(chunker.Tokenizer.CountTokens(text[before..chunks[i - 1].End]), Is.GreaterThan(6), $"chunk {i} could repeat more");
        }
    }

    [Test]
    public void Chunk_NoOverlap_ChunksAreDisjointAndCoverEveryWord()
    {
        string text = TextChunkerTestData.Text(7, 40, crlf: false);
        TextChunker chunker = Chunker(30, 0);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
        Assert.That(TextChunkerTestData.Check(text, chunks, chunker), Is.Null);
        for (int i = 1; i < chunks.Count; i++)
        {
            Assert.That(chunks[i].Start, Is.GreaterThanOrEqualTo(chunks[i - 1].End));
        }
    }

    [Test]
    public void Chunk_MarkdownHeadings_BecomeTheHeadingPathAtEachChunkStart()
    {
        const string text =
            "Preamble before any heading.\n\n" +
            "# Guide\n\nThis guide explains the library.\n\n" +
            "## Install ##\n\nRun the installer, then restart.\n\n" +
            "```bash\n# not a heading, a comment\n```\n\n" +
            "### Linux\n\nUse the package manager.\n\n" +
            "#hashtag is not a heading either.\n\n" +
            "## Use\n\nCall the API.\n";
        IReadOnlyList<TextChunk> chunks = Chunker(12, 0).Chunk(text);
        Assert.That(TextChunkerTestData.Check(text, chunks, Chunker(12, 0)), Is.Null, TextChunkerTestData.Describe(chunks));

        TextChunk At(string start) => chunks.Single(c => c.Text.StartsWith(start, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(At("Preamble").Headings, Is.Empty);
            Assert.That(At("# Guide").Headings, Is.EqualTo(new[] { "Guide" }));
            Assert.That(At("## Install").Headings, Is.EqualTo(new[] { "Guide", "Install" }));
            Assert.That(At("### Linux").Headings, Is.EqualTo(new[] { "Guide", "Install", "Linux" }));
            Assert.That(At("## Use").Headings, Is.EqualTo(new[] { "Guide", "Use" }));
            Assert.That(chunks.Any(c => c.Headings.Contains("not a heading, a comment")), Is.False);
        });
    }

    [Test]
    public void Chunk_SkippedHeadingLevels_AreAbsentFromThePath()
    {
        const string text = "# A\n\n### C\n\nText under C.";
        IReadOnlyList<TextChunk> chunks = new TextChunker().Chunk(text);
        Assert.That(chunks, Has.Count.EqualTo(1));
        Assert.That(chunks[0].Headings, Is.EqualTo(new[] { "A" }));
        IReadOnlyList<TextChunk> small = Chunker(4, 0).Chunk(text);
        Assert.That(small[^1].Headings, Is.EqualTo(new[] { "A", "C" }), TextChunkerTestData.Describe(small));
    }

    [Test]
    public void Chunk_CrLf_BreaksAtBlankLinesWithOffsetsIntoTheCrLfText()
    {
        const string first = "# Title\r\n\r\nFirst paragraph, with words.";
        const string second = "Second paragraph\r\nhas two lines.";
        string text = first + "\r\n\r\n" + second + "\r\n";
        TextChunker chunker = Chunker(TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(first) + 2, 0);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
        Assert.That(chunks.Select(c => c.Text), Is.EqualTo(new[] { first, second }));
        Assert.That(chunks.Select(c => c.Start), Is.EqualTo(new[] { 0, first.Length + 4 }));
        Assert.That(chunks[1].Headings, Is.EqualTo(new[] { "Title" }));

        string generated = TextChunkerTestData.Text(11, 30, crlf: true);
        TextChunker small = Chunker(40, 8);
        IReadOnlyList<TextChunk> many = small.Chunk(generated);
        Assert.That(TextChunkerTestData.Check(generated, many, small), Is.Null);
        Assert.That(many.All(c => c.Text[0] is not ('\r' or '\n') && c.Text[^1] is not ('\r' or '\n')), Is.True);
    }

    [Test]
    public void Chunk_CjkWithoutSpaces_SplitsBetweenCharactersNeverInsideASurrogatePair()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            text.Append(i % 7 == 0 ? "𠮷" : "日本語");
            if (i % 11 == 10)
            {
                text.Append('。');
            }
        }

        string source = text.ToString();
        TextChunker chunker = Chunker(16, 4);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(source);
        Assert.That(chunks, Has.Count.GreaterThan(10));
        Assert.That(TextChunkerTestData.Check(source, chunks, chunker), Is.Null);
        Assert.That(chunks.All(c => !char.IsLowSurrogate(c.Text[0]) && !char.IsHighSurrogate(c.Text[^1])), Is.True);
    }

    [Test]
    public void Chunk_CombiningMarksAndEmoji_StayWithTheirBaseCharacter()
    {
        string word = "e\u0301\u0302" + "👨‍👩‍👧" + "a\u20DD";
        string text = string.Join(' ', Enumerable.Repeat(word, 60));
        int wordTokens = TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(word);
        TextChunker chunker = Chunker(3 * wordTokens, wordTokens);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
        Assert.That(TextChunkerTestData.Check(text, chunks, chunker), Is.Null);
        Assert.That(chunks.All(c => c.Text.StartsWith('e')), Is.True);
    }

    [Test]
    public void Chunk_AWordLongerThanTheChunk_IsSplitBetweenTextElementsIntoChunksOfItsOwn()
    {
        string longWord = string.Concat(Enumerable.Repeat("xq7é👍🏽ž", 40));
        string text = "before the word " + longWord + " after the word";
        TextChunker chunker = Chunker(8, 2);
        IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
        Assert.That(TextChunkerTestData.Check(text, chunks, chunker), Is.Null);

        List<TextChunk> pieces = chunks.Where(c => c.Start >= 16 && c.End <= 16 + longWord.Length).ToList();
        Assert.That(string.Concat(pieces.Select(p => p.Text)), Is.EqualTo(longWord), "the pieces tile the word without overlap");
        Assert.That(pieces.All(p => p.TokenCount <= 8), Is.True);
        foreach (TextChunk piece in pieces)
        {
            Assert.That(System.Globalization.StringInfo.GetNextTextElementLength(text.AsSpan(piece.Start)), Is.GreaterThan(0));
            Assert.That(piece.Text, Does.Not.StartWith("\u0301").And.Not.StartWith("\U0001F3FD"), "never inside a text element");
        }

        Assert.That(chunks[0].Text, Is.EqualTo("before the word"));
        Assert.That(chunks[^1].Text, Is.EqualTo("after the word"));
    }

    [Test]
    public void Chunk_ATextElementLongerThanTheChunk_IsSplitBetweenScalarValues()
    {
        // One base letter with 40 combining marks: a single text element of many tokens.
        string element = "a" + new string('\u0301', 40);
        IReadOnlyList<TextChunk> chunks = Chunker(4, 0).Chunk(element);
        Assert.That(string.Concat(chunks.Select(c => c.Text)), Is.EqualTo(element));
        Assert.That(chunks.All(c => c.TokenCount <= 4), Is.True);
    }

    [Test]
    public void Chunk_ConcurrentCallsWithTheSharedDefaultTokenizer_GiveTheSequentialChunks()
    {
        string[] texts = [.. Enumerable.Range(0, 16).Select(i => TextChunkerTestData.Text(100 + i, 40, crlf: i % 2 == 0))];
        TextChunker chunker = Chunker(64, 8);
        string[] sequential = [.. texts.Select(t => TextChunkerTestData.Describe(chunker.Chunk(t)))];
        string[] concurrent = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = TextChunkerTestData.Describe(new TextChunker(new TextChunkerOptions { MaxTokensPerChunk = 64, OverlapTokens = 8 }).Chunk(texts[i])));
        Assert.That(concurrent, Is.EqualTo(sequential));
    }

    [Test]
    public void Chunk_ALongMarkdownDocument_KeepsEveryContract()
    {
        string text = TextChunkerTestData.Text(20261125, 600, crlf: false);
        Assert.That(text, Has.Length.GreaterThan(40_000));
        foreach ((int max, int overlap) in new[] { (512, 64), (128, 16), (48, 47) })
        {
            TextChunker chunker = Chunker(max, overlap);
            IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
            Assert.That(TextChunkerTestData.Check(text, chunks, chunker), Is.Null, $"N {max}, O {overlap}");
            Assert.That(chunks.Average(c => c.TokenCount), Is.GreaterThan(max / 3.0), $"N {max}, O {overlap}: chunks are not needlessly small");
        }
    }
}
