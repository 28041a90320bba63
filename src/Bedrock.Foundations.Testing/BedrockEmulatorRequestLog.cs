namespace Bedrock.Foundations.Testing;

/// <summary>
/// The requests a <see cref="BedrockEmulator"/> received, in arrival order, so tests can count attempts. It keeps the
/// most recent <see cref="Capacity"/> requests (<see cref="BedrockEmulatorOptions.RequestLogCapacity"/>); when it is full
/// the oldest is dropped. Secrets are not kept: the recorded <c>authorization</c> and <c>x-amz-security-token</c> headers
/// are redacted (see <see cref="EmulatedRequest.Headers"/>). Thread-safe.
/// </summary>
public sealed class BedrockEmulatorRequestLog
{
    private readonly Queue<EmulatedRequest> _requests = new();
    private readonly Lock _lock = new();
    private EmulatedRequest? _last;

    /// <summary>Creates an empty log with the default capacity, <see cref="BedrockEmulatorOptions.DefaultRequestLogCapacity"/>.</summary>
    public BedrockEmulatorRequestLog()
        : this(BedrockEmulatorOptions.DefaultRequestLogCapacity)
    {
    }

    internal BedrockEmulatorRequestLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Gets the largest number of requests kept.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of requests kept (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Gets the number of requests dropped because the log was full, since the start or the last <see cref="Clear"/>.</summary>
    public long DroppedCount
    {
        get
        {
            lock (_lock)
            {
                return field;
            }
        }

        private set;
    }

    /// <summary>Gets the last request received, or <see langword="null"/> when there was none.</summary>
    public EmulatedRequest? Last
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>Counts the requests kept for one operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The number of kept requests whose path mapped to <paramref name="operation"/>.</returns>
    public int CountOf(BedrockEmulatorOperation operation)
    {
        lock (_lock)
        {
            int count = 0;
            foreach (EmulatedRequest request in _requests)
            {
                if (request.Operation == operation)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Returns a copy of the log.</summary>
    /// <returns>The requests kept, oldest first.</returns>
    public IReadOnlyList<EmulatedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    /// <summary>Forgets every request received so far.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
            _last = null;
            DroppedCount = 0;
        }
    }

    internal void Add(EmulatedRequest request)
    {
        lock (_lock)
        {
            if (_requests.Count == Capacity)
            {
                _requests.Dequeue();
                DroppedCount++;
            }

            _requests.Enqueue(request);
            _last = request;
        }
    }
}
