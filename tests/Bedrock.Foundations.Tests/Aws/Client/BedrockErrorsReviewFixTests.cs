using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Review fix 1: service messages that echo the canonical request never leak the session token or a signature.</summary>
[TestFixture]
public sealed class BedrockErrorsReviewFixTests
{
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue+with/slashes==";

    [Test]
    public void Converse_InvalidSignatureEchoingTheCanonicalRequest_NeverExposesTheToken()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (request, _, _) =>
            {
                // What AWS answers to a bad signature: the canonical request, with every signed header, and the string to sign.
                string amzDate = request.Header("X-Amz-Date")!;
                string message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                    + "The Canonical String for this request should have been\n'POST\n/model/m/converse\n\ncontent-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n"
                    + "x-amz-date:" + amzDate + "\nx-amz-security-token:" + request.Header("X-Amz-Security-Token") + "\n\ncontent-type;host;x-amz-date;x-amz-security-token\n"
                    + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'\n\n"
                    + "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n" + amzDate + "\n20261125/us-east-1/bedrock/aws4_request\n3c6e0b8a9c15224a8228b9a98ca1531d1ae8a0a2c4b08e5c1c39f2d4e0a12345'\n";
                string body = JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message });
                return Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.Forbidden, body, ("x-amzn-ErrorType", "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"), ("x-amzn-RequestId", "rid-403")));
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.Credentials = new SessionAWSCredentials(TestClients.AccessKey, TestClients.SecretKey, SessionToken));

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(new ConverseRequest { ModelId = "m" }))!;

        Assert.That(handler.Requests.Single().Header("X-Amz-Security-Token"), Is.EqualTo(SessionToken), "the request carried the token the body echoes");
        Assert.Multiple(() =>
        {
            Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.AccessDenied));
            Assert.That(ex.ErrorCode, Is.EqualTo("InvalidSignatureException"));
            Assert.That(ex.ToString(), Does.Not.Contain(SessionToken).And.Not.Contain("x-amz-security-token:I").And.Not.Contain("Canonical String").And.Not.Contain("String-to-Sign"));
            Assert.That(ex.ServiceMessage, Does.Not.Contain(SessionToken));
            Assert.That(ex.ServiceMessage, Does.StartWith("The request signature we calculated does not match the signature you provided."));
            Assert.That(ex.Message, Does.Contain("Consult the service documentation for details.").And.Contain("rid-403"));
        });
    }

    [TestCase("x-amz-security-token:" + SessionToken + " was sent")]
    [TestCase("X-Amz-Security-Token=" + SessionToken + "&X-Amz-Date=20261125T000000Z")]
    [TestCase("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=" + SessionToken)]
    [TestCase("the header was Bearer " + SessionToken)]
    [TestCase("query had X-Amz-Signature=" + SessionToken + " in it")]
    [TestCase("scope Credential=" + SessionToken + ", SignedHeaders=host")]
    public void CleanServiceMessage_RedactsSecretsAnywhere(string message)
    {
        string cleaned = BedrockErrors.CleanServiceMessage(message)!;

        Assert.That(cleaned, Does.Not.Contain(SessionToken));
        Assert.That(cleaned, Does.Contain("<redacted>"));
    }

    [Test]
    public void CleanServiceMessage_OrdinaryMessages_AreKept()
    {
        Assert.That(BedrockErrors.CleanServiceMessage("Malformed input request: #: required key [messages] not found, please reformat your input and try again."),
            Is.EqualTo("Malformed input request: #: required key [messages] not found, please reformat your input and try again."));
        Assert.That(BedrockErrors.CleanServiceMessage("Authorization header requires 'Credential' parameter."),
            Is.EqualTo("Authorization header requires 'Credential' parameter."));
        Assert.That(BedrockErrors.CleanServiceMessage(null), Is.Null);
    }

    [Test]
    public void ConverseStream_InStreamExceptionEchoingABearerToken_IsRedacted()
    {
        byte[] frame = EventStreamEncoder.Encode(EventStreamMessage.CreateException("validationException",
            Encoding.UTF8.GetBytes($$"""{"message":"Invalid header Authorization: Bearer {{SessionToken}}","originalMessage":"token {{SessionToken}} Bearer {{SessionToken}}"}""")));
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) =>
            {
                HttpResponseMessage response = new(HttpStatusCode.OK) { Content = new ByteArrayContent(frame) };
                response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/vnd.amazon.eventstream");
                return Task.FromResult(response);
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (ConverseStreamOutput e in client.ConverseStreamAsync(new ConverseStreamRequest { ModelId = "m" }))
            {
            }
        })!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Validation));
        Assert.That(ex.Message + ex.ServiceMessage, Does.Not.Contain(SessionToken));
        Assert.That(ex.OriginalMessage, Does.Not.Contain("Bearer " + SessionToken));
    }
}
