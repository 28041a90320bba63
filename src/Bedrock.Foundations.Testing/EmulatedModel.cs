namespace Bedrock.Foundations.Testing;

/// <summary>
/// How one emulated model behaves: how it answers, counts tokens, embeds, and how long it takes.
/// Every member has a deterministic default.
/// </summary>
public sealed class EmulatedModel
{
    /// <summary>
    /// Gets or sets the answering function. When <see langword="null"/> (the default) the model answers with
    /// <see cref="ExtractiveAnswerer.Answer(EmulatedConverseCall)"/>: the sentence of the prompt that shares the most words with the
    /// question.
    /// </summary>
    public Func<EmulatedConverseCall, CancellationToken, ValueTask<string>>? Answer { get; set; }

    /// <summary>
    /// Gets or sets a function that, when it returns a value, makes the model answer with that tool call
    /// (stop reason <c>tool_use</c>) instead of text. Called only when the request offers tools.
    /// </summary>
    public Func<EmulatedConverseCall, EmulatedToolUse?>? ToolUse { get; set; }

    /// <summary>
    /// Gets or sets the token counter. When <see langword="null"/> (the default), <see cref="EmulatedTokenizer.CountTokens"/>:
    /// one token per run of letters or digits and one per other non-space character.
    /// </summary>
    public Func<string, int>? CountTokens { get; set; }

    /// <summary>Gets or sets the latency profile. The default is <see cref="EmulatedLatencyProfile.Default"/>.</summary>
    public EmulatedLatencyProfile Latency { get; set; } = EmulatedLatencyProfile.Default;

    /// <summary>
    /// Gets or sets the embedding function for InvokeModel on embedding models: (text, dimensions) → vector of
    /// length dimensions. When <see langword="null"/> (the default), <see cref="HashedEmbedding.Embed"/>.
    /// </summary>
    public Func<string, int, float[]>? Embed { get; set; }
}
