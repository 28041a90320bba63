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

    public BedrockEventStreamReader(HttpResponseMessage response, string operation, string? requestId, TimeSpan idleTimeout)
    {
        _response = response;
        _operation = operation;
        _requestId = requestId;
        _idleTimeout = idleTimeout;
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
                    throw Corrupt(ex);
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
            throw BedrockErrors.Timeout(_operation, "no stream data arrived within BedrockRuntimeOptions.AttemptTimeout", _idleTimeout, retryable: false, ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // Cancelled through the idle-timeout source linked to the caller's token: report the caller's token.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new BedrockException(
                $"Bedrock {_operation} failed: the connection broke while the event stream was being read ({ex.GetType().Name}: {ex.Message}); the call is not retried once the stream has begun{RequestIdSuffix()}", ex)
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

    private BedrockException Corrupt(EventStreamFormatException ex) =>
        BedrockErrors.InvalidResponse(_operation, "the event stream is corrupt (" + ex.Message + ")", ex, _requestId);

    private string RequestIdSuffix() => _requestId is null ? "." : $" (request id {_requestId}).";
}
