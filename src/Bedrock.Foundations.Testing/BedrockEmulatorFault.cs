namespace Bedrock.Foundations.Testing;

/// <summary>The faults injected into one request (see <see cref="BedrockEmulatorFaults"/>).</summary>
[Flags]
public enum BedrockEmulatorFault
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>429 <c>ThrottlingException</c>.</summary>
    Throttling = 1,

    /// <summary>500 <c>InternalServerException</c>.</summary>
    InternalServerError = 2,

    /// <summary>503 <c>ServiceUnavailableException</c>.</summary>
    ServiceUnavailable = 4,

    /// <summary>An extra wait of <see cref="BedrockEmulatorFaults.LatencySpike"/>.</summary>
    LatencySpike = 8,

    /// <summary>The connection was aborted part-way through the response.</summary>
    DroppedConnection = 16,

    /// <summary>An in-stream exception message ended the stream.</summary>
    StreamException = 32,

    /// <summary>A stream frame was sent with a flipped payload byte.</summary>
    CorruptFrame = 64,
}
