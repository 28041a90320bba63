namespace Bedrock.Foundations.Testing.Tests;

public sealed class TextToolsTests
{
    [TestCase("", 0)]
    [TestCase("Hello, world!", 4)]
    [TestCase("  two   words ", 2)]
    [TestCase("v1:0", 3)]
    public void CountTokens_CountsWordRunsAndPunctuation(string text, int expected) =>
        Assert.That(EmulatedTokenizer.CountTokens(text), Is.EqualTo(expected));

    [Test]
    public void Words_AreLowerCasedLetterOrDigitRuns() =>
        Assert.That(EmulatedTokenizer.Words("The CAT's 2 hats."), Is.EqualTo(new[] { "the", "cat", "s", "2", "hats" }));

    [Test]
    public void Sentences_SplitAtTerminatorsFollowedBySpaceAndAtLineBreaks() =>
        Assert.That(EmulatedTokenizer.Sentences("Pi is 3.14 here. Why?\nNext line! end"),
            Is.EqualTo(new[] { "Pi is 3.14 here.", "Why?", "Next line!", "end" }));

    [Test]
    public void TextTools_RejectNull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => EmulatedTokenizer.CountTokens(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => EmulatedTokenizer.Words(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => EmulatedTokenizer.Sentences(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => ExtractiveAnswerer.Answer(null!, "q"), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("prompt"));
            Assert.That(() => ExtractiveAnswerer.Answer("p", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("question"));
            Assert.That(() => ExtractiveAnswerer.Answer((EmulatedConverseCall)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("call"));
            Assert.That(() => HashedEmbedding.Embed(null!, 4), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => HashedEmbedding.Embed("x", 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("dimensions"));
        });
    }

    [Test]
    public void ExtractiveAnswerer_PicksTheSentenceSharingTheMostQuestionWords()
    {
        const string prompt = "Paris is in France. The Colosseum stands in Rome, Italy. Rome has many fountains.\nWhere does the Colosseum stand?";
        Assert.That(ExtractiveAnswerer.Answer(prompt, "Where does the Colosseum stand?"), Is.EqualTo("The Colosseum stands in Rome, Italy."));
    }

    [Test]
    public void ExtractiveAnswerer_TiesGoToTheEarliestSentence() =>
        Assert.That(ExtractiveAnswerer.Answer("Cats purr. Cats sleep. Who are cats?", "Who are cats?"), Is.EqualTo("Cats purr."));

    [Test]
    public void ExtractiveAnswerer_WithoutOverlap_SaysItDoesNotKnow() =>
        Assert.That(ExtractiveAnswerer.Answer("Bananas are yellow. What is the capital of Peru?", "What is the capital of Peru?"),
            Is.EqualTo(ExtractiveAnswerer.NoAnswer));

    [Test]
    public void ExtractiveAnswerer_QuestionWithoutQuestionMark_UsesItsLastSentence() =>
        Assert.That(ExtractiveAnswerer.Answer("Owls hunt at night. Dogs bark. Context above. Describe owls", "Context above. Describe owls"),
            Is.EqualTo("Owls hunt at night."));

    [Test]
    public void HashedEmbedding_IsDeterministicUnitLengthAndSimilarForSharedWords()
    {
        float[] a = HashedEmbedding.Embed("red apples and green pears", 256);
        float[] b = HashedEmbedding.Embed("red apples and green pears", 256);
        float[] near = HashedEmbedding.Embed("red apples", 256);
        float[] far = HashedEmbedding.Embed("quantum chromodynamics lecture", 256);
        float[] empty = HashedEmbedding.Embed("  ", 8);

        static double Dot(float[] x, float[] y) => x.Zip(y, (p, q) => (double)p * q).Sum();
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(Dot(a, a), Is.EqualTo(1).Within(1e-5));
            Assert.That(Dot(a, near), Is.GreaterThan(Dot(a, far)));
            Assert.That(empty, Is.EqualTo(new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }));
        });
    }

    [Test]
    public void EmulatedDocument_ValidatesAndDefaultsMetadata()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new EmulatedDocument("", "t"), Throws.ArgumentException.With.Property("ParamName").EqualTo("id"));
            Assert.That(() => new EmulatedDocument("d", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(new EmulatedDocument("d", "t").Metadata, Is.Empty);
        });
    }
}
