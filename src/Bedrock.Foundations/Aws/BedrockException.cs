using System.Net;

namespace Bedrock.Foundations.Aws;

/// <summary>
/// A Bedrock call failed: the service answered with an error (HTTP status or an exception inside an event stream), the
/// connection failed, or the call ran out of time. One type for all of them; <see cref="Kind"/> and <see cref="ErrorCode"/>
/// tell them apart.
/// </summary>
/// <remarks>
/// The message names the operation, the error code, the HTTP status, the service's message and the request id. It never
/// contains credentials, API keys, signatures or request headers. A caller's cancellation is not a
/// <see cref="BedrockException"/>: it surfaces as <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class BedrockException : Exception
{
    /// <summary>Creates an exception of kind <see cref="BedrockErrorKind.Unknown"/>.</summary>
    public BedrockException()
    {
    }

    /// <summary>Creates an exception of kind <see cref="BedrockErrorKind.Unknown"/> with a message.</summary>
    /// <param name="message">What failed.</param>
    public BedrockException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="BedrockErrorKind.Unknown"/> with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public BedrockException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of failure this is.</summary>
    public BedrockErrorKind Kind { get; init; }

    /// <summary>The service's error code, such as <c>ThrottlingException</c>: from the <c>x-amzn-ErrorType</c> header (the part
    /// before the first <c>:</c>), else the body's <c>code</c>/<c>Code</c>/<c>__type</c> (the part after the last <c>#</c>),
    /// or an in-stream <c>:exception-type</c> / <c>:error-code</c>. Null when the service did not answer.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The HTTP status of the response, or null when there was none (network failure, timeout, in-stream
    /// error).</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The request id from the <c>x-amzn-RequestId</c> header, when present (quote it to AWS support).</summary>
    public string? RequestId { get; init; }

    /// <summary>The service's own message (the body's <c>message</c>/<c>Message</c>), when present.</summary>
    public string? ServiceMessage { get; init; }

    /// <summary>Whether trying again may succeed (AWS "standard" retry rules): throttling, a model not ready, HTTP 500, 502,
    /// 503, 504, network failures and attempt timeouts.</summary>
    public bool IsRetryable { get; init; }

    /// <summary>Whether the service throttled the call (HTTP 429 or a throttling error code).</summary>
    public bool IsThrottling { get; init; }

    /// <summary>For <see cref="BedrockErrorKind.ModelError"/> and <see cref="BedrockErrorKind.ModelStreamError"/>: the
    /// status code the model itself returned, when the service reports it.</summary>
    public int? OriginalStatusCode { get; init; }

    /// <summary>For <see cref="BedrockErrorKind.ModelStreamError"/>: the model's own message, when the service reports
    /// it.</summary>
    public string? OriginalMessage { get; init; }

    /// <summary>The resource the error names (model errors, agent-runtime dependency and gateway errors), when
    /// present.</summary>
    public string? ResourceName { get; init; }
}
