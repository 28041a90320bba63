using System.Diagnostics;
using System.Net;

namespace Bedrock.Foundations.Testing.Tests;

public sealed class FaultTests
{
    private const string ModelId = BedrockEmulatorTests.ModelId;

    private static async Task<int[]> StatusSequenceAsync(int seed, int requests)
    {
        BedrockEmulatorOptions options = new() { LatencyScale = 0 };
        options.Faults.Seed = seed;
        options.Faults.ThrottlingRate = 0.3;
        options.Faults.ServerErrorRate = 0.3;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);
        int[] statuses = new int[requests];
        for (int i = 0; i < requests; i++)
        {
            (HttpResponseMessage response, _) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
            statuses[i] = (int)response.StatusCode;
        }

        return statuses;
    }

    [Test]
    public async Task SameSeed_GivesTheSameFaultSequence()
    {
        int[] first = await StatusSequenceAsync(seed: 42, requests: 24);
        int[] second = await StatusSequenceAsync(seed: 42, requests: 24);
        int[] other = await StatusSequenceAsync(seed: 7, requests: 24);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first, Does.Contain(429).And.Contain(200));
            Assert.That(first.Where(s => s >= 500), Is.All.AnyOf(500, 503));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    [TestCase(nameof(BedrockEmulatorFaults.ThrottlingRate), 429, "ThrottlingException")]
    [TestCase(nameof(BedrockEmulatorFaults.ServerErrorRate), 0, null)]
    public async Task RateOne_FailsEveryRequestInTheAwsErrorShape(string fault, int status, string? type)
    {
        BedrockEmulatorOptions options = new();
        if (fault == nameof(BedrockEmulatorFaults.ThrottlingRate))
        {
            options.Faults.ThrottlingRate = 1;
        }
        else
        {
            options.Faults.ServerErrorRate = 1;
        }

        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        for (int i = 0; i < 3; i++)
        {
            (HttpResponseMessage response, System.Text.Json.JsonElement body) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
            string errorType = response.Headers.GetValues("x-amzn-ErrorType").Single();
            Assert.Multiple(() =>
            {
                if (status != 0)
                {
                    Assert.That((int)response.StatusCode, Is.EqualTo(status));
                    Assert.That(errorType, Is.EqualTo(type));
                }
                else
                {
                    Assert.That(((int)response.StatusCode, errorType),
                        Is.EqualTo((500, "InternalServerException")).Or.EqualTo((503, "ServiceUnavailableException")));
                }

                Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty);
            });
        }

        Assert.Multiple(() =>
        {
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(3));
            Assert.That(emulator.RequestLog.Snapshot().Select(r => r.Faults),
                Is.All.Matches<BedrockEmulatorFault>(f => (f & (BedrockEmulatorFault.Throttling | BedrockEmulatorFault.InternalServerError | BedrockEmulatorFault.ServiceUnavailable)) != 0));
        });
    }

    [Test]
    public async Task DroppedConnection_AbortsTheResponseBody()
    {
        BedrockEmulatorOptions options = new();
        options.Faults.DroppedConnectionRate = 1;
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        HttpResponseMessage response = await client.SendAsync("/model/{modelId}/converse", ModelId, BedrockEmulatorTests.RagRequest, HttpCompletionOption.ResponseHeadersRead);
        Exception? failure = null;
        try
        {
            await response.Content.ReadAsByteArrayAsync();
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            failure = e;
        }

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the headers arrive");
            Assert.That(failure, Is.Not.Null, "the response body must not complete");
            Assert.That(emulator.RequestLog.Last!.Faults, Is.EqualTo(BedrockEmulatorFault.DroppedConnection));
        });
    }

    [Test]
    public async Task LatencySpike_DelaysTheResponseAtLeastTheSpike()
    {
        BedrockEmulatorOptions options = new() { LatencyScale = 0 };
        options.Faults.LatencySpikeRate = 1;
        options.Faults.LatencySpike = TimeSpan.FromMilliseconds(150);
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        Stopwatch watch = Stopwatch.StartNew();
        (HttpResponseMessage response, _) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(options.Faults.LatencySpike));
            Assert.That(emulator.RequestLog.Last!.Faults, Is.EqualTo(BedrockEmulatorFault.LatencySpike));
        });
    }

    [Test]
    public async Task LatencyProfile_IsAwaited_AtLeastTheScaledT()
    {
        BedrockEmulatorOptions options = new() { LatencyScale = 0.5 };
        options.DefaultModel.Latency = new EmulatedLatencyProfile(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10));
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator);

        Stopwatch watch = Stopwatch.StartNew();
        (_, System.Text.Json.JsonElement body) = await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        watch.Stop();

        System.Text.Json.JsonElement usage = body.GetProperty("usage");
        TimeSpan t = options.DefaultModel.Latency.Compute(usage.GetProperty("inputTokens").GetInt32(), usage.GetProperty("outputTokens").GetInt32()) * options.LatencyScale;
        Assert.Multiple(() =>
        {
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(t));
            Assert.That(body.GetProperty("metrics").GetProperty("latencyMs").GetInt64(), Is.GreaterThanOrEqualTo((long)t.TotalMilliseconds));
        });
    }

    [Test]
    public void LatencyProfile_ComputesT0PlusInputAndOutputTerms()
    {
        EmulatedLatencyProfile profile = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(0.5), TimeSpan.FromMilliseconds(20));
        Assert.Multiple(() =>
        {
            Assert.That(profile.Compute(100, 10), Is.EqualTo(TimeSpan.FromMilliseconds(200 + 50 + 200)));
            Assert.That(profile.TimeToFirstToken(100), Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(EmulatedLatencyProfile.Zero.Compute(1000, 1000), Is.EqualTo(TimeSpan.Zero));
            Assert.That(EmulatedLatencyProfile.Default.FixedLatency, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
            Assert.That(EmulatedLatencyProfile.Default.PerInputToken, Is.EqualTo(TimeSpan.FromMilliseconds(0.05)));
            Assert.That(EmulatedLatencyProfile.Default.PerOutputToken, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
        });
    }

    [Test]
    public void LatencyProfile_RejectsNegativeValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new EmulatedLatencyProfile(TimeSpan.FromMilliseconds(-1), TimeSpan.Zero, TimeSpan.Zero),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("fixedLatency"));
            Assert.That(() => new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.FromMilliseconds(-1), TimeSpan.Zero),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("perInputToken"));
            Assert.That(() => new EmulatedLatencyProfile(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(-1)),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("perOutputToken"));
            Assert.That(() => EmulatedLatencyProfile.Default.Compute(-1, 0),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("inputTokens"));
            Assert.That(() => EmulatedLatencyProfile.Default.Compute(0, -1),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("outputTokens"));
        });
    }

    [Test]
    public async Task RequestLog_RecordsHeadersBodiesAndCountsPerOperation()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { LatencyScale = 0 });
        using EmulatorClient client = new(emulator);

        await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        await client.ConverseAsync(ModelId, BedrockEmulatorTests.RagRequest);
        await client.PostJsonAsync("/knowledgebases/{knowledgeBaseId}/retrieve", "KB12345678", """{"retrievalQuery":{"text":"q"}}""");

        EmulatedRequest last = emulator.RequestLog.Last!;
        Assert.Multiple(() =>
        {
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(3));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(2));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Retrieve), Is.EqualTo(1));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Rerank), Is.Zero);
            Assert.That(last.Method, Is.EqualTo("POST"));
            Assert.That(last.BodyText, Is.EqualTo("""{"retrievalQuery":{"text":"q"}}"""));
            Assert.That(last.Headers["authorization"], Does.StartWith("AWS4-HMAC-SHA256 Credential=" + BedrockEmulatorCredentials.DefaultAccessKeyId));
            Assert.That(last.StatusCode, Is.EqualTo(200));
            Assert.That(last.ErrorType, Is.Null);
        });

        emulator.RequestLog.Clear();
        Assert.That(emulator.RequestLog.Count, Is.Zero);
        Assert.That(emulator.RequestLog.Last, Is.Null);
    }
}
