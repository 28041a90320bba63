using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// Builds <see cref="BedrockException"/>s: from an HTTP error response (botocore's rules: the <c>x-amzn-ErrorType</c>
/// header cut at the first <c>:</c>, else the body's <c>code</c>/<c>Code</c>/<c>__type</c> after the last <c>#</c>; the
/// body's <c>message</c>/<c>Message</c>; the <c>x-amzn-RequestId</c> header), from an in-stream exception or error, and
/// from failures without a response. Retryability follows the AWS "standard" retry mode. Service messages are cleaned
/// before they are kept: the canonical request and string-to-sign that signature errors echo are cut off, and
/// security tokens, signatures, credential scopes, <c>Authorization</c> values and bearer tokens are redacted.
/// </summary>
internal static partial class BedrockErrors
{
    /// <summary>The most of an error body that is read and parsed.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };

    private static readonly Dictionary<string, BedrockErrorKind> KindByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ValidationException"] = BedrockErrorKind.Validation,
        ["AccessDeniedException"] = BedrockErrorKind.AccessDenied,
        ["UnrecognizedClientException"] = BedrockErrorKind.AccessDenied,
        ["InvalidSignatureException"] = BedrockErrorKind.AccessDenied,
        ["SignatureDoesNotMatch"] = BedrockErrorKind.AccessDenied,
        ["ExpiredTokenException"] = BedrockErrorKind.AccessDenied,
        ["IncompleteSignatureException"] = BedrockErrorKind.AccessDenied,
        ["MissingAuthenticationTokenException"] = BedrockErrorKind.AccessDenied,
        ["ResourceNotFoundException"] = BedrockErrorKind.ResourceNotFound,
        ["ModelTimeoutException"] = BedrockErrorKind.ModelTimeout,
        ["ModelNotReadyException"] = BedrockErrorKind.ModelNotReady,
        ["ModelErrorException"] = BedrockErrorKind.ModelError,
        ["ModelStreamErrorException"] = BedrockErrorKind.ModelStreamError,
        ["ServiceQuotaExceededException"] = BedrockErrorKind.ServiceQuotaExceeded,
        ["InternalServerException"] = BedrockErrorKind.InternalServer,
        ["InternalFailure"] = BedrockErrorKind.InternalServer,
        ["ServiceUnavailableException"] = BedrockErrorKind.ServiceUnavailable,
        ["ServiceUnavailable"] = BedrockErrorKind.ServiceUnavailable,
        ["ConflictException"] = BedrockErrorKind.Conflict,
        ["DependencyFailedException"] = BedrockErrorKind.DependencyFailed,
        ["BadGatewayException"] = BedrockErrorKind.BadGateway,
        ["RequestTimeout"] = BedrockErrorKind.Timeout,
        ["RequestTimeoutException"] = BedrockErrorKind.Timeout,
    };

    /// <summary>An exception for an HTTP error response whose body (possibly empty or not JSON) has been read.</summary>
    public static BedrockException FromResponse(string operation, HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? headerCode = Header(response, "x-amzn-ErrorType");
        string? requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
        string? bodyCode = null, message = null, resourceName = null, originalMessage = null;
        int? originalStatus = null;
        if (!body.IsEmpty)
        {
            try
            {
                Utf8JsonReader reader = new(body, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                using JsonDocument document = JsonDocument.ParseValue(ref reader);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    JsonElement root = document.RootElement;
                    bodyCode = String(root, "code") ?? String(root, "Code") ?? String(root, "__type");
                    message = String(root, "message") ?? String(root, "Message");
                    resourceName = String(root, "resourceName");
                    originalMessage = String(root, "originalMessage");
                    if (root.TryGetProperty("originalStatusCode", out JsonElement status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out int s))
                    {
                        originalStatus = s;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated body): the status and headers still say what happened.
            }
        }

        string? code = headerCode is not null ? CutHeaderCode(headerCode) : bodyCode is not null ? CutBodyCode(bodyCode) : null;
        HttpStatusCode statusCode = response.StatusCode;
        return Create(operation, code, statusCode, requestId, message, originalStatus, originalMessage, resourceName);
    }

    /// <summary>An exception for an in-stream message of type <c>exception</c> (<c>:exception-type</c> names the shape).</summary>
    public static BedrockException FromStreamException(string operation, string exceptionType, ReadOnlySpan<byte> payload, string? requestId)
    {
        string? message = null, resourceName = null, originalMessage = null;
        int? originalStatus = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                JsonElement root = document.RootElement;
                message = String(root, "message") ?? String(root, "Message");
                resourceName = String(root, "resourceName");
                originalMessage = String(root, "originalMessage");
                if (root.TryGetProperty("originalStatusCode", out JsonElement status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out int s))
                {
                    originalStatus = s;
                }
            }
        }
        catch (JsonException)
        {
            // The exception type alone still says what happened.
        }

        string code = exceptionType.Length > 0 ? char.ToUpperInvariant(exceptionType[0]) + exceptionType[1..] : exceptionType;
        return Create(operation, code, null, requestId, message, originalStatus, originalMessage, resourceName, inStream: true);
    }

    /// <summary>An exception for an in-stream message of type <c>error</c> (<c>:error-code</c>, <c>:error-message</c>).</summary>
    public static BedrockException FromStreamError(string operation, string? errorCode, string? errorMessage, string? requestId) =>
        Create(operation, errorCode, null, requestId, errorMessage, null, null, null, inStream: true);

    /// <summary>A connection failure or a broken response (no usable HTTP status); retryable when it is transient (see
    /// <see cref="BedrockTransport.IsTransient"/>).</summary>
    public static BedrockException Network(string operation, Exception inner, bool retryable = true) => new(
        retryable
            ? $"Bedrock {operation} failed: the connection failed before a response arrived ({inner.GetType().Name}: {Redact(inner.Message)})."
            : $"Bedrock {operation} failed: the HTTP request failed in a way that is not transient and is not retried ({inner.GetType().Name}: {Redact(inner.Message)}).", inner)
    {
        Kind = BedrockErrorKind.Network,
        IsRetryable = retryable,
    };

    /// <summary>A timeout on this side of the wire.</summary>
    public static BedrockException Timeout(string operation, string what, TimeSpan limit, bool retryable, Exception? inner) => new(
        string.Create(CultureInfo.InvariantCulture, $"Bedrock {operation} timed out: {what} ({limit})."), inner)
    {
        Kind = BedrockErrorKind.Timeout,
        IsRetryable = retryable,
    };

    /// <summary>A response that could not be read as the service model describes.</summary>
    public static BedrockException InvalidResponse(string operation, string what, Exception? inner, string? requestId = null, HttpStatusCode? status = null) => new(
        $"Bedrock {operation} returned a response that could not be read: {what}{RequestIdSuffix(requestId)}", inner)
    {
        Kind = BedrockErrorKind.InvalidResponse,
        RequestId = requestId,
        StatusCode = status,
    };

    /// <summary>No credentials for a call that must be signed.</summary>
    public static BedrockException CredentialsUnavailable(string operation, string why, Exception? inner) => new(
        $"Bedrock {operation} cannot be signed: {why}", inner)
    {
        Kind = BedrockErrorKind.CredentialsUnavailable,
    };

    /// <summary>The error code in an <c>x-amzn-ErrorType</c> header: the part before the first <c>:</c>.</summary>
    internal static string CutHeaderCode(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? value[..colon] : value).Trim();
    }

    /// <summary>The error code in a body <c>code</c>/<c>__type</c>: the part after the last <c>#</c> (and before a <c>:</c>).</summary>
    internal static string CutBodyCode(string value)
    {
        int hash = value.LastIndexOf('#');
        string code = hash >= 0 ? value[(hash + 1)..] : value;
        return CutHeaderCode(code);
    }

    private static BedrockException Create(
        string operation, string? code, HttpStatusCode? status, string? requestId, string? message, int? originalStatus,
        string? originalMessage, string? resourceName, bool inStream = false)
    {
        message = CleanServiceMessage(message);
        originalMessage = CleanServiceMessage(originalMessage);
        BedrockErrorKind kind = Classify(code, status);
        bool throttling = (code is not null && ThrottlingCodes.Contains(code)) || (status == HttpStatusCode.TooManyRequests && kind != BedrockErrorKind.ModelNotReady);
        int statusValue = status is null ? 0 : (int)status.Value;
        bool retryable = throttling
            || kind == BedrockErrorKind.ModelNotReady
            || (code is not null && TransientCodes.Contains(code))
            || (!inStream && statusValue is 500 or 502 or 503 or 504)
            || (inStream && kind is BedrockErrorKind.InternalServer or BedrockErrorKind.ServiceUnavailable);
        if (kind is BedrockErrorKind.Validation or BedrockErrorKind.AccessDenied or BedrockErrorKind.ResourceNotFound
            or BedrockErrorKind.ModelTimeout or BedrockErrorKind.ModelError or BedrockErrorKind.ModelStreamError
            or BedrockErrorKind.DependencyFailed or BedrockErrorKind.ServiceQuotaExceeded or BedrockErrorKind.Conflict)
        {
            retryable = false;
        }

        StringBuilder text = new();
        text.Append("Bedrock ").Append(operation).Append(" failed: ").Append(code ?? "unknown error");
        if (status is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (HTTP {statusValue})");
        }
        else if (inStream)
        {
            text.Append(" (in the event stream)");
        }

        if (!string.IsNullOrEmpty(message))
        {
            text.Append(": ").Append(message);
        }

        if (originalStatus is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [model status {originalStatus}]");
        }

        text.Append(RequestIdSuffix(requestId));
        return new BedrockException(text.ToString())
        {
            Kind = kind,
            ErrorCode = code,
            StatusCode = status,
            RequestId = requestId,
            ServiceMessage = message,
            IsRetryable = retryable,
            IsThrottling = throttling,
            OriginalStatusCode = originalStatus,
            OriginalMessage = originalMessage,
            ResourceName = resourceName,
        };
    }

    /// <summary>
    /// A service message safe to show: cut before the canonical request / string-to-sign that signature errors echo (they
    /// contain the signed headers, <c>x-amz-security-token</c> included), then <see cref="Redact"/>ed. Null stays null.
    /// </summary>
    internal static string? CleanServiceMessage(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        int cut = -1;
        foreach (string marker in (ReadOnlySpan<string>)["The Canonical String for this request", "The String-to-Sign"])
        {
            int at = message.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut >= 0)
        {
            string head = message[..cut].TrimEnd();
            message = head.Length > 0
                ? head + " (the canonical request and string-to-sign the service echoed were removed)"
                : "(the canonical request and string-to-sign the service echoed were removed)";
        }

        return Redact(message);
    }

    /// <summary>Replaces the values of <c>x-amz-security-token</c>, <c>Signature=</c>, <c>Credential=</c>,
    /// <c>Authorization:</c> and <c>Bearer</c> with <c>&lt;redacted&gt;</c>.</summary>
    internal static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = AuthorizationPattern().Replace(text, "$1<redacted>");
        text = SecurityTokenPattern().Replace(text, "$1<redacted>");
        text = SignaturePattern().Replace(text, "$1<redacted>");
        text = CredentialPattern().Replace(text, "$1<redacted>");
        return BearerPattern().Replace(text, "$1<redacted>");
    }

    [GeneratedRegex(@"(Authorization\s*[:=]\s*)[^\r\n'""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"(x-amz-security-token\s*[:=]\s*)[^\s'"",&;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecurityTokenPattern();

    [GeneratedRegex(@"(\bSignature\s*=\s*)[^\s'"",&;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignaturePattern();

    [GeneratedRegex(@"(\bCredential\s*=\s*)[^\s'"",&;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPattern();

    [GeneratedRegex(@"(\bBearer\s+)[^\s'"",;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerPattern();

    private static BedrockErrorKind Classify(string? code, HttpStatusCode? status)
    {
        if (code is not null)
        {
            if (KindByCode.TryGetValue(code, out BedrockErrorKind kind))
            {
                return kind;
            }

            if (ThrottlingCodes.Contains(code))
            {
                return BedrockErrorKind.Throttling;
            }
        }

        return status is null ? BedrockErrorKind.Unknown : (int)status.Value switch
        {
            400 => BedrockErrorKind.Validation,
            401 or 403 => BedrockErrorKind.AccessDenied,
            404 => BedrockErrorKind.ResourceNotFound,
            409 => BedrockErrorKind.Conflict,
            429 => BedrockErrorKind.Throttling,
            500 => BedrockErrorKind.InternalServer,
            502 => BedrockErrorKind.BadGateway,
            503 or 504 => BedrockErrorKind.ServiceUnavailable,
            _ => BedrockErrorKind.Unknown,
        };
    }

    private static string RequestIdSuffix(string? requestId) => requestId is null ? "." : $" (request id {requestId}).";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault()
        : response.Content.Headers.TryGetValues(name, out values) ? values.FirstOrDefault()
        : null;

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
