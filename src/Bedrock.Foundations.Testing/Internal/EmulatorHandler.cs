using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Bedrock.Foundations.Testing.Internal;

/// <summary>The request pipeline: route, record, authenticate, draw faults, dispatch, answer.</summary>
internal sealed partial class EmulatorHandler
{
    private const int MaxBodyBytes = 25_000_000;
    private readonly BedrockEmulatorOptions _options;
    private readonly ILogger _logger;
    private readonly Random _faultRandom;
    private readonly Lock _faultLock = new();
    private long _requestCounter;
    private long _toolUseCounter;

    public EmulatorHandler(BedrockEmulatorOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _faultRandom = new Random(options.Faults.Seed);
        Log = new BedrockEmulatorRequestLog(options.RequestLogCapacity);
    }

    public BedrockEmulatorRequestLog Log { get; }

    public async Task HandleAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        long started = _options.TimeProvider.GetTimestamp();
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        (BedrockEmulatorOperation operation, string? resourceId, string? guardrailVersion) = Route(rawTarget);
        string requestId = RequestId();
        context.Response.Headers["x-amzn-RequestId"] = requestId;

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            EmulatedRequest tooLarge = Record(context, operation, rawTarget, resourceId, []);
            await WriteErrorAsync(context, tooLarge, AwsError.Validation($"The request body is larger than {MaxBodyBytes} bytes."), cancellationToken).ConfigureAwait(false);
            return;
        }

        EmulatedRequest record = Record(context, operation, rawTarget, resourceId, body);
        LogRequest(_logger, context.Request.Method, operation, requestId);

        if (operation == BedrockEmulatorOperation.Unknown || !HttpMethods.IsPost(context.Request.Method))
        {
            await WriteErrorAsync(context, record, new AwsError(404, "UnknownOperationException", $"No operation matches {context.Request.Method} {PathOf(rawTarget)}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        AwsError? authError = Authenticate(context, operation, rawTarget, body);
        if (authError is not null)
        {
            await WriteErrorAsync(context, record, authError, cancellationToken).ConfigureAwait(false);
            return;
        }

        BedrockEmulatorFault faults = DrawFaults(operation is BedrockEmulatorOperation.ConverseStream);
        record.Faults = faults;
        if ((faults & BedrockEmulatorFault.LatencySpike) != 0)
        {
            await WaitAsync(_options.Faults.LatencySpike, cancellationToken).ConfigureAwait(false);
        }

        AwsError? faultError = (faults & BedrockEmulatorFault.Throttling) != 0 ? AwsError.Throttling()
            : (faults & BedrockEmulatorFault.InternalServerError) != 0 ? AwsError.InternalServer()
            : (faults & BedrockEmulatorFault.ServiceUnavailable) != 0 ? AwsError.ServiceUnavailable()
            : null;
        if (faultError is not null)
        {
            await WriteErrorAsync(context, record, faultError, cancellationToken).ConfigureAwait(false);
            return;
        }

        RequestContext request = new(context, record, operation, resourceId ?? string.Empty, guardrailVersion, body, faults, started);
        OperationResult result;
        try
        {
            result = await DispatchAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A user-supplied answering, tool-use, token-counting or embedding function threw.
            result = new AwsError(424, "ModelErrorException", $"The emulated model failed: {e.GetType().Name}: {e.Message}");
        }

        if (result.Error is not null)
        {
            await WriteErrorAsync(context, record, result.Error, cancellationToken).ConfigureAwait(false);
        }
        else if (result.Body is not null)
        {
            await WriteBodyAsync(request, result, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<OperationResult> DispatchAsync(RequestContext request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body);
        }
        catch (JsonException)
        {
            return AwsError.Validation("Malformed input request, please reformat your input and try again.");
        }

        using (document)
        {
            if (request.Operation != BedrockEmulatorOperation.InvokeModel && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return AwsError.Validation("The request body must be a JSON object.");
            }

            if (request.Operation is not (BedrockEmulatorOperation.InvokeModel or BedrockEmulatorOperation.InvokeModelWithResponseStream))
            {
                AwsError? shapeError = RequestValidator.Validate(request.Operation, request.Body);
                if (shapeError is not null)
                {
                    return shapeError;
                }
            }

            JsonElement root = document.RootElement;
            return request.Operation switch
            {
                BedrockEmulatorOperation.Converse => await ConverseAsync(request, root, cancellationToken).ConfigureAwait(false),
                BedrockEmulatorOperation.ConverseStream => await ConverseStreamAsync(request, root, cancellationToken).ConfigureAwait(false),
                BedrockEmulatorOperation.InvokeModel => await InvokeModelAsync(request, root, cancellationToken).ConfigureAwait(false),
                BedrockEmulatorOperation.InvokeModelWithResponseStream => AwsError.Validation(
                    $"The emulator does not stream InvokeModel responses (model '{request.ResourceId}'); use ConverseStream."),
                BedrockEmulatorOperation.CountTokens => CountTokens(request, root),
                BedrockEmulatorOperation.ApplyGuardrail => ApplyGuardrail(request, root),
                BedrockEmulatorOperation.Retrieve => Retrieve(root),
                BedrockEmulatorOperation.Rerank => Rerank(root),
                _ => new AwsError(404, "UnknownOperationException", "Unknown operation."),
            };
        }
    }

    private AwsError? Authenticate(HttpContext context, BedrockEmulatorOperation operation, string rawTarget, byte[] body)
    {
        if (!_options.RequireAuthentication)
        {
            return null;
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return AwsError.MissingAuthenticationToken();
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            if (operation is BedrockEmulatorOperation.Retrieve or BedrockEmulatorOperation.Rerank)
            {
                return AwsError.IncompleteSignature(
                    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. (Bearer API keys are not accepted by the agent runtime.)");
            }

            string key = authorization["Bearer ".Length..].Trim();
            foreach (string accepted in _options.ApiKeys)
            {
                if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(accepted), System.Text.Encoding.UTF8.GetBytes(key)))
                {
                    return null;
                }
            }

            return AwsError.UnrecognizedClient();
        }

        return SigV4Verifier.Verify(
            context.Request.Method,
            rawTarget,
            context.Request.Headers,
            body,
            authorization,
            _options.Credentials,
            _options.Region,
            _options.TimeProvider.GetUtcNow(),
            _options.ClockSkewTolerance);
    }

    private BedrockEmulatorFault DrawFaults(bool streaming)
    {
        BedrockEmulatorFaults f = _options.Faults;
        Span<double> u = stackalloc double[7];
        lock (_faultLock)
        {
            for (int i = 0; i < u.Length; i++)
            {
                u[i] = _faultRandom.NextDouble();
            }
        }

        BedrockEmulatorFault faults = BedrockEmulatorFault.None;
        if (u[0] < f.ThrottlingRate)
        {
            faults |= BedrockEmulatorFault.Throttling;
        }
        else if (u[1] < f.ServerErrorRate)
        {
            faults |= u[2] < 0.5 ? BedrockEmulatorFault.InternalServerError : BedrockEmulatorFault.ServiceUnavailable;
        }

        if (u[3] < f.LatencySpikeRate)
        {
            faults |= BedrockEmulatorFault.LatencySpike;
        }

        if (u[4] < f.DroppedConnectionRate)
        {
            faults |= BedrockEmulatorFault.DroppedConnection;
        }

        if (streaming && u[5] < f.StreamExceptionRate)
        {
            faults |= BedrockEmulatorFault.StreamException;
        }

        if (streaming && u[6] < f.CorruptFrameRate)
        {
            faults |= BedrockEmulatorFault.CorruptFrame;
        }

        return faults;
    }

    internal static (BedrockEmulatorOperation Operation, string? ResourceId, string? Version) Route(string rawTarget)
    {
        string[] s = PathOf(rawTarget).Split('/');
        static string D(string segment) => Uri.UnescapeDataString(segment);
        if (s.Length == 4 && s[0].Length == 0 && s[1] == "model" && s[2].Length > 0)
        {
            BedrockEmulatorOperation op = s[3] switch
            {
                "converse" => BedrockEmulatorOperation.Converse,
                "converse-stream" => BedrockEmulatorOperation.ConverseStream,
                "invoke" => BedrockEmulatorOperation.InvokeModel,
                "invoke-with-response-stream" => BedrockEmulatorOperation.InvokeModelWithResponseStream,
                "count-tokens" => BedrockEmulatorOperation.CountTokens,
                _ => BedrockEmulatorOperation.Unknown,
            };
            return (op, op == BedrockEmulatorOperation.Unknown ? null : D(s[2]), null);
        }

        if (s.Length == 6 && s[0].Length == 0 && s[1] == "guardrail" && s[2].Length > 0 && s[3] == "version" && s[4].Length > 0 && s[5] == "apply")
        {
            return (BedrockEmulatorOperation.ApplyGuardrail, D(s[2]), D(s[4]));
        }

        if (s.Length == 4 && s[0].Length == 0 && s[1] == "knowledgebases" && s[2].Length > 0 && s[3] == "retrieve")
        {
            return (BedrockEmulatorOperation.Retrieve, D(s[2]), null);
        }

        if (s.Length == 2 && s[0].Length == 0 && s[1] == "rerank")
        {
            return (BedrockEmulatorOperation.Rerank, null, null);
        }

        return (BedrockEmulatorOperation.Unknown, null, null);
    }

    private static string PathOf(string rawTarget)
    {
        int q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? rawTarget : rawTarget[..q];
    }

    private EmulatedRequest Record(HttpContext context, BedrockEmulatorOperation operation, string rawTarget, string? resourceId, byte[] body)
    {
        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            string name = header.Key.ToLowerInvariant();
            string value = string.Join(',', header.Value.ToArray());
            headers[name] = name switch
            {
                "authorization" => RedactAuthorization(value),
                "x-amz-security-token" => Redacted,
                _ => value,
            };
        }

        EmulatedRequest record = new(operation, context.Request.Method, rawTarget, resourceId, headers, body);
        Log.Add(record);
        return record;
    }

    internal const string Redacted = "(redacted)";

    /// <summary>
    /// The <c>Authorization</c> header without its secret part: for SigV4 the algorithm, the credential (access key id and
    /// scope) and the signed headers are kept and the signature is replaced; for any other scheme (a Bearer API key) only
    /// the scheme is kept.
    /// </summary>
    internal static string RedactAuthorization(string value)
    {
        if (value.StartsWith(SigV4Verifier.Algorithm + " ", StringComparison.Ordinal))
        {
            List<string> parts = [];
            foreach (string part in value[(SigV4Verifier.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.StartsWith("Credential=", StringComparison.Ordinal) || part.StartsWith("SignedHeaders=", StringComparison.Ordinal))
                {
                    parts.Add(part);
                }
                else if (part.StartsWith("Signature=", StringComparison.Ordinal))
                {
                    parts.Add("Signature=" + Redacted);
                }
            }

            return SigV4Verifier.Algorithm + " " + string.Join(", ", parts);
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? Redacted : value[..space] + " " + Redacted;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using MemoryStream buffer = new();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16384);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new InvalidDataException("Body too large.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private string RequestId()
    {
        long n = Interlocked.Increment(ref _requestCounter);
        return string.Create(CultureInfo.InvariantCulture, $"00000000-e000-4000-8000-{n:x12}");
    }

    internal string NextToolUseId() =>
        string.Create(CultureInfo.InvariantCulture, $"tooluse_{Interlocked.Increment(ref _toolUseCounter):D6}");

    private static async Task WriteErrorAsync(HttpContext context, EmulatedRequest record, AwsError error, CancellationToken cancellationToken)
    {
        record.StatusCode = error.StatusCode;
        record.ErrorType = error.Type;
        HttpResponse response = context.Response;
        response.StatusCode = error.StatusCode;
        response.Headers["x-amzn-ErrorType"] = error.Type;
        response.ContentType = "application/json";
        byte[] body = JsonWriting.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        });
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteBodyAsync(RequestContext request, OperationResult result, CancellationToken cancellationToken)
    {
        request.Record.StatusCode = 200;
        HttpResponse response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = result.ContentType;
        foreach (KeyValuePair<string, string> header in result.Headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        byte[] body = result.Body!;
        response.ContentLength = body.Length;
        try
        {
            if ((request.Faults & BedrockEmulatorFault.DroppedConnection) != 0)
            {
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                await DropConnectionAsync(request.Http, cancellationToken).ConfigureAwait(false);
                return;
            }

            await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// Aborts the connection once what was flushed has had time to reach the client (an abort discards output still
    /// queued in the transport, which would turn a mid-body drop into a failure to receive the headers).
    /// </summary>
    internal static async Task DropConnectionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(DropDelay, cancellationToken).ConfigureAwait(false);
        context.Abort();
    }

    internal static readonly TimeSpan DropDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits at least <paramref name="delay"/> by the options' clock (a timer may fire up to a tick early, so the rest is
    /// waited again), so that a measured latency is never below the configured one.
    /// </summary>
    internal async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        TimeProvider clock = _options.TimeProvider;
        long start = clock.GetTimestamp();
        TimeSpan remaining = delay;
        do
        {
            await Task.Delay(remaining < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : remaining, clock, cancellationToken).ConfigureAwait(false);
            remaining = delay - clock.GetElapsedTime(start);
        }
        while (remaining > TimeSpan.Zero);
    }

    internal TimeSpan Scale(TimeSpan latency) => latency * _options.LatencyScale;

    internal long ElapsedMilliseconds(long started) =>
        (long)_options.TimeProvider.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Operation} (request id {RequestId})")]
    private static partial void LogRequest(ILogger logger, string method, BedrockEmulatorOperation operation, string requestId);

    internal sealed record RequestContext(
        HttpContext Http,
        EmulatedRequest Record,
        BedrockEmulatorOperation Operation,
        string ResourceId,
        string? GuardrailVersion,
        byte[] Body,
        BedrockEmulatorFault Faults,
        long Started);

    internal sealed class OperationResult
    {
        public AwsError? Error { get; init; }

        public byte[]? Body { get; init; }

        public string ContentType { get; init; } = "application/json";

        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

        public static implicit operator OperationResult(AwsError error) => new() { Error = error };

        public static OperationResult Json(byte[] body, params KeyValuePair<string, string>[] headers) => new() { Body = body, Headers = headers };

        /// <summary>The response was written by the operation (a stream).</summary>
        public static OperationResult Written { get; } = new();
    }
}

internal static class JsonWriting
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
