using System.Net;

namespace Bedrock.Foundations.Testing.Tests;

/// <summary>The request log is bounded and keeps no secrets.</summary>
public sealed class RequestLogTests
{
    private const string Body = """{"messages":[{"role":"user","content":[{"text":"Hi."}]}]}""";

    [Test]
    public void Capacity_DefaultsTo10000()
    {
        Assert.That(new BedrockEmulatorOptions().RequestLogCapacity, Is.EqualTo(10_000));
        Assert.That(new BedrockEmulatorRequestLog().Capacity, Is.EqualTo(BedrockEmulatorOptions.DefaultRequestLogCapacity));
    }

    [Test]
    public async Task FullLog_DropsTheOldestRequests()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { RequestLogCapacity = 3 });
        using EmulatorClient client = new(emulator);

        for (int i = 1; i <= 5; i++)
        {
            (HttpResponseMessage response, _) = await client.ConverseAsync("model-" + i, Body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.Multiple(() =>
        {
            Assert.That(emulator.RequestLog.Count, Is.EqualTo(3));
            Assert.That(emulator.RequestLog.DroppedCount, Is.EqualTo(2));
            Assert.That(emulator.RequestLog.Snapshot().Select(r => r.ResourceId), Is.EqualTo(new[] { "model-3", "model-4", "model-5" }));
            Assert.That(emulator.RequestLog.Last!.ResourceId, Is.EqualTo("model-5"));
            Assert.That(emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse), Is.EqualTo(3));
        });

        emulator.RequestLog.Clear();
        Assert.That(emulator.RequestLog.Count, Is.Zero);
        Assert.That(emulator.RequestLog.DroppedCount, Is.Zero);
        Assert.That(emulator.RequestLog.Last, Is.Null);
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void NonPositiveCapacity_FailsStartNamingIt(int capacity)
    {
        ArgumentException ex = Assert.ThrowsAsync<ArgumentException>(() => BedrockEmulator.StartAsync(new BedrockEmulatorOptions { RequestLogCapacity = capacity }))!;

        Assert.That(ex.ParamName, Is.EqualTo("options"));
        Assert.That(ex.Message, Does.Contain("RequestLogCapacity must be ≥ 1"));
    }

    [Test]
    public async Task SigV4Request_IsLoggedWithoutItsSignatureOrSessionToken()
    {
        const string Token = "session-token-secret-1";
        BedrockEmulatorOptions options = new()
        {
            Credentials = new BedrockEmulatorCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey, Token),
        };
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator) { SessionToken = Token };
        using HttpClient http = new();
        using HttpRequestMessage request = client.CreateRequest("/model/{modelId}/converse", "m", Body);
        string authorization = string.Join(",", request.Headers.GetValues("Authorization"));
        string signature = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        IReadOnlyDictionary<string, string> logged = emulator.RequestLog.Last!.Headers;
        Assert.Multiple(() =>
        {
            Assert.That(logged["authorization"], Does.StartWith($"AWS4-HMAC-SHA256 Credential={BedrockEmulatorCredentials.DefaultAccessKeyId}/"));
            Assert.That(logged["authorization"], Does.Contain("/us-east-1/bedrock/aws4_request").And.Contain("SignedHeaders=").And.EndWith("Signature=(redacted)"));
            Assert.That(logged["x-amz-security-token"], Is.EqualTo("(redacted)"));
            Assert.That(logged.Values, Has.None.Contains(signature).And.None.Contains(Token));
        });
    }

    [Test]
    public async Task BearerRequest_IsLoggedWithTheSchemeOnly()
    {
        const string Key = "bedrock-api-key-secret";
        BedrockEmulatorOptions options = new() { ApiKeys = { Key } };
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator) { BearerKey = Key };

        (HttpResponseMessage response, _) = await client.ConverseAsync("m", Body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.RequestLog.Last!.Headers["authorization"], Is.EqualTo("Bearer (redacted)"));
        Assert.That(emulator.RequestLog.Last!.Headers.Values, Has.None.Contains(Key));
    }
}
