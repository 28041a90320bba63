using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
[NonParallelizable]
public sealed class BedrockTransportTests
{
    private const string ModelId = "anthropic.claude-3-haiku-20240307-v1:0";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""");

    [Test]
    public async Task Send_SignsWithSigV4_VerifiableWithTheSdkSigner()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.Region = "eu-west-1");

        using HttpResponseMessage response = await Converse(client);

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Uri.GetLeftPart(UriPartial.Path), Is.EqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"));
        Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(request.Body, Is.EqualTo(Body));
        string authorization = request.Header("Authorization")!;
        string amzDate = request.Header("X-Amz-Date")!;
        Assert.That(authorization, Does.Match(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/eu-west-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$"));
        Assert.That(request.Header("X-Amz-Security-Token"), Is.Null);

        // Recompute: the canonical request from what was on the wire, signed by the SDK.
        string canonical = string.Join('\n',
            "POST",
            "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse",
            "",
            "content-type:application/json",
            "host:bedrock-runtime.eu-west-1.amazonaws.com",
            "x-amz-date:" + amzDate,
            "",
            "content-type;host;x-amz-date",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Body)));
        DateTime signedAt = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        AWS4SigningResult expected = AWS4Signer.ComputeSignature(TestClients.AccessKey, TestClients.SecretKey, "eu-west-1", signedAt, "bedrock", "content-type;host;x-amz-date", canonical);
        Assert.That(authorization, Is.EqualTo(expected.ForAuthorizationHeader));
    }

    [Test]
    public async Task Send_SessionCredentials_SendsAndSignsTheToken()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.Credentials = new SessionAWSCredentials("AKIDSESSION", "secret", "the-token"));

        using HttpResponseMessage response = await Converse(client);

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Header("X-Amz-Security-Token"), Is.EqualTo("the-token"));
        Assert.That(request.Header("Authorization"), Does.Contain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"));
    }

    [Test]
    public async Task Send_ExtraHeaders_AreSentAndSigned()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);

        using HttpResponseMessage response = await client.Transport.SendAsync(BedrockEndpointKind.Runtime, "InvokeModel", HttpMethod.Post, BedrockPaths.InvokeModel(ModelId),
            [new("Accept", "application/json"), new("X-Amzn-Bedrock-Trace", "ENABLED")], Body, "application/json", false, CancellationToken.None);

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Header("X-Amzn-Bedrock-Trace"), Is.EqualTo("ENABLED"));
        Assert.That(request.Header("Authorization"), Does.Contain("SignedHeaders=accept;content-type;host;x-amz-date;x-amzn-bedrock-trace,"));
    }

    [Test]
    public async Task Send_ApiKey_BearerOnRuntime_SigV4OnAgentRuntime()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.ApiKey = "bedrock-api-key-123");

        using (await Converse(client))
        {
        }

        using (await client.Transport.SendAsync(BedrockEndpointKind.AgentRuntime, "Rerank", HttpMethod.Post, BedrockPaths.Rerank, null, Body, "application/json", false, CancellationToken.None))
        {
        }

        Assert.That(handler.Requests[0].Header("Authorization"), Is.EqualTo("Bearer bedrock-api-key-123"));
        Assert.That(handler.Requests[0].Header("X-Amz-Date"), Is.Null);
        Assert.That(handler.Requests[1].Uri.Host, Is.EqualTo("bedrock-agent-runtime.us-east-1.amazonaws.com"));
        Assert.That(handler.Requests[1].Header("Authorization"), Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    }

    [Test]
    public async Task Send_ApiKeyFromEnvironment_UsedWhenTheOptionIsUnset()
    {
        using EnvironmentScope env = new((BedrockRuntimeOptions.ApiKeyEnvironmentVariable, "env-key"));
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.Credentials = null);
        using BedrockRuntimeClient explicitKey = TestClients.Create(handler, o => o.ApiKey = "option-key");

        using (await Converse(client))
        {
        }

        using (await Converse(explicitKey))
        {
        }

        Assert.That(handler.Requests[0].Header("Authorization"), Is.EqualTo("Bearer env-key"));
        Assert.That(handler.Requests[1].Header("Authorization"), Is.EqualTo("Bearer option-key"));
    }

    [Test]
    public void Send_ApiKeyOnlyOnAgentRuntime_ThrowsCredentialsUnavailable()
    {
        using EnvironmentScope env = new(
            ("AWS_ACCESS_KEY_ID", null), ("AWS_SECRET_ACCESS_KEY", null), ("AWS_SESSION_TOKEN", null), ("AWS_PROFILE", "bedrock-foundations-test-no-such-profile"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"), ("AWS_CONFIG_FILE", "/nonexistent/config"),
            ("AWS_EC2_METADATA_DISABLED", "true"), ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null), ("AWS_CONTAINER_CREDENTIALS_FULL_URI", null),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", null));
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.Credentials = null; o.ApiKey = "k"; });

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() =>
            client.Transport.SendAsync(BedrockEndpointKind.AgentRuntime, "Retrieve", HttpMethod.Post, BedrockPaths.Retrieve("KB12345678"), null, Body, "application/json", false, CancellationToken.None))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.CredentialsUnavailable));
        Assert.That(ex.Message, Does.Contain("API key is accepted only by the bedrock-runtime operations"));
        Assert.That(handler.Attempts, Is.Zero);
    }

    [Test]
    public void Send_UnknownProfile_ThrowsCredentialsUnavailable()
    {
        using EnvironmentScope env = new(("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"), ("AWS_CONFIG_FILE", "/nonexistent/config"));
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.Credentials = null; o.Profile = "no-such-profile"; });

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.CredentialsUnavailable));
        Assert.That(ex.Message, Does.Contain("'no-such-profile'"));
    }

    [TestCase(HttpStatusCode.TooManyRequests, "ThrottlingException")]
    [TestCase(HttpStatusCode.TooManyRequests, "ModelNotReadyException")]
    [TestCase(HttpStatusCode.InternalServerError, "InternalServerException")]
    [TestCase(HttpStatusCode.BadGateway, "BadGatewayException")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException")]
    [TestCase(HttpStatusCode.GatewayTimeout, "")]
    [TestCase(HttpStatusCode.BadRequest, "ThrottlingException")]
    public async Task Send_RetryableError_RetriedThenSucceeds(HttpStatusCode status, string code)
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(attempt < 3
                ? (code.Length == 0 ? new HttpResponseMessage(status) : FakeHttpHandler.Error(status, code))
                : FakeHttpHandler.Json(HttpStatusCode.OK, "{}")),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        using HttpResponseMessage response = await Converse(client);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(handler.Attempts, Is.EqualTo(3));
    }

    [Test]
    public void Send_RetryableErrorEveryTime_StopsAfterMaxAttempts()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Error(HttpStatusCode.TooManyRequests, "ThrottlingException", "slow down")) };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.MaxAttempts = 4);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(handler.Attempts, Is.EqualTo(4));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
        Assert.That(ex.RequestId, Is.EqualTo("req-429"));
        Assert.That(ex.Message, Does.Contain("slow down"));
    }

    [TestCase(HttpStatusCode.BadRequest, "ValidationException")]
    [TestCase(HttpStatusCode.Forbidden, "AccessDeniedException")]
    [TestCase(HttpStatusCode.NotFound, "ResourceNotFoundException")]
    [TestCase(HttpStatusCode.RequestTimeout, "ModelTimeoutException")]
    [TestCase(HttpStatusCode.FailedDependency, "ModelErrorException")]
    [TestCase(HttpStatusCode.BadRequest, "ServiceQuotaExceededException")]
    public void Send_NonRetryableError_TriedOnce(HttpStatusCode status, string code)
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Error(status, code)) };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(handler.Attempts, Is.EqualTo(1));
        Assert.That(ex.ErrorCode, Is.EqualTo(code));
        Assert.That(ex.StatusCode, Is.EqualTo(status));
        Assert.That(ex.IsRetryable, Is.False);
    }

    [Test]
    public async Task Send_NetworkFailure_RetriedThenSucceeds()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => attempt switch
            {
                1 => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)),
                2 => throw new IOException("connection reset"),
                _ => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, "{}")),
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        using HttpResponseMessage response = await Converse(client);

        Assert.That(handler.Attempts, Is.EqualTo(3));
    }

    [Test]
    public void Send_NetworkFailureEveryTime_ThrowsNetworkKind()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused") };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Network));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(handler.Attempts, Is.EqualTo(3));
    }

    [Test]
    public async Task Send_EachAttempt_FreshRequestFreshSignatureFreshCredentials()
    {
        CountingCredentials credentials = new();
        ManualTime time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(attempt < 3 ? FakeHttpHandler.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException") : FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.Credentials = credentials, time: time);

        using HttpResponseMessage response = await Converse(client);

        Assert.That(handler.Requests.Select(r => r.Header("X-Amz-Date")), Is.EqualTo(new[] { "20250102T030405Z", "20250102T030406Z", "20250102T030407Z" }));
        Assert.That(handler.Requests.Select(r => r.Header("Authorization")).Distinct().Count(), Is.EqualTo(3));
        Assert.That(handler.Requests.Select(r => r.Header("Authorization")), Has.All.Contain("Credential=AKID"));
        Assert.That(credentials.Calls, Is.EqualTo(3));
        Assert.That(handler.Requests.Select(r => r.Header("Authorization")![(r.Header("Authorization")!.IndexOf("Credential=", StringComparison.Ordinal) + 11)..].Split('/')[0]),
            Is.EqualTo(new[] { "AKID1", "AKID2", "AKID3" }));
        Assert.That(handler.Requests.All(r => r.Body.SequenceEqual(Body)), Is.True);
    }

    [Test]
    public async Task Send_RetryQuota_ExhaustionStopsRetrying_SuccessRefills()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Error(HttpStatusCode.InternalServerError, "InternalServerException")) };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.MaxAttempts = 1000);
        RetryQuota quota = client.Transport.Quota;

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        // 500 tokens pay for 100 retries of cost 5: 101 attempts, then the error surfaces.
        Assert.That(handler.Attempts, Is.EqualTo(101));
        Assert.That(quota.Available, Is.Zero);
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.InternalServer));

        Assert.ThrowsAsync<BedrockException>(() => Converse(client));
        Assert.That(handler.Attempts, Is.EqualTo(102), "an empty bucket means no retry at all");

        handler.Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using (await Converse(client))
        {
        }

        Assert.That(quota.Available, Is.EqualTo(RetryQuota.SuccessRefund));
    }

    [Test]
    public async Task Send_SuccessAfterRetry_RefundsTheRetryCost()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(attempt == 1 ? FakeHttpHandler.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException") : FakeHttpHandler.Json(HttpStatusCode.OK, "{}")),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        using (await Converse(client))
        {
        }

        Assert.That(client.Transport.Quota.Available, Is.EqualTo(RetryQuota.Capacity));
    }

    [Test]
    public async Task Send_AttemptTimeout_RetriedThenSucceeds()
    {
        FakeHttpHandler handler = new()
        {
            Respond = async (_, attempt, ct) =>
            {
                if (attempt == 1)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return FakeHttpHandler.Json(HttpStatusCode.OK, "{}");
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));

        using HttpResponseMessage response = await Converse(client);

        Assert.That(handler.Attempts, Is.EqualTo(2));
        Assert.That(client.Transport.Quota.Available, Is.EqualTo(RetryQuota.Capacity), "the timeout retry cost 10 and the success refunded it");
    }

    [Test]
    public void Send_AttemptTimeoutEveryTime_ThrowsTimeoutKind()
    {
        FakeHttpHandler handler = new() { Respond = async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return new HttpResponseMessage(); } };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.AttemptTimeout = TimeSpan.FromMilliseconds(20); o.MaxAttempts = 2; });

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
        Assert.That(ex.Message, Does.Contain("AttemptTimeout"));
        Assert.That(ex.InnerException, Is.InstanceOf<Polly.Timeout.TimeoutRejectedException>());
        Assert.That(handler.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void Send_TotalTimeout_ThrowsTimeoutKindAndStops()
    {
        FakeHttpHandler handler = new() { Respond = async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return new HttpResponseMessage(); } };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.Timeout = TimeSpan.FromMilliseconds(60); o.AttemptTimeout = Timeout.InfiniteTimeSpan; o.MaxAttempts = 5; });

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Timeout));
        Assert.That(ex.IsRetryable, Is.False);
        Assert.That(ex.Message, Does.Contain("BedrockRuntimeOptions.Timeout"));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Send_CallerCancels_ThrowsOperationCanceledForTheCallersToken()
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        FakeHttpHandler handler = new()
        {
            Respond = async (_, _, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return new HttpResponseMessage();
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);
        using CancellationTokenSource cts = new();

        Task<HttpResponseMessage> call = Converse(client, cts.Token);
        Assert.That(started.Task.Wait(TimeSpan.FromSeconds(30)), Is.True);
        cts.Cancel();

        OperationCanceledException ex = Assert.CatchAsync<OperationCanceledException>(() => call)!;
        Assert.That(ex.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Send_CancelledDuringBackoff_Stops()
    {
        using CancellationTokenSource cts = new();
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) =>
            {
                cts.Cancel();
                return Task.FromResult(FakeHttpHandler.Error(HttpStatusCode.TooManyRequests, "ThrottlingException"));
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.RetryBaseDelay = TimeSpan.FromSeconds(10), jitter: () => 0.999);

        Assert.CatchAsync<OperationCanceledException>(() => Converse(client, cts.Token));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Send_AlreadyCancelled_SendsNothing()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);

        Assert.CatchAsync<OperationCanceledException>(() => Converse(client, new CancellationToken(true)));
        Assert.That(handler.Attempts, Is.Zero);
    }

    [Test]
    public void Send_ErrorMessages_NeverContainSecrets()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Error(HttpStatusCode.Forbidden, "InvalidSignatureException", "The request signature we calculated does not match")) };
        using BedrockRuntimeClient sigv4 = TestClients.Create(handler, o => o.Credentials = new SessionAWSCredentials("AKIDSECRETCHECK", "very-secret-key", "very-secret-token"));
        using BedrockRuntimeClient bearer = TestClients.Create(handler, o => o.ApiKey = "very-secret-api-key");

        foreach (BedrockRuntimeClient client in new[] { sigv4, bearer })
        {
            BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;
            string text = ex.ToString();
            Assert.That(text, Does.Not.Contain("very-secret").And.Not.Contain("Signature=").And.Not.Contain("Authorization").And.Not.Contain("Bearer"));
            Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
        }
    }

    [Test]
    public async Task Send_Streaming_ReturnsBeforeTheBodyIsRead()
    {
        TaskCompletionSource<bool> release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new GatedStream(release.Task)) }),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        using HttpResponseMessage response = await client.Transport.SendAsync(BedrockEndpointKind.Runtime, "ConverseStream", HttpMethod.Post,
            BedrockPaths.ConverseStream(ModelId), null, Body, "application/json", true, CancellationToken.None);
        release.SetResult(true);
        byte[] content = await response.Content.ReadAsByteArrayAsync();

        Assert.That(content, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void BackoffDelay_IsFullJitterOverTheCappedExponential()
    {
        TimeSpan @base = TimeSpan.FromSeconds(1), max = TimeSpan.FromSeconds(20);

        Assert.Multiple(() =>
        {
            Assert.That(BedrockTransport.BackoffDelay(0, @base, max, 0.5), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(BedrockTransport.BackoffDelay(1, @base, max, 0.5), Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(BedrockTransport.BackoffDelay(3, @base, max, 1.0), Is.EqualTo(TimeSpan.FromSeconds(8)));
            Assert.That(BedrockTransport.BackoffDelay(5, @base, max, 1.0), Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(BedrockTransport.BackoffDelay(60, @base, max, 0.25), Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(BedrockTransport.BackoffDelay(2, @base, max, 0.0), Is.EqualTo(TimeSpan.Zero));
        });
    }

    private static Task<HttpResponseMessage> Converse(BedrockRuntimeClient client, CancellationToken cancellationToken = default) =>
        client.Transport.SendAsync(BedrockEndpointKind.Runtime, "Converse", HttpMethod.Post, BedrockPaths.Converse(ModelId), null, Body, "application/json", false, cancellationToken);

    /// <summary>Credentials that change on every call, like refreshing credentials.</summary>
    private sealed class CountingCredentials : AWSCredentials
    {
        private int _calls;

        public int Calls => _calls;

        public override ImmutableCredentials GetCredentials()
        {
            int n = Interlocked.Increment(ref _calls);
            return new ImmutableCredentials("AKID" + n, "secret" + n, null);
        }
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>A stream whose bytes appear only after a gate opens.</summary>
    private sealed class GatedStream(Task gate) : MemoryStream([1, 2, 3])
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
