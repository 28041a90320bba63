using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Bedrock.Foundations.Aws.Common;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
public sealed class BedrockSigV4SignerTests
{
    private static readonly DateTime SignedAt = new(2024, 3, 7, 12, 34, 56, DateTimeKind.Utc);
    private static readonly ImmutableCredentials Basic = new(TestClients.AccessKey, TestClients.SecretKey, null);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"messages":[]}""");

    [Test]
    public void Sign_ModelIdWithColon_CanonicalUriIsDoubleEncoded()
    {
        Uri uri = new("https://bedrock-runtime.us-east-1.amazonaws.com" + BedrockPaths.Converse("anthropic.claude-3-haiku-20240307-v1:0"));

        BedrockSigV4Signer.Result result = Sign(uri, Basic);

        Assert.That(uri.AbsolutePath, Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"));
        Assert.That(result.CanonicalRequest.Split('\n')[1], Is.EqualTo("/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse"));
    }

    [Test]
    public void Sign_ArnModelId_SlashAndColonDoubleEncoded()
    {
        Uri uri = new("https://bedrock-runtime.us-east-1.amazonaws.com" + BedrockPaths.Converse("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"));

        BedrockSigV4Signer.Result result = Sign(uri, Basic);

        Assert.That(result.CanonicalRequest.Split('\n')[1], Is.EqualTo(
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-haiku-20240307-v1%253A0/converse"));
    }

    [TestCase("anthropic.claude-3-haiku-20240307-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0")]
    [TestCase("odd id+with spaces~and_ünïcode")]
    public void Sign_SameCanonicalRequestAsTheSdkFromTheUnencodedLabel(string modelId)
    {
        // The SDK's own marshalling path: a resource path template, the raw label as a path resource, double encoding on.
        Uri uri = new("https://bedrock-runtime.us-east-1.amazonaws.com" + BedrockPaths.Converse(modelId));
        BedrockSigV4Signer.Result result = Sign(uri, Basic);

        SortedDictionary<string, string> headers = new(StringComparer.Ordinal)
        {
            ["content-type"] = "application/json",
            ["host"] = "bedrock-runtime.us-east-1.amazonaws.com",
            ["x-amz-date"] = "20240307T123456Z",
        };
        string sdkCanonical = SdkCanonicalizer.Canonicalize(
            new Uri("https://bedrock-runtime.us-east-1.amazonaws.com"), "/model/{modelId}/converse", headers, Hex(Body),
            new Dictionary<string, string> { ["{modelId}"] = modelId });

        Assert.That(result.CanonicalRequest, Is.EqualTo(sdkCanonical));
    }

    [Test]
    public void Sign_AuthorizationHeader_HasScopeSignedHeadersAndTheSdkSignature()
    {
        Uri uri = new("https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/converse");

        BedrockSigV4Signer.Result result = BedrockSigV4Signer.Sign(
            "POST", uri, [new("content-type", "application/json")], Body, Basic, "eu-west-3", SignedAt);

        AWS4SigningResult expected = AWS4Signer.ComputeSignature(Basic, "eu-west-3", SignedAt, "bedrock", "content-type;host;x-amz-date", result.CanonicalRequest);
        Assert.That(result.Authorization, Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240307/eu-west-3/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="));
        Assert.That(result.Authorization, Is.EqualTo(expected.ForAuthorizationHeader));
        Assert.That(result.AmzDate, Is.EqualTo("20240307T123456Z"));
        Assert.That(result.SecurityToken, Is.Null);
        Assert.That(result.CanonicalRequest.Split('\n')[^1], Is.EqualTo(Hex(Body)));
    }

    [Test]
    public void Sign_SessionCredentials_TokenIsSigned()
    {
        ImmutableCredentials session = new(TestClients.AccessKey, TestClients.SecretKey, "session-token-value");

        BedrockSigV4Signer.Result result = Sign(new Uri("https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse"), session);

        Assert.That(result.SecurityToken, Is.EqualTo("session-token-value"));
        Assert.That(result.SignedHeaders, Is.EqualTo("content-type;host;x-amz-date;x-amz-security-token"));
        Assert.That(result.CanonicalRequest, Does.Contain("x-amz-security-token:session-token-value\n"));
    }

    [Test]
    public void Sign_NonDefaultPort_HostHeaderCarriesThePort()
    {
        BedrockSigV4Signer.Result result = Sign(new Uri("http://127.0.0.1:5123/model/m/converse"), Basic);

        Assert.That(result.CanonicalRequest, Does.Contain("host:127.0.0.1:5123\n"));
        Assert.That(BedrockSigV4Signer.HostHeader(new Uri("https://example.com/x")), Is.EqualTo("example.com"));
    }

    [Test]
    public void Sign_DifferentSecret_DifferentSignature()
    {
        Uri uri = new("https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse");

        string a = Sign(uri, Basic).Authorization;
        string b = Sign(uri, new ImmutableCredentials(TestClients.AccessKey, "another-secret", null)).Authorization;

        Assert.That(a, Is.Not.EqualTo(b));
    }

    private static BedrockSigV4Signer.Result Sign(Uri uri, ImmutableCredentials credentials) =>
        BedrockSigV4Signer.Sign("POST", uri, [new("Content-Type", "application/json")], Body, credentials, "us-east-1", SignedAt);

    private static string Hex(byte[] data) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));

    /// <summary>Reaches the SDK's protected canonicalizer the way its generated clients use it.</summary>
    private sealed class SdkCanonicalizer : AWS4Signer
    {
        public static string Canonicalize(Uri endpoint, string resourcePath, IDictionary<string, string> headers, string bodyHash, IDictionary<string, string> pathResources) =>
            CanonicalizeRequest(endpoint, resourcePath, "POST", headers, "", bodyHash, pathResources, true);
    }
}
