using System.Buffers;
using System.Text.Json;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// Reads the event-stream body of a streaming response message by message, as bytes arrive: each read of the body is
/// bounded by the attempt timeout (an idle timeout), and every failure is a <see cref="BedrockException"/> (a corrupt
/// frame is <see cref="BedrockErrorKind.InvalidResponse"/>, a broken connection <see cref="BedrockErrorKind.Network"/>);
/// the caller's cancellation stays an <see cref="OperationCanceledException"/>. Owns neither the response nor its
/// disposal. Not thread-safe.
/// </summary>
internal sealed class BedrockEventStreamReader : IAsyncDisposable
{
    /// <summary>The media type of an event stream.</summary>
    public const string ContentType = "application/vnd.amazon.eventstream";

    private const int ChunkSize = 16 * 1024;

    private readonly HttpResponseMessage _response;
    private readonly string _operation;
    private readonly string? _requestId;
    private readonly TimeSpan _idleTimeout;
    private readonly EventStreamDecoder _decoder = new();
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private Stream? _stream;
    private bool _ended;
    private int _messagesRead;

    public BedrockEventStreamReader(HttpResponseMessage response, string operation, string? requestId, TimeSpan idleTimeout)
    {
        _response = response;
        _operation = operation;
        _requestId = requestId;
        _idleTimeout = idleTimeout;
    }

    /// <summary>
    /// Opens the event stream of a successful response and reads its first message, inside the attempt that got the
    /// response. Throws a retryable <see cref="BedrockException"/> when the first message is a retryable in-stream exception
    /// (throttling, internal server, service unavailable, model not ready) or the stream breaks, stalls or ends before its
    /// first complete message, so that the attempt is retried; throws any other in-stream exception or error as is.
    /// </summary>
    /// <returns>The reader positioned after the first message, and that message (an <c>event</c>). The caller owns both and
    /// the response.</returns>
    public static async ValueTask<Start> StartAsync(HttpResponseMessage response, string operation, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? requestId = response.Headers.TryGetValues("x-amzn-RequestId", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
        BedrockEventStreamReader reader = new(response, operation, requestId, idleTimeout);
        try
        {
            EventStreamMessage first = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw reader.EndedEarly("the event stream ended without any message", null);
            switch (first.MessageType)
            {
                case "exception":
                    throw BedrockErrors.FromStreamException(operation, first.ExceptionType ?? "UnknownException", first.Payload.Span, requestId);
                case "error":
                    throw BedrockErrors.FromStreamError(operation, first.ErrorCode, first.ErrorMessage, requestId);
                default:
                    return new Start(reader, first, requestId);
            }
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The next message, or null at the end of the stream. A cancelled <paramref name="cancellationToken"/> throws even when
    /// the next message has already arrived, so a caller that cancels mid-stream never sees another event.
    /// </summary>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryDecode(out EventStreamMessage? message))
            {
                _messagesRead++;
                return message;
            }

            if (_ended)
            {
                return null;
            }

            _stream ??= await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            int read = await ReadChunkAsync(_stream, _buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
                try
                {
                    _decoder.Complete();
                }
                catch (EventStreamFormatException ex)
                {
                    throw _messagesRead == 0 ? EndedEarly("the event stream ended before its first complete message", ex) : Corrupt(ex);
                }
            }
            else
            {
                _decoder.Push(_buffer.AsSpan(0, read));
            }
        }
    }

    /// <summary>
    /// Maps one ConverseStream message: an <c>event</c> becomes the union member its <c>:event-type</c> names (null for an
    /// unknown type, which is skipped); an <c>exception</c> or <c>error</c> is thrown as a <see cref="BedrockException"/>.
    /// </summary>
    public static ConverseStreamOutput? ToConverseStreamOutput(EventStreamMessage message, string operation, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.MessageType)
        {
            case "event":
                ReadOnlySpan<byte> payload = message.Payload.Span;
                try
                {
                    return message.EventType switch
                    {
                        "messageStart" => new ConverseStreamOutput { MessageStart = Parse(payload, BedrockJsonContext.Default.MessageStartEvent) },
                        "contentBlockStart" => new ConverseStreamOutput { ContentBlockStart = Parse(payload, BedrockJsonContext.Default.ContentBlockStartEvent) },
                        "contentBlockDelta" => new ConverseStreamOutput { ContentBlockDelta = Parse(payload, BedrockJsonContext.Default.ContentBlockDeltaEvent) },
                        "contentBlockStop" => new ConverseStreamOutput { ContentBlockStop = Parse(payload, BedrockJsonContext.Default.ContentBlockStopEvent) },
                        "messageStop" => new ConverseStreamOutput { MessageStop = Parse(payload, BedrockJsonContext.Default.MessageStopEvent) },
                        "metadata" => new ConverseStreamOutput { Metadata = Parse(payload, BedrockJsonContext.Default.ConverseStreamMetadataEvent) },
                        _ => null,
                    };
                }
                catch (JsonException ex)
                {
                    throw BedrockErrors.InvalidResponse(operation, $"the payload of a '{message.EventType}' event is not its JSON shape ({ex.Message})", ex, requestId);
                }

            case "exception":
                throw BedrockErrors.FromStreamException(operation, message.ExceptionType ?? "UnknownException", message.Payload.Span, requestId);

            case "error":
                throw BedrockErrors.FromStreamError(operation, message.ErrorCode, message.ErrorMessage, requestId);

            default:
                throw BedrockErrors.InvalidResponse(operation, $"an event-stream message has the unknown :message-type '{message.MessageType ?? "(none)"}'", null, requestId);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _decoder.Dispose();
            _stream?.Dispose();
        }

        return default;
    }

    private static T Parse<T>(ReadOnlySpan<byte> payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        JsonSerializer.Deserialize(payload, type) ?? throw new JsonException("The payload is JSON null.");

    private bool TryDecode(out EventStreamMessage? message)
    {
        try
        {
            return _decoder.TryRead(out message);
        }
        catch (EventStreamFormatException ex)
        {
            throw Corrupt(ex);
        }
    }

    private async ValueTask<int> ReadChunkAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        CancellationTokenSource? idle = null;
        CancellationToken token = cancellationToken;
        if (_idleTimeout != Timeout.InfiniteTimeSpan)
        {
            idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(_idleTimeout);
            token = idle.Token;
        }

        try
        {
            return await stream.ReadAsync(buffer.AsMemory(0, ChunkSize), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && idle is { IsCancellationRequested: true })
        {
            // Before the first message this ends the attempt, which is retried; afterwards the call ends.
            throw BedrockErrors.Timeout(_operation, "no stream data arrived within BedrockRuntimeOptions.AttemptTimeout", _idleTimeout, retryable: _messagesRead == 0, ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // The read saw the linked idle-timeout token; report the token the caller gave.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            if (_messagesRead == 0)
            {
                throw EndedEarly($"the connection broke before the first event arrived ({ex.GetType().Name}: {BedrockErrors.Redact(ex.Message)})", ex);
            }

            throw new BedrockException(
                $"Bedrock {_operation} failed: the connection broke while the event stream was being read ({ex.GetType().Name}: {BedrockErrors.Redact(ex.Message)}); the call is not retried once the first event has been delivered{RequestIdSuffix()}", ex)
            {
                Kind = BedrockErrorKind.Network,
                RequestId = _requestId,
                IsRetryable = true,
            };
        }
        finally
        {
            idle?.Dispose();
        }
    }

    private BedrockException EndedEarly(string what, Exception? inner) =>
        new($"Bedrock {_operation} failed: {what}{RequestIdSuffix()}", inner)
        {
            Kind = BedrockErrorKind.Network,
            RequestId = _requestId,
            IsRetryable = true,
        };

    private BedrockException Corrupt(EventStreamFormatException ex) =>
        BedrockErrors.InvalidResponse(_operation, "the event stream is corrupt (" + ex.Message + ")", ex, _requestId);

    private string RequestIdSuffix() => _requestId is null ? "." : $" (request id {_requestId}).";

    /// <summary>A stream whose first message has been read: the reader (positioned after it), the message and the request
    /// id.</summary>
    /// <param name="Reader">The reader.</param>
    /// <param name="First">The first message, an <c>event</c>.</param>
    /// <param name="RequestId">The <c>x-amzn-RequestId</c> of the response.</param>
    internal sealed record Start(BedrockEventStreamReader Reader, EventStreamMessage First, string? RequestId);
}
