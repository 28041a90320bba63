using Bedrock.Foundations.Aws.Common;

namespace Bedrock.Foundations.Aws;

/// <summary>
/// A small client for the Amazon Bedrock Runtime (Converse, ConverseStream, InvokeModel, ApplyGuardrail, CountTokens) and
/// Agent Runtime (Retrieve, Rerank) wire protocols, over AWSSDK.Core's SigV4 signer and Polly.
/// </summary>
/// <remarks>
/// <para>Thread-safe: share one instance. It owns the <see cref="HttpClient"/> it creates; one passed in is used as is and
/// not disposed (give it <see cref="Timeout.InfiniteTimeSpan"/> as its <see cref="HttpClient.Timeout"/>, or its own timeout
/// caps every attempt; and a <see cref="SocketsHttpHandler"/> with <see cref="SocketsHttpHandler.MaxResponseDrainSize"/> 0,
/// as the client's own has, so that a stream the caller cancels or stops reading closes its connection at once instead of
/// being drained while the model keeps generating).</para>
/// <para>Every operation retries per the AWS "standard" mode (<see cref="BedrockRuntimeOptions.MaxAttempts"/>, full-jitter
/// backoff, a retry quota of 500 tokens shared by the client's calls), bounds each attempt and the whole call by
/// <see cref="BedrockRuntimeOptions.AttemptTimeout"/> and <see cref="BedrockRuntimeOptions.Timeout"/>, and throws
/// <see cref="BedrockException"/> for every failure except the caller's cancellation
/// (<see cref="OperationCanceledException"/>, carrying the caller's token). Streams are retried until their first event
/// and never after it has reached the caller.</para>
/// <para>Telemetry: the meter <see cref="MeterName"/> counts attempts (with their HTTP status, including those that timed
/// out or were cancelled), retries and throttles, and records each attempt's duration.</para>
/// </remarks>
public sealed partial class BedrockRuntimeClient : IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> with the client's counters
    /// (<c>aws.bedrock.client.attempts</c>, <c>aws.bedrock.client.retries</c>, <c>aws.bedrock.client.throttles</c>) and the
    /// histogram <c>aws.bedrock.client.attempt.duration</c> (seconds), tagged with <c>rpc.system</c>, <c>rpc.service</c>,
    /// <c>rpc.method</c>, <c>server.address</c>, <c>gen_ai.provider.name</c> (<c>aws.bedrock</c>),
    /// <c>gen_ai.request.model</c> (when the operation names a model), <c>http.response.status_code</c> and
    /// <c>error.type</c>.</summary>
    public const string MeterName = BedrockClientTelemetry.Name;

    private readonly BedrockTransport _transport;
    private readonly BedrockRuntimeOptions _options;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region or endpoint, credentials, retries, timeouts; validated and copied (later changes to the
    /// instance have no effect).</param>
    /// <param name="httpClient">The HTTP client to send with, or null to create one (owned and disposed by this client).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (parameter <c>options</c>).</exception>
    public BedrockRuntimeClient(BedrockRuntimeOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, null)
    {
    }

    /// <summary>Creates a client with a time source and a jitter source (tests).</summary>
    internal BedrockRuntimeClient(BedrockRuntimeOptions options, HttpClient? httpClient, TimeProvider timeProvider, Func<double>? jitter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options.Clone();
        _transport = new BedrockTransport(_options, httpClient, timeProvider, jitter);
    }

    /// <summary>The bedrock-runtime endpoint the client sends to.</summary>
    public Uri Endpoint => _transport.Endpoints.Runtime;

    /// <summary>
    /// The agent-runtime endpoint Retrieve and Rerank use, or null when there is none: a custom, non-loopback
    /// <see cref="BedrockRuntimeOptions.ServiceUrl"/> (a proxy) without <see cref="BedrockRuntimeOptions.AgentRuntimeServiceUrl"/>
    /// (Retrieve and Rerank then throw <see cref="InvalidOperationException"/>).
    /// </summary>
    public Uri? AgentRuntimeEndpoint => _transport.Endpoints.AgentRuntimeOrNull;

    /// <summary>The region requests are signed for.</summary>
    public string Region => _transport.Endpoints.SigningRegion;

    /// <summary>The transport (tests and the typed operations).</summary>
    internal BedrockTransport Transport => _transport;

    /// <summary>The validated copy of the options.</summary>
    internal BedrockRuntimeOptions Options => _options;

    /// <summary>Releases the HTTP client if this client created it.</summary>
    public void Dispose() => _transport.Dispose();
}
