using Bedrock.Foundations.Evaluation.Evaluators;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Tests.Evaluation.Evaluators;

public sealed class SelfConsistencyConfidenceTests
{
    /// <summary>A client that gives answers[i] to the i-th call, after delays[i] ms (so completion order can differ).</summary>
    private static FakeChatClient Scripted(string[] answers, int[]? delays = null)
    {
        int next = -1;
        return new FakeChatClient
        {
            OnGetResponse = async (_, _, token) =>
            {
                int i = Interlocked.Increment(ref next);
                if (delays is not null)
                {
                    await Task.Delay(delays[i], token);
                }

                return new ChatResponse(new ChatMessage(ChatRole.Assistant, answers[i]));
            },
        };
    }

    [Test]
    public async Task EstimateAsync_ExactMatchAfterNormalization_GivesMajorityAndAgreement()
    {
        var client = Scripted(["Paris.", "Lyon", " paris", "PARIS!", "Marseille"]);
        var estimator = new SelfConsistencyConfidence(client, new SelfConsistencyOptions { Samples = 5, Temperature = 0.9f });

        SelfConsistencyResult result = await estimator.EstimateAsync("Capital of France?");

        Assert.That(result.Answer, Is.EqualTo("Paris."));
        Assert.That(result.Confidence, Is.EqualTo(0.6));
        Assert.That(result.Answers, Is.EqualTo(new[] { "Paris.", "Lyon", " paris", "PARIS!", "Marseille" }));
        Assert.That(result.Clusters.Select(c => c.Count), Is.EqualTo(new[] { 3, 1, 1 }));
        Assert.That(result.Clusters[0].Members, Is.EqualTo(new[] { 0, 2, 3 }));
        Assert.That(result.Clusters.Select(c => c.Representative), Is.EqualTo(new[] { "Paris.", "Lyon", "Marseille" }));
        Assert.That(client.Calls, Has.Count.EqualTo(5));
        Assert.That(client.Calls.Select(c => c.Options!.Temperature), Is.All.EqualTo(0.9f));
        Assert.That(client.Calls.Select(c => c.Messages.Single().Text), Is.All.EqualTo("Capital of France?"));
    }

    [Test]
    public async Task EstimateAsync_TieBetweenGroups_TakesTheEarliestGroup()
    {
        var estimator = new SelfConsistencyConfidence(Scripted(["b", "a", "a", "b"]), new SelfConsistencyOptions { Samples = 4 });

        SelfConsistencyResult result = await estimator.EstimateAsync("q");

        Assert.That(result.Answer, Is.EqualTo("b"));
        Assert.That(result.Confidence, Is.EqualTo(0.5));
    }

    [Test]
    public async Task EstimateAsync_AllDifferent_GivesOneOverK()
    {
        var estimator = new SelfConsistencyConfidence(Scripted(["a", "b", "c"]), new SelfConsistencyOptions { Samples = 3 });

        SelfConsistencyResult result = await estimator.EstimateAsync("q");

        Assert.That(result.Confidence, Is.EqualTo(1d / 3));
        Assert.That(result.Clusters, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task EstimateAsync_WithEmbeddings_GroupsBySimilarity()
    {
        // Letter-count embeddings: "listen" and "silent" are anagrams (cosine 1); "enlist" too; "tinsel!" as well.
        // "stone" shares letters but not proportions: cos(listen, stone) = (s,t,e,n: 4) / (√6 · √5) ≈ 0.730.
        var client = Scripted(["listen", "stone", "silent", "enlist", "tinsel!"]);
        var generator = new FakeEmbeddingGenerator();
        var estimator = new SelfConsistencyConfidence(client, new SelfConsistencyOptions { Samples = 5, SimilarityThreshold = 0.95 }, generator);

        SelfConsistencyResult result = await estimator.EstimateAsync("q");

        Assert.That(result.Answer, Is.EqualTo("listen"));
        Assert.That(result.Confidence, Is.EqualTo(0.8));
        Assert.That(result.Clusters[1].Representative, Is.EqualTo("stone"));
        Assert.That(generator.CallCount, Is.EqualTo(1), "all answers embedded in one call");

        var loose = new SelfConsistencyConfidence(Scripted(["listen", "stone", "silent", "enlist", "tinsel!"]),
            new SelfConsistencyOptions { Samples = 5, SimilarityThreshold = 0.7 }, new FakeEmbeddingGenerator());
        Assert.That((await loose.EstimateAsync("q")).Confidence, Is.EqualTo(1.0), "at 0.7 'stone' joins too");
    }

    [Test]
    public async Task EstimateAsync_WithEmbeddings_AnAnswerEqualToAnyMemberJoinsItsGroup()
    {
        // "ab" leads; "abab" joins it by similarity (same letter proportions); "ABAB!" equals "abab" after normalization
        // but its embedding is made dissimilar to the leader: it must still join, through the member it equals.
        var client = Scripted(["ab", "abab", "zz", "ABAB!"]);
        var generator = new FakeEmbeddingGenerator { Embed = t => t == "ABAB!" ? [0f, 1f] : t == "zz" ? [-1f, 0f] : [1f, 0f] };
        var estimator = new SelfConsistencyConfidence(client, new SelfConsistencyOptions { Samples = 4, SimilarityThreshold = 0.9 }, generator);

        SelfConsistencyResult result = await estimator.EstimateAsync("q");

        Assert.That(result.Clusters[0].Members, Is.EqualTo(new[] { 0, 1, 3 }));
        Assert.That(result.Confidence, Is.EqualTo(0.75));
    }

    [Test]
    public async Task EstimateAsync_Concurrent_GroupsInRequestOrderWhateverTheCompletionOrder()
    {
        // The first call finishes last: groups and answers still follow request order.
        var client = Scripted(["x", "y", "y", "x", "x"], delays: [120, 0, 10, 20, 30]);
        var estimator = new SelfConsistencyConfidence(client, new SelfConsistencyOptions { Samples = 5, MaxConcurrency = 5 });

        SelfConsistencyResult result = await estimator.EstimateAsync("q");

        Assert.That(result.Answers, Is.EqualTo(new[] { "x", "y", "y", "x", "x" }));
        Assert.That(result.Clusters[0].Members, Is.EqualTo(new[] { 0, 3, 4 }));
    }

    [Test]
    public async Task EstimateAsync_SeededOptions_VarySeedPerSampleAndKeepTheCallerOptions()
    {
        var client = Scripted(["a", "a", "a"]);
        var estimator = new SelfConsistencyConfidence(client, new SelfConsistencyOptions { Samples = 3 });
        var options = new ChatOptions { Seed = 100, Temperature = 0f, ModelId = "m" };

        await estimator.EstimateAsync("q", options);

        Assert.That(client.Calls.Select(c => c.Options!.Seed).Order(), Is.EqualTo(new long?[] { 100, 101, 102 }));
        Assert.That(client.Calls.Select(c => c.Options!.ModelId), Is.All.EqualTo("m"));
        Assert.That(options.Seed, Is.EqualTo(100), "the caller's options are not changed");
        Assert.That(options.Temperature, Is.Zero);
    }

    [Test]
    public void EstimateAsync_FailedCallOrCancellation_Propagates()
    {
        var failing = new SelfConsistencyConfidence(new FakeChatClient { OnGetResponse = (_, _, _) => throw new HttpRequestException("503") });
        var slow = new SelfConsistencyConfidence(new FakeChatClient
        {
            OnGetResponse = async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return new ChatResponse();
            },
        });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.That(async () => await failing.EstimateAsync("q"), Throws.InstanceOf<HttpRequestException>());
        Assert.That(async () => await slow.EstimateAsync("q", cancellationToken: cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase("  Paris. ", "paris")]
    [TestCase("\"The  answer\tis\n42\"", "the answer is 42")]
    [TestCase("ÉCOLE «Polytechnique»", "école «polytechnique")]
    [TestCase("3.14", "3.14")]
    [TestCase("...", "")]
    public void Normalize_FoldsCaseSpacingAndSurroundingPunctuation(string answer, string expected)
    {
        Assert.That(SelfConsistencyConfidence.Normalize(answer), Is.EqualTo(expected));
    }

    [Test]
    public async Task Options_CustomNormalizer_IsUsed()
    {
        var estimator = new SelfConsistencyConfidence(Scripted(["A-1", "a1", "b"]),
            new SelfConsistencyOptions { Samples = 3, Normalizer = s => s.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() });

        Assert.That((await estimator.EstimateAsync("q")).Confidence, Is.EqualTo(2d / 3));
    }

    [Test]
    public void Options_DefaultsArePinned()
    {
        var options = new SelfConsistencyOptions();

        Assert.That(options.Samples, Is.EqualTo(5));
        Assert.That(options.Temperature, Is.EqualTo(0.7f));
        Assert.That(options.SimilarityThreshold, Is.EqualTo(0.9));
        Assert.That(options.MaxConcurrency, Is.EqualTo(1));
        Assert.That(options.Normalizer, Is.Null);
    }

    [TestCase(1, 0.7f, 0.9, 1, "Samples must be at least 2")]
    [TestCase(5, 0f, 0.9, 1, "Temperature must be in (0, 2]")]
    [TestCase(5, float.NaN, 0.9, 1, "Temperature")]
    [TestCase(5, 0.7f, 1.5, 1, "SimilarityThreshold")]
    [TestCase(5, 0.7f, 0.9, 0, "MaxConcurrency must be at least 1")]
    public void Constructor_BadOptions_ThrowNamingTheProperty(int samples, float temperature, double threshold, int concurrency, string message)
    {
        var options = new SelfConsistencyOptions { Samples = samples, Temperature = temperature, SimilarityThreshold = threshold, MaxConcurrency = concurrency };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SelfConsistencyConfidence(new FakeChatClient(), options));

        Assert.That(e!.ParamName, Is.EqualTo("options"));
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void BadArguments_Throw()
    {
        var estimator = new SelfConsistencyConfidence(new FakeChatClient());

        Assert.That(() => new SelfConsistencyConfidence(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("chatClient"));
        Assert.That(async () => await estimator.EstimateAsync((string)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("question"));
        Assert.That(async () => await estimator.EstimateAsync(Array.Empty<ChatMessage>()), Throws.ArgumentException.With.Property("ParamName").EqualTo("messages"));
    }
}
