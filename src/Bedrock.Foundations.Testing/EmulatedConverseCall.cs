using System.Text.Json;

namespace Bedrock.Foundations.Testing;

/// <summary>
/// What an emulated model sees of one Converse or ConverseStream request, reduced to text.
/// </summary>
public sealed class EmulatedConverseCall
{
    internal EmulatedConverseCall(
        string modelId,
        string systemPrompt,
        string question,
        string prompt,
        IReadOnlyList<string> toolNames,
        int? maxTokens,
        JsonElement request)
    {
        ModelId = modelId;
        SystemPrompt = systemPrompt;
        Question = question;
        Prompt = prompt;
        ToolNames = toolNames;
        MaxTokens = maxTokens;
        Request = request;
    }

    /// <summary>Gets the model id from the request path, percent-decoded.</summary>
    public string ModelId { get; }

    /// <summary>Gets the text of the <c>system</c> blocks, joined by new lines (empty when there are none).</summary>
    public string SystemPrompt { get; }

    /// <summary>
    /// Gets the question: the text of the last <c>user</c> message (its <c>text</c> blocks and the text of
    /// its <c>toolResult</c> blocks, joined by new lines).
    /// </summary>
    public string Question { get; }

    /// <summary>
    /// Gets the whole prompt as text: the system text, then the text of every message in order (text blocks,
    /// text documents, tool results), joined by new lines.
    /// </summary>
    public string Prompt { get; }

    /// <summary>Gets the names of the tools offered in <c>toolConfig</c> (empty when none).</summary>
    public IReadOnlyList<string> ToolNames { get; }

    /// <summary>Gets <c>inferenceConfig.maxTokens</c>, or <see langword="null"/> when not set.</summary>
    public int? MaxTokens { get; }

    /// <summary>Gets the request body as received (valid until the request ends; clone it to keep it).</summary>
    public JsonElement Request { get; }
}
