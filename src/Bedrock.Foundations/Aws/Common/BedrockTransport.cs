using System.Net;
using Amazon.Runtime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// The HTTP core of <see cref="BedrockRuntimeClient"/>: builds a fresh request per attempt, authenticates it (SigV4 or a
/// bearer API key), sends it, turns an error response into a <see cref="BedrockException"/>, and runs the attempts in a
/// Polly pipeline: total timeout ⟶ AWS standard retry (full-jitter backoff, retry quota) ⟶ attempt timeout.
/// </summary>
/// <remarks>Thread-safe; one instance per client.</remarks>
internal sealed class BedrockTransport : IDisposable
{
    private static readonly ResiliencePropertyKey<CallState> CallKey = new("Bedrock.Call");
    private static readonly string UserAgent = "Bedrock.Foundations/" + (typeof(BedrockTransport).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly BedrockRuntimeOptions _options;
    private readonly BedrockCredentialSource _credentials;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;
    private readonly Func<double> _jitter;
    private readonly ResiliencePipeline _pipeline;

    public BedrockTransport(BedrockRuntimeOptions options, HttpClient? httpClient, TimeProvider timeProvider, Func<double>? jitter)
    {
        _options = options;
        Endpoints = BedrockEndpoints.Resolve(options);
        // Precedence: ApiKey set in code > explicit Credentials/Profile > AWS_BEARER_TOKEN_BEDROCK > the default chain.
        _apiKey = options.ApiKey ?? (options.Credentials is null && options.Profile is null
            ? NonEmpty(Environment.GetEnvironmentVariable(BedrockRuntimeOptions.ApiKeyEnvironmentVariable))
            : null);
        if (_apiKey is not null && !BedrockHeaders.IsValidValue(_apiKey))
        {
            throw new ArgumentException(options.ApiKey is not null
                ? "BedrockRuntimeOptions.ApiKey must contain only printable ASCII characters (it is sent in the Authorization header)."
                : $"The environment variable {BedrockRuntimeOptions.ApiKeyEnvironmentVariable} must contain only printable ASCII characters (it is sent in the Authorization header).", nameof(options));
        }

        _credentials = new BedrockCredentialSource(options.Credentials, options.Profile, _apiKey is not null);
        _time = timeProvider;
        if (jitter is null)
        {
            Random random = new();
            Lock gate = new();
            jitter = () =>
            {
                lock (gate)
                {
                    return random.NextDouble();
                }
            };
        }

        _jitter = jitter;
        if (httpClient is null)
        {
            _http = new HttpClient(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }

        Quota = new RetryQuota();
        _pipeline = BuildPipeline();
    }

    /// <summary>The resolved endpoints.</summary>
    public BedrockEndpoints Endpoints { get; }

    /// <summary>The client's retry quota.</summary>
    public RetryQuota Quota { get; }

    /// <summary>
    /// Sends one operation, retrying per the AWS standard rules, and returns the successful response: with the body
    /// buffered, or (<paramref name="streaming"/>) with only the headers read, in which case no retry happens after this
    /// returns. The caller disposes the response.
    /// </summary>
    /// <exception cref="BedrockException">The service answered with an error, the retries ran out, or a timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<HttpResponseMessage> SendAsync(
        BedrockEndpointKind kind,
        string operation,
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? headers,
        ReadOnlyMemory<byte> body,
        string? contentType,
        bool streaming,
        CancellationToken cancellationToken) =>
        SendAsync(kind, operation, null, method, path, headers, body, contentType, streaming,
            static (response, _) => new ValueTask<HttpResponseMessage>(response), cancellationToken);

    /// <summary>
    /// Sends one operation, retrying per the AWS standard rules. <paramref name="onSuccess"/> runs inside each attempt that
    /// got a 2xx response (so the attempt and total timeouts, the retry rules, the quota and the telemetry cover it): it takes
    /// ownership of the response and returns the result, or throws — then the response is disposed, and a retryable
    /// <see cref="BedrockException"/> makes the attempt retried. This is how a stream is retried until its first event.
    /// </summary>
    /// <exception cref="BedrockException">The service answered with an error, the retries ran out, or a timeout elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResult> SendAsync<TResult>(
        BedrockEndpointKind kind,
        string operation,
        string? modelId,
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? headers,
        ReadOnlyMemory<byte> body,
        string? contentType,
        bool streaming,
        Func<HttpResponseMessage, CancellationToken, ValueTask<TResult>> onSuccess,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CallState call = new(kind, operation, modelId, method, path, headers, body, contentType, streaming, cancellationToken);
        ResilienceContext context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            TResult result = await _pipeline.ExecuteAsync(
                static (ctx, state) => state.transport.AttemptAsync(ctx, state.call, state.onSuccess), context, (transport: this, call, onSuccess)).ConfigureAwait(false);
            Quota.Release(call.LastRetryCost > 0 ? call.LastRetryCost : RetryQuota.SuccessRefund);
            return result;
        }
        catch (TimeoutRejectedException ex)
        {
            // Also when the caller cancelled at the same moment: the timeout is what ended the call.
            throw MapTimeout(call, ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The time source of the client.</summary>
    public TimeProvider Time => _time;

    /// <summary>Builds and authenticates the request of one attempt.</summary>
    internal async Task<HttpRequestMessage> CreateRequestAsync(
        BedrockEndpointKind kind, string operation, HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? headers,
        ReadOnlyMemory<byte> body, string? contentType, CancellationToken cancellationToken)
    {
        Uri baseUri = Endpoints.For(kind);
        Uri uri = new(baseUri.GetLeftPart(UriPartial.Authority) + baseUri.AbsolutePath.TrimEnd('/') + path, UriKind.Absolute);
        HttpRequestMessage request = new(method, uri);
        try
        {
            List<KeyValuePair<string, string>> signed = [];
            if (contentType is not null || !body.IsEmpty)
            {
                ReadOnlyMemoryContent content = new(body);
                if (contentType is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                    signed.Add(new("content-type", contentType));
                }

                request.Content = content;
            }

            if (headers is not null)
            {
                foreach (KeyValuePair<string, string> header in headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value))
                    {
                        request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    signed.Add(header);
                }
            }

            request.Headers.Host = BedrockSigV4Signer.HostHeader(uri);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (kind == BedrockEndpointKind.Runtime && _apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _apiKey);
            }
            else
            {
                ImmutableCredentials credentials = await _credentials.GetAsync(operation, cancellationToken).ConfigureAwait(false);
                BedrockSigV4Signer.Result signature = BedrockSigV4Signer.Sign(
                    method.Method, uri, signed, body, credentials, Endpoints.SigningRegion, _time.GetUtcNow().UtcDateTime);
                request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
                if (signature.SecurityToken is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", signature.SecurityToken);
                }

                request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Maps a Polly timeout to a <see cref="BedrockException"/> of kind <see cref="BedrockErrorKind.Timeout"/>.</summary>
    private BedrockException MapTimeout(CallState call, TimeoutRejectedException ex) => call.TotalTimedOut
        ? BedrockErrors.Timeout(call.Operation, $"the operation exceeded BedrockRuntimeOptions.Timeout after {call.Attempts} attempt(s)", _options.Timeout, retryable: false, ex)
        : BedrockErrors.Timeout(call.Operation, $"attempt {call.Attempts} exceeded BedrockRuntimeOptions.AttemptTimeout and no retry was left", _options.AttemptTimeout, retryable: true, ex);

    private async ValueTask<TResult> AttemptAsync<TResult>(
        ResilienceContext context, CallState call, Func<HttpResponseMessage, CancellationToken, ValueTask<TResult>> onSuccess)
    {
        CancellationToken cancellationToken = context.CancellationToken;
        call.Attempts++;
        long started = _time.GetTimestamp();
        int? status = null;
        try
        {
            using HttpRequestMessage request = await CreateRequestAsync(
                call.Kind, call.Operation, call.Method, call.Path, call.Headers, call.Body, call.ContentType, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(
                    request, call.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw BedrockErrors.Timeout(call.Operation, "the HttpClient's own Timeout elapsed", _http.Timeout, retryable: true, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw BedrockErrors.Network(call.Operation, ex, IsTransient(ex));
            }

            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                TResult result;
                try
                {
                    result = await onSuccess(response, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                RecordAttempt(call, started, status, null);
                return result;
            }

            BedrockException error;
            using (response)
            {
                byte[] body;
                try
                {
                    body = await ReadBoundedAsync(response.Content, BedrockErrors.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    body = [];
                }

                error = BedrockErrors.FromResponse(call.Operation, response, body);
            }

            throw error;
        }
        catch (Exception ex)
        {
            RecordAttempt(call, started, status, ErrorType(ex, call, cancellationToken));
            if (ex is BedrockException { IsThrottling: true } or BedrockException { StatusCode: HttpStatusCode.TooManyRequests })
            {
                // A 429, or a throttling exception as the first message of a stream.
                BedrockClientTelemetry.Throttle(Tags(call));
            }

            throw;
        }
    }

    private void RecordAttempt(CallState call, long started, int? status, string? errorType) =>
        BedrockClientTelemetry.Attempt(Tags(call), status, errorType, _time.GetElapsedTime(started));

    private BedrockClientTelemetry.CallTags Tags(CallState call) =>
        new(call.Kind == BedrockEndpointKind.Runtime ? "bedrock-runtime" : "bedrock-agent-runtime", call.Operation, Endpoints.For(call.Kind).Host, call.ModelId);

    private static string ErrorType(Exception ex, CallState call, CancellationToken attemptToken) => ex switch
    {
        BedrockException { ErrorCode: { } code } => code,
        BedrockException { StatusCode: { } status } => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        BedrockException { Kind: BedrockErrorKind.Timeout } => "timeout",
        BedrockException bedrock => bedrock.InnerException?.GetType().Name ?? bedrock.Kind.ToString(),
        OperationCanceledException when call.CallerToken.IsCancellationRequested => "cancelled",
        OperationCanceledException when attemptToken.IsCancellationRequested => "timeout",
        _ => ex.GetType().FullName ?? ex.GetType().Name,
    };

    /// <summary>
    /// Whether a send failure is a transient network error worth retrying: an <see cref="HttpRequestException"/> whose
    /// <see cref="HttpRequestError"/> is <see cref="HttpRequestError.ConnectionError"/>,
    /// <see cref="HttpRequestError.NameResolutionError"/> (DNS hiccups), <see cref="HttpRequestError.ResponseEnded"/> or
    /// <see cref="HttpRequestError.ProxyTunnelError"/>, or <see cref="HttpRequestError.Unknown"/> caused by an
    /// <see cref="IOException"/> or <see cref="System.Net.Sockets.SocketException"/>; or a bare <see cref="IOException"/>
    /// (other than an <see cref="HttpIOException"/> reporting an invalid response). Not retried: local or deterministic
    /// failures — invalid header values, TLS (<see cref="HttpRequestError.SecureConnectionError"/>), proxy authentication,
    /// invalid responses, HTTP protocol errors, configured limits.
    /// </summary>
    internal static bool IsTransient(Exception exception)
    {
        switch (exception)
        {
            case HttpRequestException http:
                return http.HttpRequestError switch
                {
                    HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ResponseEnded or HttpRequestError.ProxyTunnelError => true,
                    HttpRequestError.Unknown => HasNetworkCause(http.InnerException),
                    _ => false,
                };
            case HttpIOException httpIo:
                return httpIo.HttpRequestError is not (HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.HttpProtocolError);
            case IOException:
                return true;
            default:
                return false;
        }
    }

    private static bool HasNetworkCause(Exception? inner)
    {
        for (; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException || (inner is IOException and not HttpIOException))
            {
                return true;
            }

            if (inner is HttpIOException httpIo)
            {
                return IsTransient(httpIo);
            }
        }

        return false;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = new byte[limit];
            int total = 0;
            int read;
            while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    private ResiliencePipeline BuildPipeline()
    {
        ResiliencePipelineBuilder builder = new() { TimeProvider = _time };
        if (_options.Timeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Timeout = _options.Timeout,
                OnTimeout = static args =>
                {
                    if (args.Context.Properties.TryGetValue(CallKey, out CallState? call))
                    {
                        call.TotalTimedOut = true;
                    }

                    return default;
                },
            });
        }

        int maxRetries = _options.MaxAttempts - 1;
        if (maxRetries > 0)
        {
            TimeSpan baseDelay = _options.RetryBaseDelay;
            TimeSpan maxDelay = _options.MaxRetryDelay;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, maxRetries, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(BackoffDelay(args.AttemptNumber, baseDelay, maxDelay, _jitter())),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(CallKey, out CallState? call))
                    {
                        string? error = args.Outcome.Exception switch
                        {
                            BedrockException b => b.ErrorCode ?? b.Kind.ToString(),
                            TimeoutRejectedException => "timeout",
                            { } other => other.GetType().Name,
                            null => null,
                        };
                        BedrockClientTelemetry.Retry(Tags(call), args.AttemptNumber + 1, args.RetryDelay, error);
                    }

                    return default;
                },
            });
        }

        if (_options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(_options.AttemptTimeout);
        }

        return builder.Build();
    }

    /// <summary>
    /// The full-jitter backoff before retry <paramref name="retryIndex"/> + 1: <paramref name="unit"/> × min(base ×
    /// 2^<paramref name="retryIndex"/>, max), where <paramref name="unit"/> is uniform in [0, 1).
    /// </summary>
    internal static TimeSpan BackoffDelay(int retryIndex, TimeSpan baseDelay, TimeSpan maxDelay, double unit)
    {
        double cap = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 40)), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(unit * cap);
    }

    private bool ShouldRetry(Exception? exception, int attemptNumber, int maxRetries, ResilienceContext context)
    {
        if (exception is null || attemptNumber >= maxRetries || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        int cost;
        switch (exception)
        {
            case TimeoutRejectedException:
                cost = RetryQuota.TimeoutRetryCost;
                break;
            case BedrockException { IsRetryable: true } bedrock:
                cost = bedrock.Kind == BedrockErrorKind.Timeout ? RetryQuota.TimeoutRetryCost : RetryQuota.RetryCost;
                break;
            default:
                return false;
        }

        if (!Quota.TryAcquire(cost))
        {
            return false;
        }

        if (context.Properties.TryGetValue(CallKey, out CallState? call))
        {
            call.LastRetryCost = cost;
        }

        return true;
    }

    /// <summary>
    /// The handler of an owned <see cref="HttpClient"/>. A response left unread (a stream the caller cancelled or stopped
    /// enumerating) closes its connection at once instead of being drained, so the service stops generating (and billing)
    /// output nobody reads; every other response is read to its end, so pooling is unaffected.
    /// </summary>
    internal static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxResponseDrainSize = 0,
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>One operation's inputs and the counters its attempts update.</summary>
    private sealed class CallState(
        BedrockEndpointKind kind, string operation, string? modelId, HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? headers,
        ReadOnlyMemory<byte> body, string? contentType, bool streaming, CancellationToken callerToken)
    {
        public BedrockEndpointKind Kind { get; } = kind;

        public string Operation { get; } = operation;

        public string? ModelId { get; } = modelId;

        public CancellationToken CallerToken { get; } = callerToken;

        public HttpMethod Method { get; } = method;

        public string Path { get; } = path;

        public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; } = headers;

        public ReadOnlyMemory<byte> Body { get; } = body;

        public string? ContentType { get; } = contentType;

        public bool Streaming { get; } = streaming;

        public int Attempts { get; set; }

        public int LastRetryCost { get; set; }

        public bool TotalTimedOut { get; set; }
    }
}
