namespace Bedrock.Foundations.Testing;

/// <summary>
/// Faults the <see cref="BedrockEmulator"/> injects, drawn from a <see cref="Random"/> seeded with <see cref="Seed"/>.
/// </summary>
/// <remarks>
/// For every authenticated request the emulator draws exactly seven numbers in a fixed order (throttling,
/// server error, 500-or-503, latency spike, dropped connection, stream exception, corrupt frame), whatever their outcome, so the
/// same seed and the same sequence of requests give the same faults. A throttling draw wins over a server
/// error; a stream fault applies to ConverseStream only.
/// <para>The draws follow the order in which requests <b>arrive</b> (are authenticated), so faults are reproducible for
/// requests sent one after another only. Concurrent requests (parallel calls, or a retry racing another call) take the
/// draws in whatever order the scheduler lets them in, so which request gets which fault can change between runs, even
/// though the sequence of drawn faults does not. Tests that count faults per request should send sequentially.</para>
/// <para>Read once when the emulator starts; the faults of <see cref="BedrockEmulator.Options"/> are a read-only copy
/// (setters throw <see cref="InvalidOperationException"/>).</para>
/// </remarks>
public sealed class BedrockEmulatorFaults
{
    private bool _frozen;

    /// <summary>Gets or sets the seed of the fault generator. The default is 0.</summary>
    public int Seed { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>Gets or sets the probability that a request fails with 429 <c>ThrottlingException</c>. The default is 0.</summary>
    public double ThrottlingRate { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets the probability that a request fails with a server error, 500 <c>InternalServerException</c> or
    /// 503 <c>ServiceUnavailableException</c> with equal odds. The default is 0.
    /// </summary>
    public double ServerErrorRate { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>Gets or sets the probability that a request waits <see cref="LatencySpike"/> longer. The default is 0.</summary>
    public double LatencySpikeRate { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets the extra wait of a latency spike. It is not scaled by <see cref="BedrockEmulatorOptions.LatencyScale"/>.
    /// The default is 500 ms.
    /// </summary>
    public TimeSpan LatencySpike { get; set { ThrowIfFrozen(); field = value; } } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets the probability that the connection is aborted after the response headers and part of the body
    /// (for a stream: after <see cref="StreamFaultAfterEvents"/> events), 50 ms after those bytes were flushed so they
    /// reach the client first. The default is 0.
    /// </summary>
    public double DroppedConnectionRate { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets the probability that a ConverseStream response carries an exception message
    /// (<c>:message-type exception</c>, <c>:exception-type</c> <see cref="StreamExceptionType"/>) after
    /// <see cref="StreamFaultAfterEvents"/> events and then ends. The default is 0.
    /// </summary>
    public double StreamExceptionRate { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets the exception type of an in-stream exception. The default is <c>modelStreamErrorException</c>.
    /// </summary>
    public string StreamExceptionType { get; set { ThrowIfFrozen(); field = value; } } = "modelStreamErrorException";

    /// <summary>
    /// Gets or sets the probability that one ConverseStream event (the one after <see cref="StreamFaultAfterEvents"/>
    /// events) has a byte of its payload flipped, so its message CRC does not match. The default is 0.
    /// </summary>
    public double CorruptFrameRate { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>Gets or sets how many stream events are sent intact before a stream fault. The default is 2.</summary>
    public int StreamFaultAfterEvents { get; set { ThrowIfFrozen(); field = value; } } = 2;

    /// <summary>A frozen copy (the emulator's snapshot at start).</summary>
    internal BedrockEmulatorFaults Snapshot()
    {
        BedrockEmulatorFaults copy = new()
        {
            Seed = Seed,
            ThrottlingRate = ThrottlingRate,
            ServerErrorRate = ServerErrorRate,
            LatencySpikeRate = LatencySpikeRate,
            LatencySpike = LatencySpike,
            DroppedConnectionRate = DroppedConnectionRate,
            StreamExceptionRate = StreamExceptionRate,
            StreamExceptionType = StreamExceptionType,
            CorruptFrameRate = CorruptFrameRate,
            StreamFaultAfterEvents = StreamFaultAfterEvents,
        };
        copy._frozen = true;
        return copy;
    }

    private void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException("These are the options of a running BedrockEmulator, read once at start; they cannot be changed. Start another emulator with other options.");
        }
    }
}
