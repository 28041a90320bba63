using System.Net;
using System.Text;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;
using static Bedrock.Foundations.Tests.Aws.Client.ClientEmulatorHarness;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Retries counted in the emulator's request log: seeded throttling and server errors, and no retry on 400 or 403.</summary>
public sealed class ClientEmulatorRetryTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public async Task ThrottlingRateOne_MakesExactlyMaxAttempts_ThenThrowsThrottling(int maxAttempts)
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.Faults.ThrottlingRate = 1.0);
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = maxAttempts);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
            Assert.That(error.ErrorCode, Is.EqualTo("ThrottlingException"));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(error.IsThrottling, Is.True);
            Assert.That(error.IsRetryable, Is.True);
            Assert.That(error.RequestId, Is.Not.Null.And.Not.Empty);
            Assert.That(log, Has.Count.EqualTo(maxAttempts));
            Assert.That(log.Select(r => r.Faults), Is.All.EqualTo(BedrockEmulatorFault.Throttling));
            Assert.That(log.Select(r => r.StatusCode), Is.All.EqualTo(429));
        });
    }

    [Test]
    public async Task ServerErrorRateOne_MakesExactlyMaxAttempts_ThenThrowsTheLastErrorKind()
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.Faults.ServerErrorRate = 1.0);
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 4);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.InvokeModelAsync(new InvokeModelRequest
        {
            ModelId = TitanEmbed,
            Body = Encoding.UTF8.GetBytes("""{"inputText":"hello"}"""),
        }))!;

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        EmulatedRequest last = log[^1];
        Assert.Multiple(() =>
        {
            Assert.That(log, Has.Count.EqualTo(4));
            Assert.That(log.Select(r => r.StatusCode), Is.All.AnyOf(500, 503));
            Assert.That(error.ErrorCode, Is.EqualTo(last.ErrorType));
            Assert.That((int?)error.StatusCode, Is.EqualTo(last.StatusCode));
            Assert.That(error.Kind, Is.EqualTo(last.StatusCode == 500 ? BedrockErrorKind.InternalServer : BedrockErrorKind.ServiceUnavailable));
            Assert.That(error.IsRetryable, Is.True);
            Assert.That(error.IsThrottling, Is.False);
        });
    }

    [Test]
    public async Task ThrottlingRateOne_OnAStream_IsRetriedBeforeTheStreamBegins()
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.Faults.ThrottlingRate = 1.0);
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => CollectAsync(client.ConverseStreamAsync(ConverseStream())))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream), Is.EqualTo(3));
        });
    }

    [TestCase(0, BedrockEmulatorOperation.Converse)]
    [TestCase(1, BedrockEmulatorOperation.Converse)]
    [TestCase(0, BedrockEmulatorOperation.ConverseStream)]
    [TestCase(1, BedrockEmulatorOperation.ConverseStream)]
    [TestCase(0, BedrockEmulatorOperation.Retrieve)]
    [TestCase(1, BedrockEmulatorOperation.Rerank)]
    public async Task ASeedThatFailsOnlyTheFirstAttempt_SucceedsOnTheSecond(int fault, BedrockEmulatorOperation operation)
    {
        // Draw 0 decides throttling, draw 1 a server error (see BedrockEmulatorFaults).
        const double Rate = 0.5;
        int seed = SeedFailingFirstAttemptOnly(fault, Rate);
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.Faults.Seed = seed;
            o.Faults.ThrottlingRate = fault == 0 ? Rate : 0;
            o.Faults.ServerErrorRate = fault == 1 ? Rate : 0;
            o.KnowledgeBaseDocuments.Add(new EmulatedDocument("d1", "Paris is the capital of France."));
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);

        await RunAsync(client, operation);

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(log, Has.Count.EqualTo(2));
            Assert.That(log.Select(r => r.Operation), Is.All.EqualTo(operation));
            Assert.That(log[0].StatusCode, fault == 0 ? Is.EqualTo(429) : Is.AnyOf(500, 503));
            Assert.That(log[1].StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task SeededThrottling_AttemptCountsFollowTheSeedAndMaxAttempts()
    {
        const double Rate = 0.6;
        const int MaxAttempts = 3;
        const int Calls = 12;
        foreach (int seed in new[] { 1, 2, 3, 42 })
        {
            // Replay the emulator's draws to predict every call: attempts until a draw ≥ rate, at most MaxAttempts.
            double[][] draws = FaultDraws(seed, Calls * MaxAttempts);
            int next = 0;
            List<(int Attempts, bool Succeeds)> expected = [];
            for (int call = 0; call < Calls; call++)
            {
                int attempts = 0;
                bool succeeds = false;
                while (attempts < MaxAttempts && !succeeds)
                {
                    succeeds = draws[next++][0] >= Rate;
                    attempts++;
                }

                expected.Add((attempts, succeeds));
            }

            await using BedrockEmulator emulator = await StartAsync(o =>
            {
                o.Faults.Seed = seed;
                o.Faults.ThrottlingRate = Rate;
            });
            using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = MaxAttempts);
            List<(int Attempts, bool Succeeds)> actual = [];
            for (int call = 0; call < Calls; call++)
            {
                int before = emulator.RequestLog.Count;
                bool succeeds;
                try
                {
                    await client.CountTokensAsync(new CountTokensRequest
                    {
                        ModelId = Claude,
                        Input = new CountTokensInput { Converse = new ConverseTokensRequest { Messages = UserSays("hello") } },
                    });
                    succeeds = true;
                }
                catch (BedrockException e) when (e.Kind == BedrockErrorKind.Throttling)
                {
                    succeeds = false;
                }

                actual.Add((emulator.RequestLog.Count - before, succeeds));
            }

            Assert.That(actual, Is.EqualTo(expected), $"seed {seed}");
            Assert.That(expected.Select(e => e.Attempts).Distinct().Count(), Is.GreaterThan(1), $"seed {seed} exercises more than one path");
        }
    }

    [Test]
    public async Task ThePublicConstructor_RetriesWithItsOwnJitteredBackoff()
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.Faults.ThrottlingRate = 1.0);
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions
        {
            Region = "us-east-1",
            ServiceUrl = emulator.ServiceUrl,
            Credentials = new Amazon.Runtime.BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey),
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        });

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task UnknownMemberInAnInvokeModelBody_IsAValidationError_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 5);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.InvokeModelAsync(new InvokeModelRequest
        {
            ModelId = TitanEmbed,
            Body = Encoding.UTF8.GetBytes("""{"inputText":"hello","temperatur":0.5}"""),
        }))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Validation));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(error.ErrorCode, Is.EqualTo("ValidationException"));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(error.ServiceMessage, Does.Contain("temperatur"));
            Assert.That(error.Message, Does.Contain("temperatur").And.Contain("InvokeModel"));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AConversationStartingWithTheAssistant_IsAValidationError_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 5);
        ConverseRequest request = Converse();
        request.Messages = [new Message { Role = "assistant", Content = [new ContentBlock { Text = "Hello." }] }];

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(request))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Validation));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(error.ServiceMessage, Does.Contain("user message"));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnOutOfRangeRetrieveCount_IsAValidationError_NotRetried()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 5);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.RetrieveAsync(new RetrieveRequest
        {
            KnowledgeBaseId = "KB12345678",
            RetrievalQuery = new KnowledgeBaseQuery { Text = "capital of France" },
            RetrievalConfiguration = new KnowledgeBaseRetrievalConfiguration
            {
                VectorSearchConfiguration = new KnowledgeBaseVectorSearchConfiguration { NumberOfResults = 1000 },
            },
        }))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Validation));
            Assert.That(error.ServiceMessage, Does.Contain("numberOfResults"));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    private static async Task RunAsync(BedrockRuntimeClient client, BedrockEmulatorOperation operation)
    {
        switch (operation)
        {
            case BedrockEmulatorOperation.Converse:
                Assert.That(Text(await client.ConverseAsync(Converse())), Does.Contain("Paris"));
                break;
            case BedrockEmulatorOperation.ConverseStream:
                Assert.That(Text(await CollectAsync(client.ConverseStreamAsync(ConverseStream()))), Does.Contain("Paris"));
                break;
            case BedrockEmulatorOperation.Retrieve:
                RetrieveResponse retrieved = await client.RetrieveAsync(new RetrieveRequest
                {
                    KnowledgeBaseId = "KB12345678",
                    RetrievalQuery = new KnowledgeBaseQuery { Text = "capital of France" },
                });
                Assert.That(retrieved.RetrievalResults!.Single().DocumentId, Is.EqualTo("d1"));
                break;
            case BedrockEmulatorOperation.Rerank:
                RerankResponse reranked = await client.RerankAsync(new RerankRequest
                {
                    Queries = [new RerankQuery { Type = "TEXT", TextQuery = new RerankTextDocument { Text = "capital" } }],
                    Sources =
                    [
                        new RerankSource { Type = "INLINE", InlineDocumentSource = new RerankDocument { Type = "TEXT", TextDocument = new RerankTextDocument { Text = "rivers" } } },
                        new RerankSource { Type = "INLINE", InlineDocumentSource = new RerankDocument { Type = "TEXT", TextDocument = new RerankTextDocument { Text = "the capital" } } },
                    ],
                    RerankingConfiguration = new RerankingConfiguration
                    {
                        Type = "BEDROCK_RERANKING_MODEL",
                        BedrockRerankingConfiguration = new BedrockRerankingConfiguration
                        {
                            ModelConfiguration = new BedrockRerankingModelConfiguration { ModelArn = "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0" },
                        },
                    },
                });
                Assert.That(reranked.Results!.Select(r => r.Index), Is.EqualTo(new int?[] { 1, 0 }));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation these tests run.");
        }
    }
    [Test]
    public async Task TheRetryQuota_StopsRetryingOnceSpent_AndCallsThenMakeOneAttempt()
    {
        // AWS standard mode: 500 tokens, 5 per retry. With every attempt throttled and 3 attempts per call, each call
        // spends 10 tokens, so 50 calls empty the bucket and later calls are not retried.
        await using BedrockEmulator emulator = await StartAsync(o => o.Faults.ThrottlingRate = 1.0);
        using BedrockRuntimeClient client = NewClient(emulator, o => o.MaxAttempts = 3);
        List<int> attempts = [];
        for (int call = 0; call < 53; call++)
        {
            int before = emulator.RequestLog.Count;
            BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
            attempts.Add(emulator.RequestLog.Count - before);
        }

        Assert.That(attempts, Is.EqualTo(Enumerable.Repeat(3, 50).Concat(Enumerable.Repeat(1, 3))));
    }

    [Test]
    public async Task ConcurrentCallsOnOneClient_AllSucceed_WithOneAttemptEach()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        Task<string>[] calls = Enumerable.Range(0, 24).Select(async i => i % 2 == 0
            ? Text(await client.ConverseAsync(Converse()))
            : Text(await CollectAsync(client.ConverseStreamAsync(ConverseStream())))).ToArray();
        string[] texts = await Task.WhenAll(calls);

        Assert.Multiple(() =>
        {
            Assert.That(texts.Distinct(), Is.EqualTo(new[] { texts[0] }));
            Assert.That(texts[0], Does.Contain("Paris"));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(12));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream), Is.EqualTo(12));
        });
    }
}
