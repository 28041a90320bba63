using System.Net;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Tests;

public sealed class AuthenticationTests
{
    private const string ModelId = BedrockEmulatorTests.ModelId;
    private const string Body = BedrockEmulatorTests.RagRequest;

    private static void AssertAwsError(HttpResponseMessage response, JsonElement body, HttpStatusCode status, string type, string messageStart)
    {
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo(type));
            Assert.That(response.Headers.GetValues("x-amzn-RequestId").Single(), Is.Not.Empty);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(body.GetProperty("message").GetString(), Does.StartWith(messageStart));
        });
    }

    [Test]
    public async Task SignedBySdkSigner_IsAccepted_ForAModelIdWithAColon()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, _) = await client.ConverseAsync(ModelId, Body);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(emulator.RequestLog.Last!.RawTarget, Does.Contain("%3A"));
            Assert.That(emulator.RequestLog.Last!.ResourceId, Is.EqualTo(ModelId));
        });
    }

    [TestCase("/rerank", null, """{"queries":[{"type":"TEXT","textQuery":{"text":"q"}}],"sources":[{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"q"}}}],"rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":{"modelConfiguration":{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0"}}}}""")]
    [TestCase("/knowledgebases/{knowledgeBaseId}/retrieve", "KB12345678", """{"retrievalQuery":{"text":"q"}}""")]
    [TestCase("/guardrail/{guardrailIdentifier}/version/1/apply", "gr-1", """{"source":"INPUT","content":[{"text":{"text":"hello"}}]}""")]
    public async Task SignedBySdkSigner_IsAccepted_OnEveryPathShape(string path, string? label, string json)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);

        (HttpResponseMessage response, JsonElement body) = await client.PostJsonAsync(path, label, json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
    }

    [Test]
    public async Task WrongSecret_Is403InvalidSignatureException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator) { SecretAccessKey = "not-the-secret" };

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, Body);

        AssertAwsError(response, body, HttpStatusCode.Forbidden, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.");
        Assert.That(emulator.RequestLog.Last!.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task ConfiguredCredentials_AreTheOnesChecked()
    {
        BedrockEmulatorOptions options = new() { Credentials = new BedrockEmulatorCredentials("AKIDOTHER", "other-secret") };
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient good = new(emulator) { AccessKeyId = "AKIDOTHER", SecretAccessKey = "other-secret" };
        using EmulatorClient defaults = new(emulator);

        (HttpResponseMessage ok, _) = await good.ConverseAsync(ModelId, Body);
        (HttpResponseMessage rejected, JsonElement body) = await defaults.ConverseAsync(ModelId, Body);

        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertAwsError(rejected, body, HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Test]
    public async Task TamperedBody_Is403InvalidSignatureException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator);
        using HttpClient http = new();
        HttpRequestMessage request = client.CreateRequest("/model/{modelId}/converse", ModelId, Body);
        request.Headers.Remove("X-Amz-Content-SHA256");
        request.Content = new StringContent(Body.Replace("Colosseum", "Pantheon", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        HttpResponseMessage response = await http.SendAsync(request);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        AssertAwsError(response, body.RootElement, HttpStatusCode.Forbidden, "InvalidSignatureException", "The request signature we calculated does not match");
    }

    [Test]
    public async Task MissingAuthorization_Is403MissingAuthenticationToken()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator) { Unsigned = true };

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, Body);

        AssertAwsError(response, body, HttpStatusCode.Forbidden, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Test]
    public async Task RequireAuthenticationOff_AcceptsUnsignedRequests()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { RequireAuthentication = false });
        using EmulatorClient client = new(emulator) { Unsigned = true };

        (HttpResponseMessage response, _) = await client.ConverseAsync(ModelId, Body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(-10)]
    [TestCase(10)]
    public async Task SignatureOutsideTheSkewWindow_Is403InvalidSignatureException(int minutes)
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator) { SignedAt = DateTime.UtcNow.AddMinutes(minutes) };

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, Body);

        AssertAwsError(response, body, HttpStatusCode.Forbidden, "InvalidSignatureException", minutes < 0 ? "Signature expired:" : "Signature not yet current:");
    }

    [Test]
    public async Task SignatureWithinTheSkewWindow_IsAccepted()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator) { SignedAt = DateTime.UtcNow.AddMinutes(-3) };

        (HttpResponseMessage response, _) = await client.ConverseAsync(ModelId, Body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task BearerKey_IsAcceptedOnRuntimePathsOnly()
    {
        BedrockEmulatorOptions options = new();
        options.ApiKeys.Add("bedrock-api-key-test");
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient client = new(emulator) { BearerKey = "bedrock-api-key-test" };
        using EmulatorClient wrong = new(emulator) { BearerKey = "bedrock-api-key-other" };

        (HttpResponseMessage runtime, _) = await client.ConverseAsync(ModelId, Body);
        (HttpResponseMessage agent, JsonElement agentBody) = await client.PostJsonAsync("/knowledgebases/{knowledgeBaseId}/retrieve", "KB12345678", """{"retrievalQuery":{"text":"q"}}""");
        (HttpResponseMessage unknown, JsonElement unknownBody) = await wrong.ConverseAsync(ModelId, Body);

        Assert.That(runtime.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertAwsError(agent, agentBody, HttpStatusCode.Forbidden, "IncompleteSignatureException", "Authorization header requires 'Credential' parameter.");
        AssertAwsError(unknown, unknownBody, HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Test]
    public async Task SessionToken_WhenConfigured_MustBeSentAndSigned()
    {
        BedrockEmulatorOptions options = new()
        {
            Credentials = new BedrockEmulatorCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey, "session-token-1"),
        };
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using EmulatorClient with = new(emulator) { SessionToken = "session-token-1" };
        using EmulatorClient without = new(emulator);
        using EmulatorClient other = new(emulator) { SessionToken = "session-token-2" };

        (HttpResponseMessage ok, _) = await with.ConverseAsync(ModelId, Body);
        (HttpResponseMessage missing, JsonElement missingBody) = await without.ConverseAsync(ModelId, Body);
        (HttpResponseMessage wrong, JsonElement wrongBody) = await other.ConverseAsync(ModelId, Body);

        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(emulator.RequestLog.Snapshot()[0].Headers["authorization"], Does.Contain("x-amz-security-token"));
        AssertAwsError(missing, missingBody, HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token included in the request is invalid.");
        AssertAwsError(wrong, wrongBody, HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Test]
    public void CanonicalUri_DoubleEncodesTheAlreadyEncodedPath()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Internal.SigV4Verifier.CanonicalUri("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"),
                Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse"));
            Assert.That(Internal.SigV4Verifier.CanonicalUri("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/converse"),
                Is.EqualTo("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fx/converse"));
            Assert.That(Internal.SigV4Verifier.CanonicalUri("/a/./b/../c"), Is.EqualTo("/a/c"));
            Assert.That(Internal.SigV4Verifier.CanonicalUri(string.Empty), Is.EqualTo("/"));
        });
    }
}
