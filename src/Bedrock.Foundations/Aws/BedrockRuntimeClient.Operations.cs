using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bedrock.Foundations.Aws.Common;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Aws;

/// <content>The typed operations.</content>
public sealed partial class BedrockRuntimeClient
{
    private const string JsonContentType = "application/json";

    /// <summary>Sends messages to a model and returns its reply (<c>POST /model/{modelId}/converse</c>).</summary>
    /// <param name="request">The request; <see cref="ConverseRequest.ModelId"/> is required (a model id, inference-profile id
    /// or ARN).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model's reply, usage and metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The model id is missing.</exception>
    /// <exception cref="BedrockException">The service returned an error, or retries or time ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ConverseResponse> ConverseAsync(ConverseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string modelId = Required(request.ModelId, "ConverseRequest.ModelId", nameof(request));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.ConverseRequest);
        return await SendJsonAsync(BedrockEndpointKind.Runtime, "Converse", modelId, BedrockPaths.Converse(modelId), body,
            BedrockJsonContext.Default.ConverseResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends messages to a model and streams its reply as it is generated (<c>POST /model/{modelId}/converse-stream</c>):
    /// one <see cref="ConverseStreamOutput"/> per event, with exactly one member set (<c>messageStart</c>,
    /// <c>contentBlockStart</c>, <c>contentBlockDelta</c>, <c>contentBlockStop</c>, <c>messageStop</c>, <c>metadata</c>).
    /// </summary>
    /// <param name="request">The request; <see cref="ConverseStreamRequest.ModelId"/> is required.</param>
    /// <param name="cancellationToken">Cancels the call and the stream.</param>
    /// <returns>The events, each yielded as soon as its frame is decoded. The request is sent when enumeration starts.</returns>
    /// <remarks>
    /// The call is retried like any other until its first event has arrived: an error status, a retryable exception as the
    /// stream's first message (throttling, internal server, service unavailable, model not ready), or a stream that breaks,
    /// stalls or ends before its first complete message is retried. Once the first event has reached the caller nothing is
    /// retried: an exception the service reports inside the stream, a corrupt frame, a broken connection, a wait longer than
    /// <see cref="BedrockRuntimeOptions.AttemptTimeout"/> for the next bytes, or the end of
    /// <see cref="BedrockRuntimeOptions.Timeout"/> (counted from the call, enumeration included) ends the enumeration with a
    /// <see cref="BedrockException"/>. Event types this client does not know are skipped; the payloads' <c>p</c> padding is
    /// ignored.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The model id is missing.</exception>
    public IAsyncEnumerable<ConverseStreamOutput> ConverseStreamAsync(ConverseStreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string modelId = Required(request.ModelId, "ConverseStreamRequest.ModelId", nameof(request));
        return ConverseStreamCoreAsync(modelId, request, cancellationToken);
    }

    /// <summary>Invokes a model with a request body in the model's own format (<c>POST /model/{modelId}/invoke</c>).</summary>
    /// <param name="request">The request; <see cref="InvokeModelRequest.ModelId"/> and <see cref="InvokeModelRequest.Body"/>
    /// are required. <see cref="InvokeModelRequest.ContentType"/> defaults to <c>application/json</c>; <c>Accept</c>, trace,
    /// guardrail, latency, service tier and request metadata travel as headers when set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model's response body as bytes, with its content type and the echoed latency and service tier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The model id or the body is missing, or a member sent as a header (content type,
    /// accept, trace, guardrail, latency, service tier, request metadata) holds a character other than printable ASCII.</exception>
    /// <exception cref="BedrockException">The service returned an error, or retries or time ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<InvokeModelResponse> InvokeModelAsync(InvokeModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string modelId = Required(request.ModelId, "InvokeModelRequest.ModelId", nameof(request));
        byte[] body = request.Body ?? throw new ArgumentException("InvokeModelRequest.Body is required: the request in the model's own format (for example its JSON).", nameof(request));
        string contentType = request.ContentType ?? JsonContentType;
        CheckHeaderValue(contentType, "InvokeModelRequest.ContentType", "Content-Type", nameof(request));
        List<KeyValuePair<string, string>> headers = [];
        AddHeader(headers, "Accept", request.Accept, "InvokeModelRequest.Accept", nameof(request));
        AddHeader(headers, "X-Amzn-Bedrock-Trace", request.Trace, "InvokeModelRequest.Trace", nameof(request));
        AddHeader(headers, "X-Amzn-Bedrock-GuardrailIdentifier", request.GuardrailIdentifier, "InvokeModelRequest.GuardrailIdentifier", nameof(request));
        AddHeader(headers, "X-Amzn-Bedrock-GuardrailVersion", request.GuardrailVersion, "InvokeModelRequest.GuardrailVersion", nameof(request));
        AddHeader(headers, "X-Amzn-Bedrock-PerformanceConfig-Latency", request.PerformanceConfigLatency, "InvokeModelRequest.PerformanceConfigLatency", nameof(request));
        AddHeader(headers, "X-Amzn-Bedrock-Service-Tier", request.ServiceTier, "InvokeModelRequest.ServiceTier", nameof(request));
        AddHeader(headers, "X-Amzn-Bedrock-Request-Metadata", request.RequestMetadata, "InvokeModelRequest.RequestMetadata", nameof(request));
        using HttpResponseMessage response = await _transport.SendAsync(BedrockEndpointKind.Runtime, "InvokeModel", modelId, HttpMethod.Post,
            BedrockPaths.InvokeModel(modelId), headers, body, contentType, streaming: false,
            static (r, _) => new ValueTask<HttpResponseMessage>(r), cancellationToken).ConfigureAwait(false);
        byte[] responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new InvokeModelResponse
        {
            Body = responseBody,
            ContentType = response.Content.Headers.TryGetValues("Content-Type", out IEnumerable<string>? responseType) ? string.Join(",", responseType) : null,
            PerformanceConfigLatency = Header(response, "X-Amzn-Bedrock-PerformanceConfig-Latency"),
            ServiceTier = Header(response, "X-Amzn-Bedrock-Service-Tier"),
        };
    }

    /// <summary>Checks content against a guardrail
    /// (<c>POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply</c>).</summary>
    /// <param name="request">The request; <see cref="ApplyGuardrailRequest.GuardrailIdentifier"/> and
    /// <see cref="ApplyGuardrailRequest.GuardrailVersion"/> are required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The guardrail's action, outputs and assessments.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The guardrail identifier or version is missing.</exception>
    /// <exception cref="BedrockException">The service returned an error, or retries or time ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ApplyGuardrailResponse> ApplyGuardrailAsync(ApplyGuardrailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string identifier = Required(request.GuardrailIdentifier, "ApplyGuardrailRequest.GuardrailIdentifier", nameof(request));
        string version = Required(request.GuardrailVersion, "ApplyGuardrailRequest.GuardrailVersion", nameof(request));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.ApplyGuardrailRequest);
        return await SendJsonAsync(BedrockEndpointKind.Runtime, "ApplyGuardrail", null, BedrockPaths.ApplyGuardrail(identifier, version), body,
            BedrockJsonContext.Default.ApplyGuardrailResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts the input tokens a request would use (<c>POST /model/{modelId}/count-tokens</c>); free of
    /// charge.</summary>
    /// <param name="request">The request; <see cref="CountTokensRequest.ModelId"/> is required (a foundation-model id).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The model id is missing.</exception>
    /// <exception cref="BedrockException">The service returned an error, or retries or time ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CountTokensResponse> CountTokensAsync(CountTokensRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string modelId = Required(request.ModelId, "CountTokensRequest.ModelId", nameof(request));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.CountTokensRequest);
        return await SendJsonAsync(BedrockEndpointKind.Runtime, "CountTokens", modelId, BedrockPaths.CountTokens(modelId), body,
            BedrockJsonContext.Default.CountTokensResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queries a knowledge base (<c>POST /knowledgebases/{knowledgeBaseId}/retrieve</c> on the agent-runtime
    /// endpoint; always SigV4-signed).</summary>
    /// <param name="request">The request; <see cref="RetrieveRequest.KnowledgeBaseId"/> is required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The retrieved passages with scores and locations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The knowledge-base id is missing.</exception>
    /// <exception cref="BedrockException">The service returned an error, no AWS credentials were found, or retries or time
    /// ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RetrieveResponse> RetrieveAsync(RetrieveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string knowledgeBaseId = Required(request.KnowledgeBaseId, "RetrieveRequest.KnowledgeBaseId", nameof(request));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.RetrieveRequest);
        return await SendJsonAsync(BedrockEndpointKind.AgentRuntime, "Retrieve", null, BedrockPaths.Retrieve(knowledgeBaseId), body,
            BedrockJsonContext.Default.RetrieveResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reorders documents by relevance to a query with a reranking model (<c>POST /rerank</c> on the agent-runtime
    /// endpoint; always SigV4-signed).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The results with their source indexes and relevance scores.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="BedrockException">The service returned an error, no AWS credentials were found, or retries or time
    /// ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RerankResponse> RerankAsync(RerankRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.RerankRequest);
        return await SendJsonAsync(BedrockEndpointKind.AgentRuntime, "Rerank", null, BedrockPaths.Rerank, body,
            BedrockJsonContext.Default.RerankResponse, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<ConverseStreamOutput> ConverseStreamCoreAsync(
        string modelId, ConverseStreamRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string Operation = "ConverseStream";
        long started = _transport.Time.GetTimestamp();
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.ConverseStreamRequest);
        TimeSpan idleTimeout = _options.AttemptTimeout;

        // The first event is read inside the retried attempt: until it has arrived, the call is retried like any other.
        (HttpResponseMessage response, BedrockEventStreamReader.Start start) = await _transport.SendAsync(
            BedrockEndpointKind.Runtime, Operation, modelId, HttpMethod.Post, BedrockPaths.ConverseStream(modelId), null, body, JsonContentType, streaming: true,
            async (r, ct) => (r, await BedrockEventStreamReader.StartAsync(r, Operation, idleTimeout, ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);

        // The rest of BedrockRuntimeOptions.Timeout bounds the rest of the stream.
        using CancellationTokenSource? total = _options.Timeout == Timeout.InfiniteTimeSpan
            ? null
            : new CancellationTokenSource(Max(_options.Timeout - _transport.Time.GetElapsedTime(started), TimeSpan.FromMilliseconds(1)), _transport.Time);
        using CancellationTokenSource? linked = total is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);
        CancellationToken token = linked?.Token ?? cancellationToken;
        using (response)
        {
            BedrockEventStreamReader reader = start.Reader;
            await using (reader.ConfigureAwait(false))
            {
                EventStreamMessage? message = start.First;
                while (message is not null)
                {
                    ConverseStreamOutput? output = BedrockEventStreamReader.ToConverseStreamOutput(message, Operation, start.RequestId);
                    if (output is not null)
                    {
                        yield return output;
                    }

                    message = await ReadNextAsync(reader, total, token, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask<EventStreamMessage?> ReadNextAsync(
        BedrockEventStreamReader reader, CancellationTokenSource? total, CancellationToken token, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw ex.CancellationToken == cancellationToken ? ex : new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (OperationCanceledException ex) when (total is { IsCancellationRequested: true })
        {
            throw BedrockErrors.Timeout("ConverseStream", "the stream did not end within BedrockRuntimeOptions.Timeout", _options.Timeout, retryable: false, ex);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<TResponse> SendJsonAsync<TResponse>(
        BedrockEndpointKind kind, string operation, string? modelId, string path, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using HttpResponseMessage response = await _transport.SendAsync(kind, operation, modelId, HttpMethod.Post, path, null, body, JsonContentType,
            streaming: false, static (r, _) => new ValueTask<HttpResponseMessage>(r), cancellationToken).ConfigureAwait(false);
        byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string? requestId = Header(response, "x-amzn-RequestId");
        try
        {
            return JsonSerializer.Deserialize(content, responseType)
                ?? throw BedrockErrors.InvalidResponse(operation, "the body is JSON null", null, requestId, response.StatusCode);
        }
        catch (JsonException ex)
        {
            throw BedrockErrors.InvalidResponse(operation, $"the body is not the JSON of {typeof(TResponse).Name} ({ex.Message})", ex, requestId, response.StatusCode);
        }
    }

    private static string Required(string? value, string what, string paramName) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{what} is required.", paramName) : value;

    private static void AddHeader(List<KeyValuePair<string, string>> headers, string name, string? value, string member, string paramName)
    {
        if (value is not null)
        {
            CheckHeaderValue(value, member, name, paramName);
            headers.Add(new(name, value));
        }
    }

    private static void CheckHeaderValue(string value, string member, string header, string paramName)
    {
        if (!BedrockHeaders.IsValidValue(value))
        {
            throw new ArgumentException(
                $"{member} is sent in the HTTP header {header} and must contain only printable ASCII characters (no line breaks, no non-ASCII letters); percent-encode or remove the others.",
                paramName);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
