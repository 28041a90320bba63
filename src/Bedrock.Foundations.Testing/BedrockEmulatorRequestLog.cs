namespace Bedrock.Foundations.Testing;

/// <summary>
/// The requests a <see cref="BedrockEmulator"/> received, in arrival order, so tests can count attempts.
/// Thread-safe.
/// </summary>
public sealed class BedrockEmulatorRequestLog
{
    private readonly List<EmulatedRequest> _requests = [];
    private readonly Lock _lock = new();

    /// <summary>Gets the number of requests received.</summary>
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

    /// <summary>Gets the last request received, or <see langword="null"/> when there was none.</summary>
    public EmulatedRequest? Last
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count == 0 ? null : _requests[^1];
            }
        }
    }

    /// <summary>Counts the requests received for one operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The number of requests whose path mapped to <paramref name="operation"/>.</returns>
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
    /// <returns>The requests received so far, oldest first.</returns>
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
        }
    }

    internal void Add(EmulatedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }
}
