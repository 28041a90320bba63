using System.Net;
using System.Text;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
public sealed class BedrockErrorsTests
{
    [Test]
    public void FromResponse_HeaderWithSuffix_CodeIsThePartBeforeTheColon()
    {
        using HttpResponseMessage response = Response(HttpStatusCode.BadRequest, ("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"), ("x-amzn-RequestId", "abc-123"));

        BedrockException ex = BedrockErrors.FromResponse("Converse", response, """{"message":"Malformed input request"}"""u8);

        Assert.Multiple(() =>
        {
            Assert.That(ex.ErrorCode, Is.EqualTo("ValidationException"));
            Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Validation));
            Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(ex.RequestId, Is.EqualTo("abc-123"));
            Assert.That(ex.ServiceMessage, Is.EqualTo("Malformed input request"));
            Assert.That(ex.IsRetryable, Is.False);
            Assert.That(ex.Message, Is.EqualTo("Bedrock Converse failed: ValidationException (HTTP 400): Malformed input request (request id abc-123)."));
        });
    }

    [Test]
    public void FromResponse_BodyTypeWithNamespace_CodeIsThePartAfterTheHash()
    {
        using HttpResponseMessage response = Response(HttpStatusCode.TooManyRequests);

        BedrockException ex = BedrockErrors.FromResponse("Converse", response, """{"__type":"com.amazon.coral.service#ThrottlingException","Message":"Too many requests"}"""u8);

        Assert.That(ex.ErrorCode, Is.EqualTo("ThrottlingException"));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Throttling));
        Assert.That(ex.IsThrottling, Is.True);
        Assert.That(ex.IsRetryable, Is.True);
        Assert.That(ex.ServiceMessage, Is.EqualTo("Too many requests"));
    }

    [Test]
    public void FromResponse_BodyCodeBeatsType_HeaderBeatsBody()
    {
        using HttpResponseMessage plain = Response(HttpStatusCode.BadRequest);
        using HttpResponseMessage withHeader = Response(HttpStatusCode.BadRequest, ("x-amzn-ErrorType", "ServiceQuotaExceededException"));
        ReadOnlySpan<byte> body = """{"code":"ConflictException","__type":"x#ValidationException"}"""u8;

        Assert.That(BedrockErrors.FromResponse("Op", plain, body).ErrorCode, Is.EqualTo("ConflictException"));
        Assert.That(BedrockErrors.FromResponse("Op", withHeader, body).Kind, Is.EqualTo(BedrockErrorKind.ServiceQuotaExceeded));
    }

    [TestCase(HttpStatusCode.InternalServerError, BedrockErrorKind.InternalServer, true)]
    [TestCase(HttpStatusCode.BadGateway, BedrockErrorKind.BadGateway, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, BedrockErrorKind.ServiceUnavailable, true)]
    [TestCase(HttpStatusCode.GatewayTimeout, BedrockErrorKind.ServiceUnavailable, true)]
    [TestCase(HttpStatusCode.TooManyRequests, BedrockErrorKind.Throttling, true)]
    [TestCase(HttpStatusCode.Forbidden, BedrockErrorKind.AccessDenied, false)]
    [TestCase(HttpStatusCode.NotFound, BedrockErrorKind.ResourceNotFound, false)]
    [TestCase(HttpStatusCode.BadRequest, BedrockErrorKind.Validation, false)]
    [TestCase((HttpStatusCode)418, BedrockErrorKind.Unknown, false)]
    public void FromResponse_MissingBodyAndHeader_KindFromStatus(HttpStatusCode status, BedrockErrorKind kind, bool retryable)
    {
        using HttpResponseMessage response = Response(status);

        BedrockException ex = BedrockErrors.FromResponse("Converse", response, []);

        Assert.That(ex.Kind, Is.EqualTo(kind));
        Assert.That(ex.IsRetryable, Is.EqualTo(retryable));
        Assert.That(ex.ErrorCode, Is.Null);
        Assert.That(ex.StatusCode, Is.EqualTo(status));
        Assert.That(ex.Message, Does.Contain("unknown error").And.Contain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("ModelNotReadyException", 429, BedrockErrorKind.ModelNotReady, true, false)]
    [TestCase("ModelNotReadyException", 424, BedrockErrorKind.ModelNotReady, true, false)]
    [TestCase("ModelTimeoutException", 408, BedrockErrorKind.ModelTimeout, false, false)]
    [TestCase("ModelErrorException", 424, BedrockErrorKind.ModelError, false, false)]
    [TestCase("DependencyFailedException", 424, BedrockErrorKind.DependencyFailed, false, false)]
    [TestCase("AccessDeniedException", 403, BedrockErrorKind.AccessDenied, false, false)]
    [TestCase("InvalidSignatureException", 403, BedrockErrorKind.AccessDenied, false, false)]
    [TestCase("ThrottlingException", 429, BedrockErrorKind.Throttling, true, true)]
    [TestCase("ServiceUnavailableException", 503, BedrockErrorKind.ServiceUnavailable, true, false)]
    [TestCase("InternalServerException", 500, BedrockErrorKind.InternalServer, true, false)]
    [TestCase("RequestTimeoutException", 400, BedrockErrorKind.Timeout, true, false)]
    [TestCase("PriorRequestNotComplete", 400, BedrockErrorKind.Throttling, true, true)]
    [TestCase("SomethingNew", 400, BedrockErrorKind.Validation, false, false)]
    public void FromResponse_ErrorCode_KindAndRetryability(string code, int status, BedrockErrorKind kind, bool retryable, bool throttling)
    {
        using HttpResponseMessage response = Response((HttpStatusCode)status, ("x-amzn-ErrorType", code));

        BedrockException ex = BedrockErrors.FromResponse("Converse", response, """{"message":"m"}"""u8);

        Assert.That(ex.Kind, Is.EqualTo(kind));
        Assert.That(ex.IsRetryable, Is.EqualTo(retryable));
        Assert.That(ex.IsThrottling, Is.EqualTo(throttling));
    }

    [Test]
    public void FromResponse_ModelError_CarriesOriginalStatusAndResource()
    {
        using HttpResponseMessage response = Response(HttpStatusCode.FailedDependency, ("x-amzn-ErrorType", "ModelErrorException"));

        BedrockException ex = BedrockErrors.FromResponse("InvokeModel", response, """{"message":"model failed","originalStatusCode":500,"resourceName":"arn:aws:sagemaker:x"}"""u8);

        Assert.That(ex.OriginalStatusCode, Is.EqualTo(500));
        Assert.That(ex.ResourceName, Is.EqualTo("arn:aws:sagemaker:x"));
        Assert.That(ex.Message, Does.Contain("[model status 500]"));
    }

    [Test]
    public void FromResponse_BodyNotJson_StatusStillClassifies()
    {
        using HttpResponseMessage response = Response(HttpStatusCode.BadGateway);

        BedrockException ex = BedrockErrors.FromResponse("Converse", response, "<html>Bad gateway</html>"u8);

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.BadGateway));
        Assert.That(ex.ServiceMessage, Is.Null);
    }

    [Test]
    public void FromStreamException_CamelCaseType_MapsToTheShape()
    {
        BedrockException ex = BedrockErrors.FromStreamException("ConverseStream", "modelStreamErrorException",
            Encoding.UTF8.GetBytes("""{"message":"stream broke","originalStatusCode":503,"originalMessage":"upstream"}"""), "rid");

        Assert.Multiple(() =>
        {
            Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.ModelStreamError));
            Assert.That(ex.ErrorCode, Is.EqualTo("ModelStreamErrorException"));
            Assert.That(ex.StatusCode, Is.Null);
            Assert.That(ex.OriginalStatusCode, Is.EqualTo(503));
            Assert.That(ex.OriginalMessage, Is.EqualTo("upstream"));
            Assert.That(ex.IsRetryable, Is.False);
            Assert.That(ex.Message, Does.Contain("in the event stream").And.Contain("stream broke"));
        });
        Assert.That(BedrockErrors.FromStreamException("ConverseStream", "throttlingException", "{}"u8, null).IsThrottling, Is.True);
    }

    [Test]
    public void FromStreamError_UsesCodeAndMessage()
    {
        BedrockException ex = BedrockErrors.FromStreamError("ConverseStream", "InternalFailure", "oops", null);

        Assert.That(ex.ErrorCode, Is.EqualTo("InternalFailure"));
        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.InternalServer));
        Assert.That(ex.Message, Does.Contain("oops"));
    }

    [TestCase("ValidationException:http://x/y", "ValidationException")]
    [TestCase("  ThrottlingException  ", "ThrottlingException")]
    public void CutHeaderCode(string value, string expected) => Assert.That(BedrockErrors.CutHeaderCode(value), Is.EqualTo(expected));

    [TestCase("aws.protocoltests.restjson#FooError:http://x", "FooError")]
    [TestCase("a#b#ModelErrorException", "ModelErrorException")]
    [TestCase("Plain", "Plain")]
    public void CutBodyCode(string value, string expected) => Assert.That(BedrockErrors.CutBodyCode(value), Is.EqualTo(expected));

    private static HttpResponseMessage Response(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        HttpResponseMessage response = new(status) { Content = new ByteArrayContent([]) };
        foreach ((string name, string value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
