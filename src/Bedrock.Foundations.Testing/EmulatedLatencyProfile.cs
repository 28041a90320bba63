namespace Bedrock.Foundations.Testing;

/// <summary>
/// The time an emulated model takes: <c>T = T0 + t_in·n_in + t_out·n_out</c>, where <c>n_in</c> and
/// <c>n_out</c> are the input and output token counts. The emulator really waits this long (times
/// <see cref="BedrockEmulatorOptions.LatencyScale"/>).
/// </summary>
public sealed class EmulatedLatencyProfile
{
    /// <summary>Initializes a new instance of the <see cref="EmulatedLatencyProfile"/> class.</summary>
    /// <param name="fixedLatency"><c>T0</c>: the time to first token that does not depend on the token counts.</param>
    /// <param name="perInputToken"><c>t_in</c>: the time per input token (prompt processing).</param>
    /// <param name="perOutputToken"><c>t_out</c>: the time per output token (generation).</param>
    /// <exception cref="ArgumentOutOfRangeException">A duration is negative.</exception>
    public EmulatedLatencyProfile(TimeSpan fixedLatency, TimeSpan perInputToken, TimeSpan perOutputToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fixedLatency, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(perInputToken, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(perOutputToken, TimeSpan.Zero);
        FixedLatency = fixedLatency;
        PerInputToken = perInputToken;
        PerOutputToken = perOutputToken;
    }

    /// <summary>
    /// Gets the default profile, roughly a small hosted model: <c>T0</c> = 300 ms, <c>t_in</c> = 0.05 ms,
    /// <c>t_out</c> = 10 ms.
    /// </summary>
    public static EmulatedLatencyProfile Default { get; } =
        new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(0.05), TimeSpan.FromMilliseconds(10));

    /// <summary>Gets a profile that takes no time at all.</summary>
    public static EmulatedLatencyProfile Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Gets <c>T0</c>, the fixed part of the latency.</summary>
    public TimeSpan FixedLatency { get; }

    /// <summary>Gets <c>t_in</c>, the time per input token.</summary>
    public TimeSpan PerInputToken { get; }

    /// <summary>Gets <c>t_out</c>, the time per output token.</summary>
    public TimeSpan PerOutputToken { get; }

    /// <summary>Computes <c>T0 + t_in·n_in</c>, the time before the first output token.</summary>
    /// <param name="inputTokens"><c>n_in</c>.</param>
    /// <returns>The time to first token, unscaled.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputTokens"/> is negative.</exception>
    public TimeSpan TimeToFirstToken(int inputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        return FixedLatency + (PerInputToken * inputTokens);
    }

    /// <summary>Computes <c>T = T0 + t_in·n_in + t_out·n_out</c>, unscaled.</summary>
    /// <param name="inputTokens"><c>n_in</c>.</param>
    /// <param name="outputTokens"><c>n_out</c>.</param>
    /// <returns>The total latency of one call.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public TimeSpan Compute(int inputTokens, int outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        return FixedLatency + (PerInputToken * inputTokens) + (PerOutputToken * outputTokens);
    }
}
