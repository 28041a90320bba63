using Bedrock.Foundations.Retrieval;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Retrieval;

/// <summary>
/// FsCheck properties of <see cref="TextChunker"/> over seeded markdown-ish texts (headings, lists, CJK, emoji, combining
/// marks, LF and CRLF): every chunk within N tokens, offsets round-trip, chunks cover the text in order, consecutive
/// chunks overlap by at most O tokens, no word split, headings as an independent parser sees them.
/// </summary>
[TestFixture]
public sealed class TextChunkerPropertyTests
{
    private const string Replay = "20261125,7";

    private static Arbitrary<(int Seed, int Paragraphs, int Max, int Overlap, bool CrLf)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from paragraphs in Gen.Choose(0, 25)
         from max in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(13, 200))
         from overlap in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, max - 1))
         from crlf in Gen.Elements(false, true)
         select (seed, paragraphs, max, overlap, crlf)).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 150, Replay = Replay)]
    public Property Chunks_KeepEveryContract() =>
        Prop.ForAll(Cases(), c =>
        {
            string text = TextChunkerTestData.Text(c.Seed, c.Paragraphs, c.CrLf);
            var chunker = new TextChunker(new TextChunkerOptions { MaxTokensPerChunk = c.Max, OverlapTokens = c.Overlap });
            IReadOnlyList<TextChunk> chunks = chunker.Chunk(text);
            string? problem = TextChunkerTestData.Check(text, chunks, chunker);
            return (problem is null).Label($"{c}: {problem}");
        });

    [FsCheck.NUnit.Property(MaxTest = 50, Replay = Replay)]
    public Property Chunks_AreDeterministic() =>
        Prop.ForAll(Cases(), c =>
        {
            string text = TextChunkerTestData.Text(c.Seed, c.Paragraphs, c.CrLf);
            var chunker = new TextChunker(new TextChunkerOptions { MaxTokensPerChunk = c.Max, OverlapTokens = c.Overlap });
            return TextChunkerTestData.Describe(chunker.Chunk(text)) == TextChunkerTestData.Describe(chunker.Chunk(text));
        });
}
