namespace Bedrock.Foundations.Aws;

/// <summary>What went wrong in a Bedrock call: the service's error shape, or a failure on this side of the wire.</summary>
public enum BedrockErrorKind
{
    /// <summary>An error the client does not recognise; see <see cref="BedrockException.ErrorCode"/> and the status.</summary>
    Unknown = 0,

    /// <summary><c>ValidationException</c> (400): the request does not satisfy the service's constraints. Not retried.</summary>
    Validation,

    /// <summary><c>AccessDeniedException</c> or another 403 (bad signature, expired token, unknown key). Not retried.</summary>
    AccessDenied,

    /// <summary><c>ResourceNotFoundException</c> (404): model, guardrail or knowledge base not found. Not retried.</summary>
    ResourceNotFound,

    /// <summary><c>ThrottlingException</c> or HTTP 429: too many requests or tokens. Retried.</summary>
    Throttling,

    /// <summary><c>ModelTimeoutException</c> (408): the model took too long. Not retried.</summary>
    ModelTimeout,

    /// <summary><c>ModelNotReadyException</c>: the model is loading. Retried.</summary>
    ModelNotReady,

    /// <summary><c>ModelErrorException</c> (424): the model failed; see <see cref="BedrockException.OriginalStatusCode"/>.
    /// Not retried.</summary>
    ModelError,

    /// <summary><c>modelStreamErrorException</c>: the model failed while streaming. Not retried.</summary>
    ModelStreamError,

    /// <summary><c>ServiceQuotaExceededException</c>: an account quota is exhausted. Not retried.</summary>
    ServiceQuotaExceeded,

    /// <summary><c>InternalServerException</c> or HTTP 500. Retried.</summary>
    InternalServer,

    /// <summary><c>ServiceUnavailableException</c>, HTTP 503 or 504. Retried.</summary>
    ServiceUnavailable,

    /// <summary><c>ConflictException</c>. Not retried.</summary>
    Conflict,

    /// <summary><c>DependencyFailedException</c> (agent runtime, 424). Not retried.</summary>
    DependencyFailed,

    /// <summary><c>BadGatewayException</c> (agent runtime) or HTTP 502. Retried.</summary>
    BadGateway,

    /// <summary>No response: the connection failed or broke. Retried.</summary>
    Network,

    /// <summary>An attempt or the whole operation ran out of time on this side (<see cref="BedrockRuntimeOptions.AttemptTimeout"/>,
    /// <see cref="BedrockRuntimeOptions.Timeout"/>), or the service reported <c>RequestTimeout</c>. Attempt timeouts and
    /// <c>RequestTimeout</c> are retried; the total timeout is not.</summary>
    Timeout,

    /// <summary>The response could not be read: a body that is not the JSON the service model describes, or a corrupt
    /// event stream. Not retried.</summary>
    InvalidResponse,

    /// <summary>No AWS credentials could be found for a call that must be signed (for example Retrieve or Rerank with only
    /// an API key configured). Not retried.</summary>
    CredentialsUnavailable,
}
