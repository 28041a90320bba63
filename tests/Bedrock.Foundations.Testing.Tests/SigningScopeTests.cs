using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Tests;

/// <summary>
/// What the emulator requires of a SigV4 signature beyond a matching HMAC: the credential scope names its region and the
/// service <c>bedrock</c>; <c>host</c>, <c>x-amz-date</c> and a sent <c>x-amz-security-token</c> are signed headers; the
/// signature is lower-case hex.
/// </summary>
public sealed class SigningScopeTests
{
    private const string ModelId = "test-model";
    private const string Body = """{"messages":[{"role":"user","content":[{"text":"Hello there."}]}]}""";

    [Test]
    public async Task ValidSignatureForAnotherRegion_Is403InvalidSignatureException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using EmulatorClient client = new(emulator) { Region = "eu-west-1" };

        (HttpResponseMessage response, JsonElement body) = await client.ConverseAsync(ModelId, Body);

        AssertError(response, body, "InvalidSignatureException", "Credential should be scoped to a valid region.");
    }

    [Test]
    public async Task ConfiguredRegion_IsTheOneAccepted()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(new BedrockEmulatorOptions { Region = "eu-west-1" });
        using EmulatorClient euWest = new(emulator) { Region = "eu-west-1" };
        using EmulatorClient usEast = new(emulator);

        (HttpResponseMessage ok, _) = await euWest.ConverseAsync(ModelId, Body);
        (HttpResponseMessage rejected, JsonElement body) = await usEast.ConverseAsync(ModelId, Body);

        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertError(rejected, body, "InvalidSignatureException", "Credential should be scoped to a valid region.");
    }

    [Test]
    public async Task HandSignedRequest_WithTheRequiredHeaders_IsAccepted()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using HttpClient http = new();

        using HttpResponseMessage response = await http.SendAsync(HandSigned(emulator, ["host", "x-amz-date"]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task SignatureForAnotherService_Is403InvalidSignatureException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using HttpClient http = new();

        using HttpResponseMessage response = await http.SendAsync(HandSigned(emulator, ["host", "x-amz-date"], service: "bedrock-runtime"));

        AssertError(response, await Json(response), "InvalidSignatureException", "Credential should be scoped to correct service: 'bedrock'.");
    }

    [Test]
    public async Task XAmzDateNotSigned_Is403InvalidSignatureException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using HttpClient http = new();

        using HttpResponseMessage response = await http.SendAsync(HandSigned(emulator, ["content-type", "host"]));

        AssertError(response, await Json(response), "InvalidSignatureException", "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Test]
    public async Task HostNotSigned_Is403InvalidSignatureException()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using HttpClient http = new();

        using HttpResponseMessage response = await http.SendAsync(HandSigned(emulator, ["x-amz-date"]));

        AssertError(response, await Json(response), "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader'");
    }

    [Test]
    public async Task SecurityTokenSentButNotSigned_Is403InvalidSignatureException()
    {
        BedrockEmulatorOptions options = new()
        {
            Credentials = new BedrockEmulatorCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey, "session-token-1"),
        };
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync(options);
        using HttpClient http = new();

        using HttpResponseMessage unsigned = await http.SendAsync(HandSigned(emulator, ["host", "x-amz-date"], securityToken: "session-token-1"));
        using HttpResponseMessage signed = await http.SendAsync(HandSigned(emulator, ["host", "x-amz-date", "x-amz-security-token"], securityToken: "session-token-1"));

        AssertError(unsigned, await Json(unsigned), "InvalidSignatureException", "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
        Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signed.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task UpperCaseHexSignature_Is403SignatureMismatch()
    {
        await using BedrockEmulator emulator = await BedrockEmulator.StartAsync();
        using HttpClient http = new();

        using HttpResponseMessage response = await http.SendAsync(HandSigned(emulator, ["host", "x-amz-date"], upperCaseSignature: true));

        AssertError(response, await Json(response), "InvalidSignatureException", "The request signature we calculated does not match");
    }

    [Test]
    public void InvalidRegionOption_FailsStartNamingIt()
    {
        ArgumentException ex = Assert.ThrowsAsync<ArgumentException>(() => BedrockEmulator.StartAsync(new BedrockEmulatorOptions { Region = "EU West" }))!;

        Assert.That(ex.ParamName, Is.EqualTo("options"));
        Assert.That(ex.Message, Does.Contain("Region must be a region name").And.Contain("'EU West'"));
    }

    /// <summary>A Converse request signed by hand (SigV4 as documented) with exactly <paramref name="signedHeaders"/>.</summary>
    private static HttpRequestMessage HandSigned(
        BedrockEmulator emulator, string[] signedHeaders, string region = "us-east-1", string service = "bedrock", string? securityToken = null, bool upperCaseSignature = false)
    {
        string path = $"/model/{ModelId}/converse";
        byte[] body = Encoding.UTF8.GetBytes(Body);
        string amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string date = amzDate[..8];
        Dictionary<string, string> values = new(StringComparer.Ordinal)
        {
            ["content-type"] = "application/json",
            ["host"] = emulator.ServiceUrl.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (securityToken is not null)
        {
            values["x-amz-security-token"] = securityToken;
        }

        string[] names = [.. signedHeaders.Order(StringComparer.Ordinal)];
        string canonicalHeaders = string.Concat(names.Select(n => $"{n}:{values[n]}\n"));
        string signedList = string.Join(';', names);
        string canonicalRequest = $"POST\n{path}\n\n{canonicalHeaders}\n{signedList}\n{Hex(SHA256.HashData(body))}";
        string scope = $"{date}/{region}/{service}/aws4_request";
        string stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + BedrockEmulatorCredentials.DefaultSecretAccessKey);
        foreach (string part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        string signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (upperCaseSignature)
        {
            signature = signature.ToUpperInvariant();
        }

        HttpRequestMessage request = new(HttpMethod.Post, new Uri(emulator.ServiceUrl, path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (securityToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", securityToken);
        }

        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={BedrockEmulatorCredentials.DefaultAccessKeyId}/{scope}, SignedHeaders={signedList}, Signature={signature}");
        return request;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static void AssertError(HttpResponseMessage response, JsonElement body, string type, string message) =>
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo(type));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain(message));
        });
}
