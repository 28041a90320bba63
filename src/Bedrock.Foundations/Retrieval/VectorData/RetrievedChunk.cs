namespace Bedrock.Foundations.Retrieval;

/// <summary>One search result of a <see cref="Retriever{TRecord}"/>: a chunk of a source document and its score.</summary>
/// <param name="Key">The record's key, as text.</param>
/// <param name="Text">The chunk's text.</param>
/// <param name="Source">Where the chunk comes from (for <see cref="DocumentChunkRecord"/>, the file's relative path).</param>
/// <param name="Start">The chunk's offset in its source, in UTF-16 characters (0 when the record does not say).</param>
/// <param name="Length">The chunk's length in UTF-16 characters.</param>
/// <param name="Headings">The headings the chunk sits under, outermost first; empty when there are none.</param>
/// <param name="Score">The store's score for the chunk (for cosine similarity, higher is better); NaN when the store reports none.</param>
public sealed record RetrievedChunk(
    string Key,
    string Text,
    string Source,
    int Start,
    int Length,
    IReadOnlyList<string> Headings,
    double Score);
