using System.Net;
using System.Text;
using Amazon.Runtime;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;
using Bedrock.Foundations.Tests.Aws.ServiceModel;
using static Bedrock.Foundations.Tests.Aws.Client.ClientEmulatorHarness;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Model ids and ARNs in the path, SigV4 accepted and rejected, and Bedrock API keys, against the emulator.</summary>
[NonParallelizable] // One test sets AWS_BEARER_TOKEN_BEDROCK.
public sealed class ClientEmulatorAuthenticationTests
{
    private const string ApiKey = "bedrock-api-key-EMULATOR-EXAMPLE";
    private const string RedactedBearer = "Bearer (redacted)"; // The request log never keeps the key.
    private const string WrongSecret = "wrong/SECRET/KEY/notTheEmulatorsSecretAtAll00";

    [TestCase("anthropic.claude-3-haiku-20240307-v1:0")]
    [TestCase("us.anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/a1b2c3d4e5f6")]
    public async Task ModelIdsAndArns_AreEncodedInThePath_AndTheSignatureIsAccepted(string modelId)
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        ConverseResponse response = await client.ConverseAsync(Converse(modelId));
        List<ConverseStreamOutput> events = await CollectAsync(client.ConverseStreamAsync(ConverseStream(modelId)));
        CountTokensResponse counted = await client.CountTokensAsync(new CountTokensRequest
        {
            ModelId = modelId,
            Input = new CountTokensInput { Converse = new ConverseTokensRequest { Messages = UserSays(Question) } },
        });

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        string encoded = Uri.EscapeDataString(modelId);
        Assert.Multiple(() =>
        {
            Assert.That(Text(response), Does.Contain("Paris"));
            Assert.That(Text(events), Is.EqualTo(Text(response)));
            Assert.That(counted.InputTokens, Is.GreaterThan(0));
            Assert.That(log.Select(r => r.StatusCode), Is.All.EqualTo(200), "every signature was accepted");
            Assert.That(log.Select(r => r.ResourceId), Is.All.EqualTo(modelId));
            Assert.That(log.Select(r => r.RawTarget), Is.EqualTo(new[]
            {
                $"/model/{encoded}/converse", $"/model/{encoded}/converse-stream", $"/model/{encoded}/count-tokens",
            }));
        });
    }

    [Test]
    public async Task GuardrailArn_IsEncodedInThePath_AndTheSignatureIsAccepted()
    {
        const string Arn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr-abc123";
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        ApplyGuardrailResponse response = await client.ApplyGuardrailAsync(new ApplyGuardrailRequest
        {
            GuardrailIdentifier = Arn,
            GuardrailVersion = "3",
            Source = "OUTPUT",
            Content = [new GuardrailContentBlock { Text = new GuardrailTextBlock { Text = "Paris is the capital of France." } }],
        });

        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Action, Is.EqualTo("NONE"));
            Assert.That(received.ResourceId, Is.EqualTo(Arn));
            Assert.That(received.RawTarget, Is.EqualTo($"/guardrail/{Uri.EscapeDataString(Arn)}/version/3/apply"));
        });
    }

    [Test]
    public async Task ApiKey_IsSentAsBearer_OnEveryRuntimeOperation()
    {
        await using BedrockEmulator emulator = await StartAsync(o => o.ApiKeys.Add(ApiKey));
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.Credentials = null;
            o.ApiKey = ApiKey;
        });

        ConverseResponse response = await client.ConverseAsync(Converse());
        List<ConverseStreamOutput> events = await CollectAsync(client.ConverseStreamAsync(ConverseStream()));
        InvokeModelResponse invoked = await client.InvokeModelAsync(new InvokeModelRequest
        {
            ModelId = TitanEmbed,
            Body = Encoding.UTF8.GetBytes("""{"inputText":"hello"}"""),
        });
        ApplyGuardrailResponse guarded = await client.ApplyGuardrailAsync(new ApplyGuardrailRequest
        {
            GuardrailIdentifier = "gr-abc123",
            GuardrailVersion = "1",
            Source = "INPUT",
            Content = [new GuardrailContentBlock { Text = new GuardrailTextBlock { Text = "hello" } }],
        });
        CountTokensResponse counted = await client.CountTokensAsync(new CountTokensRequest
        {
            ModelId = Claude,
            Input = new CountTokensInput { Converse = new ConverseTokensRequest { Messages = UserSays("hello") } },
        });

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(Text(events), Is.EqualTo(Text(response)));
            Assert.That(invoked.Body, Is.Not.Empty);
            Assert.That(guarded.Action, Is.EqualTo("NONE"));
            Assert.That(counted.InputTokens, Is.EqualTo(1));
            Assert.That(log.Select(r => r.Operation), Is.EqualTo(new[]
            {
                BedrockEmulatorOperation.Converse, BedrockEmulatorOperation.ConverseStream, BedrockEmulatorOperation.InvokeModel,
                BedrockEmulatorOperation.ApplyGuardrail, BedrockEmulatorOperation.CountTokens,
            }));
            Assert.That(log.Select(r => r.StatusCode), Is.All.EqualTo(200));
            Assert.That(log.Select(r => r.Headers["authorization"]), Is.All.EqualTo(RedactedBearer), "a bearer key, which the log redacts");
            Assert.That(log.Select(r => r.Headers.ContainsKey("x-amz-date")), Is.All.False, "not signed as well");
        });
        AssertBodyMatches(log[0], ServiceModelShapes.Runtime, "ConverseRequest");
    }

    [Test]
    public async Task ApiKeyFromTheEnvironment_IsSentAsBearer()
    {
        using EnvironmentScope environment = new((BedrockRuntimeOptions.ApiKeyEnvironmentVariable, ApiKey));
        await using BedrockEmulator emulator = await StartAsync(o => o.ApiKeys.Add(ApiKey));
        using BedrockRuntimeClient client = NewClient(emulator, o => o.Credentials = null);

        ConverseResponse response = await client.ConverseAsync(Converse());

        Assert.Multiple(() =>
        {
            Assert.That(Text(response), Does.Contain("Paris"));
            Assert.That(emulator.RequestLog.Last!.Headers["authorization"], Is.EqualTo(RedactedBearer));
        });
    }

    [Test]
    public async Task ApiKeyWithCredentials_SignsTheAgentRuntimeOperations()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
        {
            o.ApiKeys.Add(ApiKey);
            o.KnowledgeBaseDocuments.Add(new EmulatedDocument("d1", "Paris is the capital of France."));
        });
        using BedrockRuntimeClient client = NewClient(emulator, o => o.ApiKey = ApiKey);

        await client.ConverseAsync(Converse());
        RetrieveResponse retrieved = await client.RetrieveAsync(new RetrieveRequest
        {
            KnowledgeBaseId = "KB12345678",
            RetrievalQuery = new KnowledgeBaseQuery { Text = "capital of France" },
        });

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(retrieved.RetrievalResults!.Single().DocumentId, Is.EqualTo("d1"));
            Assert.That(log[0].Headers["authorization"], Is.EqualTo(RedactedBearer));
            Assert.That(log[1].Headers["authorization"], Does.StartWith("AWS4-HMAC-SHA256 "));
            Assert.That(log.Select(r => r.StatusCode), Is.All.EqualTo(200));
        });
    }

    [Test]
    public async Task WrongApiKey_IsAccessDenied_AfterOneAttempt_AndTheMessageOmitsTheKey()
    {
        const string Wrong = "bedrock-api-key-NOT-ACCEPTED";
        await using BedrockEmulator emulator = await StartAsync(o => o.ApiKeys.Add(ApiKey));
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.Credentials = null;
            o.ApiKey = Wrong;
        });

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(error.Message, Does.Not.Contain(Wrong).And.Not.Contain(ApiKey));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WrongSecret_IsAccessDenied_AfterOneAttempt_OnEveryEndpoint_AndTheMessageOmitsTheSecret()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator, o =>
        {
            o.Credentials = new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, WrongSecret);
            o.MaxAttempts = 3;
        });

        List<BedrockException> errors =
        [
            Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!,
            Assert.ThrowsAsync<BedrockException>(() => CollectAsync(client.ConverseStreamAsync(ConverseStream())))!,
            Assert.ThrowsAsync<BedrockException>(() => client.RetrieveAsync(new RetrieveRequest
            {
                KnowledgeBaseId = "KB12345678",
                RetrievalQuery = new KnowledgeBaseQuery { Text = "capital of France" },
            }))!,
        ];

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            foreach (BedrockException error in errors)
            {
                Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
                Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                Assert.That(error.ErrorCode, Is.EqualTo("InvalidSignatureException"));
                Assert.That(error.IsRetryable, Is.False);
                Assert.That(error.RequestId, Is.Not.Null);
                Assert.That(error.Message, Does.Contain("signature").IgnoreCase);
                Assert.That(error.Message, Does.Not.Contain(WrongSecret).And.Not.Contain(BedrockEmulatorCredentials.DefaultSecretAccessKey));
                Assert.That(error.ToString(), Does.Not.Contain(WrongSecret));
            }

            Assert.That(log.Select(r => r.Operation), Is.EqualTo(new[]
            {
                BedrockEmulatorOperation.Converse, BedrockEmulatorOperation.ConverseStream, BedrockEmulatorOperation.Retrieve,
            }), "exactly one attempt each");
            Assert.That(log.Select(r => r.StatusCode), Is.All.EqualTo(403));
        });
    }

    [Test]
    public async Task UnknownAccessKey_IsAccessDenied_AfterOneAttempt()
    {
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator, o =>
            o.Credentials = new BasicAWSCredentials("AKIDUNKNOWNEXAMPLE00", BedrockEmulatorCredentials.DefaultSecretAccessKey));

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
            Assert.That(error.ErrorCode, Is.EqualTo("UnrecognizedClientException"));
            Assert.That(error.Message, Does.Not.Contain(BedrockEmulatorCredentials.DefaultSecretAccessKey));
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }
    [Test]
    public async Task TemporaryCredentials_SendTheSessionToken_AndAWrongTokenIsRejected()
    {
        await using BedrockEmulator emulator = await StartAsync(o =>
            o.Credentials = new BedrockEmulatorCredentials("ASIAEMULATOREXAMPLE", "temporary/SECRET/key", "session-token-EXAMPLE"));
        using BedrockRuntimeClient client = NewClient(emulator, o =>
            o.Credentials = new SessionAWSCredentials("ASIAEMULATOREXAMPLE", "temporary/SECRET/key", "session-token-EXAMPLE"));
        using BedrockRuntimeClient wrong = NewClient(emulator, o =>
            o.Credentials = new SessionAWSCredentials("ASIAEMULATOREXAMPLE", "temporary/SECRET/key", "session-token-OTHER"));

        ConverseResponse response = await client.ConverseAsync(Converse());
        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => wrong.ConverseAsync(Converse()))!;

        IReadOnlyList<EmulatedRequest> log = emulator.RequestLog.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(Text(response), Does.Contain("Paris"));
            Assert.That(log[0].Headers, Does.ContainKey("x-amz-security-token"), "sent (the emulator requires it to match; the log redacts it)");
            Assert.That(log[0].StatusCode, Is.EqualTo(200));
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
            Assert.That(error.Message, Does.Not.Contain("session-token-OTHER").And.Not.Contain("temporary/SECRET/key"));
            Assert.That(log, Has.Count.EqualTo(2), "the rejected call made one attempt");
        });
    }

    [TestCase(-10, "Signature expired")]
    [TestCase(10, "Signature not yet current")]
    public async Task ASignatureOutsideTheClockSkew_IsAccessDenied_AfterOneAttempt(int skewMinutes, string reason)
    {
        await using BedrockEmulator emulator = await StartAsync();
        BedrockRuntimeOptions options = new()
        {
            Region = "us-east-1",
            ServiceUrl = emulator.ServiceUrl,
            Credentials = new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey),
        };
        using BedrockRuntimeClient client = new(options, null, new SkewedClock(TimeSpan.FromMinutes(skewMinutes)), () => 0.0);

        BedrockException error = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Converse()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
            Assert.That(error.ErrorCode, Is.EqualTo("InvalidSignatureException"));
            Assert.That(error.ServiceMessage, Does.StartWith(reason));
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InvokeModelHeaders_AreSignedAndAccepted_EvenWithRepeatedSpaces()
    {
        const string Metadata = "{\"tenant\":  \"t  1\"}";
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        InvokeModelResponse response = await client.InvokeModelAsync(new InvokeModelRequest
        {
            ModelId = TitanEmbed,
            Body = Encoding.UTF8.GetBytes("""{"inputText":"hello"}"""),
            ContentType = "application/json; charset=utf-8",
            Accept = "application/json",
            Trace = "ENABLED",
            GuardrailIdentifier = "gr-abc123",
            GuardrailVersion = "1",
            PerformanceConfigLatency = "standard",
            ServiceTier = "default",
            RequestMetadata = Metadata,
        });

        EmulatedRequest received = emulator.RequestLog.Last!;
        string authorization = received.Headers["authorization"];
        Assert.Multiple(() =>
        {
            Assert.That(received.StatusCode, Is.EqualTo(200), "the signature over every header was accepted");
            Assert.That(response.Body, Is.Not.Empty);
            Assert.That(received.Headers["content-type"], Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(received.Headers["x-amzn-bedrock-trace"], Is.EqualTo("ENABLED"));
            Assert.That(received.Headers["x-amzn-bedrock-guardrailidentifier"], Is.EqualTo("gr-abc123"));
            Assert.That(received.Headers["x-amzn-bedrock-request-metadata"], Is.EqualTo(Metadata));
            Assert.That(authorization, Does.Contain("x-amzn-bedrock-request-metadata").And.Contain("x-amzn-bedrock-trace").And.Contain("content-type"));
        });
    }

    [Test]
    public async Task NonAsciiText_IsSignedAndRoundTrips()
    {
        const string Context = "La capitale du Japon est Tōkyō. Le fleuve le plus long d’Afrique est le Nil.";
        const string Asked = Context + "\nQuestion : quelle est la capitale du Japon ? 日本の首都は？";
        await using BedrockEmulator emulator = await StartAsync();
        using BedrockRuntimeClient client = NewClient(emulator);

        ConverseResponse response = await client.ConverseAsync(Converse(question: Asked));

        EmulatedRequest received = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(received.StatusCode, Is.EqualTo(200));
            Assert.That(Text(response), Does.Contain("Tōkyō"));
            Assert.That(response.Usage!.InputTokens, Is.EqualTo(EmulatedTokenizer.CountTokens(SystemPrompt + "\n" + Asked)));
        });
        AssertBodyMatches(received, ServiceModelShapes.Runtime, "ConverseRequest");
    }

    /// <summary>The system clock, shifted: signatures carry a date that far from the emulator's.</summary>
    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + skew;
    }
}
