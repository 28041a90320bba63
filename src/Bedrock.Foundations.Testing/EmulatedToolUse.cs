using System.Text.Json;

namespace Bedrock.Foundations.Testing;

/// <summary>A tool call an emulated model answers with instead of text (stop reason <c>tool_use</c>).</summary>
public sealed class EmulatedToolUse
{
    /// <summary>Initializes a new instance of the <see cref="EmulatedToolUse"/> class.</summary>
    /// <param name="name">The name of the tool to call (one of <see cref="EmulatedConverseCall.ToolNames"/>).</param>
    /// <param name="input">The tool input, a JSON object.</param>
    /// <param name="toolUseId">The id of the call; <see langword="null"/> for <c>tooluse_</c> followed by a per-emulator counter.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space, or <paramref name="input"/> is not an object.</exception>
    public EmulatedToolUse(string name, JsonElement input, string? toolUseId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A tool input must be a JSON object; it is {input.ValueKind}.", nameof(input));
        }

        Name = name;
        Input = input.Clone();
        ToolUseId = toolUseId;
    }

    /// <summary>Gets the tool name.</summary>
    public string Name { get; }

    /// <summary>Gets the tool input (a JSON object).</summary>
    public JsonElement Input { get; }

    /// <summary>Gets the tool-use id, or <see langword="null"/> to let the emulator number it.</summary>
    public string? ToolUseId { get; }
}
