namespace Bedrock.Foundations.Testing;

/// <summary>
/// Faults the <see cref="BedrockEmulator"/> injects, drawn from a <see cref="Random"/> seeded with <see cref="Seed"/>.
/// </summary>
/// <remarks>
/// For every authenticated request the emulator draws exactly seven numbers in a fixed order (throttling,
/// server error, 500-or-503, latency spike, dropped connection, stream exception, corrupt frame), each with
/// <see cref="Random.NextDouble"/> of a <c>new Random(Seed)</c>, whatever their outcome, so the
/// same seed and the same sequence of requests give the same faults. A throttling draw wins over a server
/// error; a stream fault applies to ConverseStream only.
/// </remarks>
public sealed class BedrockEmulatorFaults
{
    /// <summary>Gets or sets the seed of the fault generator. The default is 0.</summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets the probability that a request fails with 429 <c>ThrottlingException</c>. The default is 0.</summary>
    public double ThrottlingRate { get; set; }

    /// <summary>
    /// Gets or sets the probability that a request fails with a server error, 500 <c>InternalServerException</c> or
    /// 503 <c>ServiceUnavailableException</c> with equal odds. The default is 0.
    /// </summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Gets or sets the probability that a request waits <see cref="LatencySpike"/> longer. The default is 0.</summary>
    public double LatencySpikeRate { get; set; }

    /// <summary>
    /// Gets or sets the extra wait of a latency spike. It is not scaled by <see cref="BedrockEmulatorOptions.LatencyScale"/>.
    /// The default is 500 ms.
    /// </summary>
    public TimeSpan LatencySpike { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets the probability that the connection is aborted after the response headers and part of the body
    /// (for a stream: after <see cref="StreamFaultAfterEvents"/> events), 50 ms after those bytes were flushed so they
    /// reach the client first. The default is 0.
    /// </summary>
    public double DroppedConnectionRate { get; set; }

    /// <summary>
    /// Gets or sets the probability that a ConverseStream response carries an exception message
    /// (<c>:message-type exception</c>, <c>:exception-type</c> <see cref="StreamExceptionType"/>) after
    /// <see cref="StreamFaultAfterEvents"/> events and then ends. The default is 0.
    /// </summary>
    public double StreamExceptionRate { get; set; }

    /// <summary>
    /// Gets or sets the exception type of an in-stream exception. The default is <c>modelStreamErrorException</c>.
    /// </summary>
    public string StreamExceptionType { get; set; } = "modelStreamErrorException";

    /// <summary>
    /// Gets or sets the probability that one ConverseStream event (the one after <see cref="StreamFaultAfterEvents"/>
    /// events) has a byte of its payload flipped, so its message CRC does not match. The default is 0.
    /// </summary>
    public double CorruptFrameRate { get; set; }

    /// <summary>Gets or sets how many stream events are sent intact before a stream fault. The default is 2.</summary>
    public int StreamFaultAfterEvents { get; set; } = 2;
}
