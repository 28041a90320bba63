namespace Bedrock.Foundations.Testing;

/// <summary>One request the <see cref="BedrockEmulator"/> received, as recorded in its <see cref="BedrockEmulatorRequestLog"/>.</summary>
public sealed class EmulatedRequest
{
    private readonly byte[] _body;

    internal EmulatedRequest(
        BedrockEmulatorOperation operation,
        string method,
        string rawTarget,
        string? resourceId,
        IReadOnlyDictionary<string, string> headers,
        byte[] body)
    {
        Operation = operation;
        Method = method;
        RawTarget = rawTarget;
        ResourceId = resourceId;
        Headers = headers;
        _body = body;
    }

    /// <summary>Gets the operation the path maps to.</summary>
    public BedrockEmulatorOperation Operation { get; }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the request target exactly as sent (still percent-encoded).</summary>
    public string RawTarget { get; }

    /// <summary>
    /// Gets the decoded path label: the model id, guardrail identifier or knowledge-base id (<see langword="null"/> for Rerank).
    /// </summary>
    public string? ResourceId { get; }

    /// <summary>
    /// Gets the request headers (names lower-cased; repeated headers joined by commas), with secrets redacted:
    /// <c>authorization</c> keeps its scheme and, for SigV4, the credential (access key id and scope) and signed headers,
    /// with <c>Signature=(redacted)</c>; a Bearer key becomes <c>Bearer (redacted)</c>; <c>x-amz-security-token</c> is
    /// <c>(redacted)</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the request body.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Gets the request body decoded as UTF-8.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(_body);

    /// <summary>Gets the HTTP status code the emulator answered with (0 until it is decided).</summary>
    public int StatusCode { get; internal set; }

    /// <summary>Gets the error type sent in <c>x-amzn-ErrorType</c>, or <see langword="null"/> on success.</summary>
    public string? ErrorType { get; internal set; }

    /// <summary>Gets the faults injected into this request.</summary>
    public BedrockEmulatorFault Faults { get; internal set; }
}
