namespace Bedrock.Foundations.Testing;

/// <summary>
/// How one emulated model behaves: how it answers, counts tokens, embeds, and how long it takes.
/// Every member has a deterministic default.
/// </summary>
/// <remarks>Read once when the emulator starts (the emulator keeps a copy); the models of <see cref="BedrockEmulator.Options"/>
/// are read-only copies (setters throw <see cref="InvalidOperationException"/>). The functions are called from concurrent
/// requests.</remarks>
public sealed class EmulatedModel
{
    private bool _frozen;

    /// <summary>
    /// Gets or sets the answering function. When <see langword="null"/> (the default) the model answers with
    /// <see cref="ExtractiveAnswerer.Answer(EmulatedConverseCall)"/>: the sentence of the prompt that shares the most words with the
    /// question.
    /// </summary>
    public Func<EmulatedConverseCall, CancellationToken, ValueTask<string>>? Answer { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets a function that, when it returns a value, makes the model answer with that tool call
    /// (stop reason <c>tool_use</c>) instead of text. Called only when the request offers tools.
    /// </summary>
    public Func<EmulatedConverseCall, EmulatedToolUse?>? ToolUse { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets the token counter. When <see langword="null"/> (the default), <see cref="EmulatedTokenizer.CountTokens"/>:
    /// one token per run of letters or digits and one per other non-space character.
    /// </summary>
    public Func<string, int>? CountTokens { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>Gets or sets the latency profile. The default is <see cref="EmulatedLatencyProfile.Default"/>.</summary>
    public EmulatedLatencyProfile Latency { get; set { ThrowIfFrozen(); field = value; } } = EmulatedLatencyProfile.Default;

    /// <summary>
    /// Gets or sets the embedding function for InvokeModel on embedding models: (text, dimensions) → vector of
    /// length dimensions. When <see langword="null"/> (the default), <see cref="HashedEmbedding.Embed"/>.
    /// </summary>
    public Func<string, int, float[]>? Embed { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>A frozen copy (the emulator's snapshot at start).</summary>
    internal EmulatedModel Snapshot()
    {
        EmulatedModel copy = new()
        {
            Answer = Answer,
            ToolUse = ToolUse,
            CountTokens = CountTokens,
            Latency = Latency,
            Embed = Embed,
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
