using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Review fixes 4 (local failures are not retried), 5 (timeouts always surface as BedrockException), 6 (attempt
/// telemetry) and 7 (credential precedence).</summary>
[TestFixture]
[NonParallelizable]
public sealed class BedrockTransportReviewFixTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"messages":[]}""");

    // ---- 4. Header values are checked up front; only transient network errors are retried ----

    [TestCase(nameof(InvokeModelRequest.Trace))]
    [TestCase(nameof(InvokeModelRequest.Accept))]
    [TestCase(nameof(InvokeModelRequest.GuardrailIdentifier))]
    [TestCase(nameof(InvokeModelRequest.GuardrailVersion))]
    [TestCase(nameof(InvokeModelRequest.PerformanceConfigLatency))]
    [TestCase(nameof(InvokeModelRequest.ServiceTier))]
    [TestCase(nameof(InvokeModelRequest.RequestMetadata))]
    [TestCase(nameof(InvokeModelRequest.ContentType))]
    public void InvokeModel_NonAsciiHeaderValue_ThrowsArgumentExceptionNamingTheMember_SendsNothing(string member)
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);
        InvokeModelRequest request = new() { ModelId = "m", Body = [1] };
        typeof(InvokeModelRequest).GetProperty(member)!.SetValue(request, "Café ☕");

        Assert.That(() => client.InvokeModelAsync(request), Throws.ArgumentException
            .With.Property("ParamName").EqualTo("request")
            .And.Message.Contains("InvokeModelRequest." + member).And.Message.Contains("printable ASCII"));
        Assert.That(handler.Attempts, Is.Zero);
    }

    [Test]
    public void InvokeModel_LineBreakInHeaderValue_ThrowsArgumentException()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);

        Assert.That(() => client.InvokeModelAsync(new InvokeModelRequest { ModelId = "m", Body = [1], RequestMetadata = "{\"a\":\"b\"}\r\nX-Injected: 1" }),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("request").And.Message.Contains("InvokeModelRequest.RequestMetadata"));
        Assert.That(handler.Attempts, Is.Zero);
    }

    [Test]
    public async Task InvokeModel_PrintableAsciiHeaderValues_AreSent()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);

        await client.InvokeModelAsync(new InvokeModelRequest { ModelId = "m", Body = [1], RequestMetadata = """{"team":"a b~c"}""", Trace = "ENABLED" });

        Assert.That(handler.Requests.Single().Header("X-Amzn-Bedrock-Request-Metadata"), Is.EqualTo("""{"team":"a b~c"}"""));
    }

    [TestCase(HttpRequestError.ConnectionError, true)]
    [TestCase(HttpRequestError.NameResolutionError, true)]
    [TestCase(HttpRequestError.ResponseEnded, true)]
    [TestCase(HttpRequestError.ProxyTunnelError, true)]
    [TestCase(HttpRequestError.SecureConnectionError, false)]
    [TestCase(HttpRequestError.InvalidResponse, false)]
    [TestCase(HttpRequestError.ConfigurationLimitExceeded, false)]
    [TestCase(HttpRequestError.UserAuthenticationError, false)]
    [TestCase(HttpRequestError.HttpProtocolError, false)]
    [TestCase(HttpRequestError.Unknown, false)]
    public void Send_HttpRequestException_RetriedOnlyWhenTransient(HttpRequestError error, bool retried)
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => throw new HttpRequestException(error, "failed: " + error) };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Network));
        Assert.That(ex.IsRetryable, Is.EqualTo(retried));
        Assert.That(handler.Attempts, Is.EqualTo(retried ? BedrockRuntimeOptions.DefaultMaxAttempts : 1));
    }

    [Test]
    public void Send_NonAsciiHeaderRejectedByTheHandler_IsNotRetried()
    {
        // What SocketsHttpHandler throws for a header value it cannot encode.
        FakeHttpHandler handler = new() { Respond = (_, _, _) => throw new HttpRequestException("Request headers must contain only ASCII characters.") };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.IsRetryable, Is.False);
        Assert.That(ex.Message, Does.Contain("not retried"));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Send_UnknownErrorCausedBySocketOrIOException_IsRetried()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => attempt == 1
                ? throw new HttpRequestException("send failed", new SocketException((int)SocketError.ConnectionReset))
                : throw new HttpRequestException("send failed", new IOException("Unable to read data from the transport connection")),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.MaxAttempts = 2);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => Converse(client))!;

        Assert.That(ex.IsRetryable, Is.True);
        Assert.That(handler.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void IsTransient_ClassifiesBareExceptions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BedrockTransport.IsTransient(new IOException("reset")), Is.True);
            Assert.That(BedrockTransport.IsTransient(new HttpIOException(HttpRequestError.ResponseEnded)), Is.True);
            Assert.That(BedrockTransport.IsTransient(new HttpIOException(HttpRequestError.InvalidResponse)), Is.False);
            Assert.That(BedrockTransport.IsTransient(new InvalidOperationException()), Is.False);
        });
    }

    // ---- 5. A timeout racing the caller's cancellation never escapes as TimeoutRejectedException ----

    [Test]
    public async Task Send_AttemptTimeoutRacingTheCallersCancellation_SurfacesOnlyBedrockOrCanceledExceptions()
    {
        FakeHttpHandler handler = new() { Respond = async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return new HttpResponseMessage(); } };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.AttemptTimeout = TimeSpan.FromMilliseconds(15); o.MaxAttempts = 1; });

        for (int i = 0; i < 25; i++)
        {
            using CancellationTokenSource cts = new();
            cts.CancelAfter(TimeSpan.FromMilliseconds(15));
            Exception? caught = null;
            try
            {
                using HttpResponseMessage response = await Converse(client, cts.Token);
            }
            catch (Exception ex)
            {
                caught = ex;
            }

            Assert.That(caught, Is.InstanceOf<BedrockException>().With.Property("Kind").EqualTo(BedrockErrorKind.Timeout).Or.InstanceOf<OperationCanceledException>(),
                $"iteration {i}: {caught?.GetType().FullName}");
        }
    }

    // ---- 6. Attempt telemetry ----

    [Test]
    public async Task Telemetry_TimedOutAttemptIsCounted_WithDurationServerAndGenAiTags()
    {
        const string Model = "telemetry-review-timeout-model";
        using Recorder recorder = new(Model);
        FakeHttpHandler handler = new()
        {
            Respond = async (_, attempt, ct) =>
            {
                if (attempt == 1)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return FakeHttpHandler.Json(HttpStatusCode.OK, """{"output":{"message":{"role":"assistant","content":[{"text":"hi"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2},"metrics":{"latencyMs":1}}""");
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(50));

        await client.ConverseAsync(new ConverseRequest { ModelId = Model });

        List<Recorder.Measurement> attempts = recorder.Of("aws.bedrock.client.attempts");
        List<Recorder.Measurement> durations = recorder.Of("aws.bedrock.client.attempt.duration");
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That(durations, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(attempts[0].Tags["error.type"], Is.EqualTo("timeout"));
            Assert.That(attempts[0].Tags.ContainsKey("http.response.status_code"), Is.False);
            Assert.That(attempts[1].Tags["http.response.status_code"], Is.EqualTo(200));
            Assert.That(durations[0].Value, Is.GreaterThan(0));
            Assert.That(durations[0].Tags["error.type"], Is.EqualTo("timeout"));
            foreach (Recorder.Measurement m in attempts.Concat(durations))
            {
                Assert.That(m.Tags["server.address"], Is.EqualTo("bedrock-runtime.us-east-1.amazonaws.com"));
                Assert.That(m.Tags["gen_ai.provider.name"], Is.EqualTo("aws.bedrock"));
                Assert.That(m.Tags["gen_ai.request.model"], Is.EqualTo(Model));
                Assert.That(m.Tags["rpc.method"], Is.EqualTo("Converse"));
            }

            Assert.That(recorder.Of("aws.bedrock.client.retries").Single().Tags["gen_ai.request.model"], Is.EqualTo(Model));
        });
    }

    [Test]
    public void Telemetry_CancelledAttemptIsCounted()
    {
        const string Model = "telemetry-review-cancel-model";
        using Recorder recorder = new(Model);
        using CancellationTokenSource cts = new();
        FakeHttpHandler handler = new()
        {
            Respond = async (_, _, ct) =>
            {
                await cts.CancelAsync();
                await Task.Delay(Timeout.Infinite, ct);
                return new HttpResponseMessage();
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        Assert.CatchAsync<OperationCanceledException>(() => client.ConverseAsync(new ConverseRequest { ModelId = Model }, cts.Token));

        Recorder.Measurement attempt = recorder.Of("aws.bedrock.client.attempts").Single();
        Assert.That(attempt.Tags["error.type"], Is.EqualTo("cancelled"));
        Assert.That(recorder.Of("aws.bedrock.client.attempt.duration"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Telemetry_StreamRetriedBeforeItsFirstEvent_CountsBothAttempts()
    {
        const string Model = "telemetry-review-stream-model";
        using Recorder recorder = new(Model);
        byte[] throttled = EventStreamEncoder.Encode(EventStreamMessage.CreateException("throttlingException", """{"message":"slow down"}"""u8.ToArray()));
        byte[] good = EventStreamEncoder.Encode(EventStreamMessage.CreateEvent("messageStart", """{"role":"assistant"}"""u8.ToArray()));
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) =>
            {
                HttpResponseMessage response = new(HttpStatusCode.OK) { Content = new ByteArrayContent(attempt == 1 ? throttled : good) };
                return Task.FromResult(response);
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(new ConverseStreamRequest { ModelId = Model }))
        {
        }

        List<Recorder.Measurement> attempts = recorder.Of("aws.bedrock.client.attempts");
        Assert.That(attempts.Select(a => a.Tags.GetValueOrDefault("error.type")), Is.EqualTo(new object?[] { "ThrottlingException", null }));
        Assert.That(attempts.Select(a => a.Tags["http.response.status_code"]), Has.All.EqualTo(200));
        Assert.That(recorder.Of("aws.bedrock.client.throttles"), Has.Count.EqualTo(1));
    }

    // ---- 7. Credential precedence ----

    [Test]
    public async Task ApiKeyFromEnvironment_DoesNotOverrideExplicitCredentials()
    {
        using EnvironmentScope env = new((BedrockRuntimeOptions.ApiKeyEnvironmentVariable, "env-api-key"));
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);

        using HttpResponseMessage response = await Converse(client);

        Assert.That(handler.Requests.Single().Header("Authorization"), Does.StartWith("AWS4-HMAC-SHA256 Credential=" + TestClients.AccessKey + "/"));
    }

    [Test]
    public async Task ApiKeyFromEnvironment_DoesNotOverrideAnExplicitProfile()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bedrock-review-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string credentials = Path.Combine(directory, "credentials");
        await File.WriteAllTextAsync(credentials, "[review-profile]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
        try
        {
            using EnvironmentScope env = new(
                (BedrockRuntimeOptions.ApiKeyEnvironmentVariable, "env-api-key"),
                ("AWS_SHARED_CREDENTIALS_FILE", credentials),
                ("AWS_CONFIG_FILE", Path.Combine(directory, "config")));
            FakeHttpHandler handler = new();
            using BedrockRuntimeClient client = TestClients.Create(handler, o => { o.Credentials = null; o.Profile = "review-profile"; });

            using HttpResponseMessage response = await Converse(client);

            Assert.That(handler.Requests.Single().Header("Authorization"), Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDPROFILE/"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task ApiKeyFromEnvironment_IsUsedWithoutExplicitCredentials()
    {
        using EnvironmentScope env = new((BedrockRuntimeOptions.ApiKeyEnvironmentVariable, "env-api-key"));
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.Credentials = null);

        using HttpResponseMessage response = await Converse(client);

        Assert.That(handler.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer env-api-key"));
    }

    [Test]
    public async Task ApiKeyInCode_WinsOverExplicitCredentialsAndTheEnvironment()
    {
        using EnvironmentScope env = new((BedrockRuntimeOptions.ApiKeyEnvironmentVariable, "env-api-key"));
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.ApiKey = "code-api-key");

        using HttpResponseMessage response = await Converse(client);

        Assert.That(handler.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer code-api-key"));
    }

    [Test]
    public void ApiKey_NonAscii_ThrowsArgumentException()
    {
        Assert.That(() => TestClients.Create(new FakeHttpHandler(), o => o.ApiKey = "clé"),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("options").And.Message.Contains("BedrockRuntimeOptions.ApiKey").And.Message.Not.Contains("clé"));
    }

    private static Task<HttpResponseMessage> Converse(BedrockRuntimeClient client, CancellationToken cancellationToken = default) =>
        client.Transport.SendAsync(BedrockEndpointKind.Runtime, "Converse", HttpMethod.Post, BedrockPaths.Converse("m"), null, Body, "application/json", false, cancellationToken);

    /// <summary>Records the client meter's measurements for one model id.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<Measurement> _measurements = [];

        public Recorder(string model)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == BedrockRuntimeClient.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(model, instrument.Name, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(model, instrument.Name, value, tags));
            _listener.Start();
        }

        public List<Measurement> Of(string instrument)
        {
            lock (_measurements)
            {
                return [.. _measurements.Where(m => m.Instrument == instrument)];
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(string model, string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            Dictionary<string, object?> map = [];
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (Equals(map.GetValueOrDefault("gen_ai.request.model"), model))
            {
                lock (_measurements)
                {
                    _measurements.Add(new Measurement(instrument, value, map));
                }
            }
        }

        public sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
    }
}
