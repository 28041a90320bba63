namespace Bedrock.Foundations.Testing;

/// <summary>A document of the emulator's in-memory knowledge base, returned by Retrieve.</summary>
public sealed class EmulatedDocument
{
    /// <summary>Initializes a new instance of the <see cref="EmulatedDocument"/> class.</summary>
    /// <param name="id">The document id (returned as <c>documentId</c> and as the custom location id).</param>
    /// <param name="text">The document text.</param>
    /// <param name="metadata">Optional metadata returned with each result.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public EmulatedDocument(string id, string text, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        Text = text;
        Metadata = metadata ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Gets the document id.</summary>
    public string Id { get; }

    /// <summary>Gets the document text.</summary>
    public string Text { get; }

    /// <summary>Gets the metadata (string values).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
