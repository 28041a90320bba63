namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// The retry quota of the AWS "standard" retry mode: a token bucket shared by all calls of one client. A retry takes
/// <see cref="RetryCost"/> tokens (<see cref="TimeoutRetryCost"/> after a timeout); when the bucket cannot pay, the error
/// surfaces instead of being retried. A success without a retry returns <see cref="SuccessRefund"/> token; a success after
/// retries returns what its last retry cost. Thread-safe.
/// </summary>
internal sealed class RetryQuota
{
    /// <summary>The bucket's capacity and initial content.</summary>
    public const int Capacity = 500;

    /// <summary>The cost of a retry.</summary>
    public const int RetryCost = 5;

    /// <summary>The cost of a retry after a timeout.</summary>
    public const int TimeoutRetryCost = 10;

    /// <summary>What a success without a retry returns.</summary>
    public const int SuccessRefund = 1;

    private readonly Lock _lock = new();
    private int _available;

    /// <summary>Creates a full bucket of <paramref name="capacity"/> tokens.</summary>
    public RetryQuota(int capacity = Capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        MaxCapacity = capacity;
        _available = capacity;
    }

    /// <summary>The capacity.</summary>
    public int MaxCapacity { get; }

    /// <summary>The tokens in the bucket now.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> tokens if the bucket holds them.</summary>
    /// <returns>Whether the retry may go ahead.</returns>
    public bool TryAcquire(int cost)
    {
        lock (_lock)
        {
            if (_available < cost)
            {
                return false;
            }

            _available -= cost;
            return true;
        }
    }

    /// <summary>Returns <paramref name="amount"/> tokens, up to the capacity.</summary>
    public void Release(int amount)
    {
        lock (_lock)
        {
            _available = Math.Min(MaxCapacity, _available + amount);
        }
    }
}
