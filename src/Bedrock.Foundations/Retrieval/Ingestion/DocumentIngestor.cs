using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Reads a folder of text files (<c>.md</c> and <c>.txt</c> by default), cuts each into chunks with a
/// <see cref="TextChunker"/>, embeds the chunks in batches with any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>,
/// and upserts them as <see cref="DocumentChunkRecord"/>s into any Microsoft.Extensions.VectorData collection.
/// </summary>
/// <remarks>
/// <para>
/// Re-ingesting is incremental. Chunk keys are deterministic (<see cref="DocumentChunkRecord.CreateKey"/>: the file's
/// path relative to the folder, '#', the chunk index), and every chunk carries a fingerprint of the file's bytes and of
/// the chunking and embedding settings. A file whose fingerprint matches the one stored on its chunk 0 is skipped; a
/// changed file's chunks are replaced (new ones upserted, surplus old ones deleted) and no other file's chunks are
/// touched; with <see cref="DocumentIngestionOptions.RemoveMissingFiles"/> the chunks of files that are gone are
/// deleted. Only key lookups, upserts, deletes and one filtered, ordered listing are used, so any store works.
/// </para>
/// <para>
/// Files are read as text (UTF-8 unless a byte-order mark says otherwise); chunk offsets are UTF-16 character offsets
/// into that text, so <c>text.Substring(record.Start, record.Length) == record.Text</c>. A changed file's stale chunks
/// are deleted first and its chunk 0 (which holds the fingerprint) is written last, so a crash or cancellation midway
/// leaves the file to be re-ingested next time rather than marked current.
/// </para>
/// <para>
/// Thread safety: one ingestion at a time per instance and collection; concurrent ingestions of the same folder into
/// the same collection race. Searches may run during an ingestion.
/// </para>
/// </remarks>
public sealed class DocumentIngestor
{
    /// <summary>The version of the fingerprint's inputs; a change re-ingests every file.</summary>
    private const string FingerprintVersion = "bedrock-foundations-chunks-1";

    /// <summary>How many chunk-0 records one page of the listing of stored sources holds.</summary>
    private const int ListingPageSize = 1000;

    private readonly VectorStoreCollection<string, DocumentChunkRecord> _collection;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddingGenerator;
    private readonly TextChunker _chunker;
    private readonly string[] _searchPatterns;
    private readonly bool _recursive;
    private readonly int _batchSize;
    private readonly bool _removeMissingFiles;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an ingestor that writes into <paramref name="collection"/>.</summary>
    /// <param name="collection">The collection of chunk records (created with <see cref="DocumentChunkRecord.CreateDefinition"/> and the generator's dimension); not null.</param>
    /// <param name="embeddingGenerator">Embeds the chunks; not null.</param>
    /// <param name="options">The file patterns, batch size, chunker and clock; null for the defaults. Read once, here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="collection"/> or <paramref name="embeddingGenerator"/> is null.</exception>
    /// <exception cref="ArgumentException">The options have no search pattern, or a null or empty one (parameter <c>options</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' batch size is not 1 to <see cref="DocumentIngestionOptions.MaxEmbeddingBatchSize"/> (parameter <c>options</c>).</exception>
    public DocumentIngestor(
        VectorStoreCollection<string, DocumentChunkRecord> collection,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
        DocumentIngestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(embeddingGenerator);
        options ??= new DocumentIngestionOptions();
        if (options.EmbeddingBatchSize is < 1 or > DocumentIngestionOptions.MaxEmbeddingBatchSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.EmbeddingBatchSize,
                string.Create(CultureInfo.InvariantCulture, $"DocumentIngestionOptions.EmbeddingBatchSize is {options.EmbeddingBatchSize}; it must be 1 to {DocumentIngestionOptions.MaxEmbeddingBatchSize}."));
        }

        if (options.SearchPatterns is not { Count: > 0 } patterns || patterns.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException(
                "DocumentIngestionOptions.SearchPatterns must hold at least one pattern (such as \"*.md\"), and none null or empty.",
                nameof(options));
        }

        _collection = collection;
        _embeddingGenerator = embeddingGenerator;
        _chunker = options.Chunker ?? new TextChunker();
        _searchPatterns = [.. patterns];
        _recursive = options.Recursive;
        _batchSize = options.EmbeddingBatchSize;
        _removeMissingFiles = options.RemoveMissingFiles;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Ingests the files of <paramref name="folder"/>: new and changed files are (re-)chunked, embedded and upserted;
    /// unchanged ones skipped. The collection is created first if it does not exist. Files go in ordinal order of their
    /// relative paths; an empty file has no chunks and is read again by every ingestion.
    /// </summary>
    /// <param name="folder">The folder to read; it must exist.</param>
    /// <param name="progress">Receives a report before the first file and after each file, called synchronously and in order (a <see cref="Progress{T}"/> posts them to its synchronization context); null for none.</param>
    /// <param name="cancellationToken">Cancels the ingestion between and inside files; files already finished stay ingested.</param>
    /// <returns>What was ingested, skipped and removed.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null, empty or white space.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    /// <exception cref="InvalidOperationException">The embedding generator returned a different number of embeddings than it was given texts.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<IngestionResult> IngestFolderAsync(
        string folder,
        IProgress<IngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The folder to ingest, '{root}', does not exist.");
        }

        long started = _timeProvider.GetTimestamp();
        SortedDictionary<string, string> files = FindFiles(root);
        string settings = SettingsFingerprint();
        var state = new RunState(files.Count);
        progress?.Report(state.Progress(null));

        await _collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach ((string source, string path) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await IngestFileAsync(source, path, settings, state, cancellationToken).ConfigureAwait(false);
            state.FilesDone++;
            progress?.Report(state.Progress(source));
        }

        if (_removeMissingFiles)
        {
            await RemoveMissingAsync(files, state, cancellationToken).ConfigureAwait(false);
        }

        return new IngestionResult(
            state.FilesDone - state.FilesSkipped,
            state.FilesSkipped,
            state.FilesRemoved,
            state.ChunksWritten,
            state.ChunksDeleted,
            state.EmbeddingsGenerated,
            _timeProvider.GetElapsedTime(started));
    }

    private static string Hex(UInt128 hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return Convert.ToHexStringLower(bytes);
    }

    private static string DecodeText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The files to ingest by source (relative path, '/' separators), sorted ordinally.</summary>
    private SortedDictionary<string, string> FindFiles(string root)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = _recursive,
            MatchCasing = MatchCasing.CaseInsensitive,
            IgnoreInaccessible = true,
        };
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string pattern in _searchPatterns)
        {
            foreach (string path in Directory.EnumerateFiles(root, pattern, enumeration))
            {
                string source = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                files.TryAdd(source, path);
            }
        }

        return files;
    }

    /// <summary>The fingerprint of what, besides a file's bytes, decides its chunks: the chunker and the embedding model.</summary>
    private string SettingsFingerprint()
    {
        var metadata = _embeddingGenerator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{FingerprintVersion}|{_chunker.MaxTokensPerChunk}|{_chunker.OverlapTokens}|{_chunker.Tokenizer.GetType().FullName}|{metadata?.ProviderName}|{metadata?.DefaultModelId}|{metadata?.DefaultModelDimensions}");
    }

    private async Task IngestFileAsync(string source, string path, string settings, RunState state, CancellationToken cancellationToken)
    {
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var hasher = new XxHash128();
        hasher.Append(Encoding.UTF8.GetBytes(settings));
        hasher.Append(bytes);
        string fingerprint = Hex(hasher.GetCurrentHashAsUInt128());

        string firstKey = DocumentChunkRecord.CreateKey(source, 0);
        DocumentChunkRecord? stored = await _collection.GetAsync(firstKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (stored is not null && string.Equals(stored.ContentHash, fingerprint, StringComparison.Ordinal))
        {
            state.FilesSkipped++;
            return;
        }

        string text = DecodeText(bytes);
        IReadOnlyList<TextChunk> chunks = _chunker.Chunk(text);
        var records = new DocumentChunkRecord[chunks.Count];
        for (int start = 0; start < chunks.Count; start += _batchSize)
        {
            int count = Math.Min(_batchSize, chunks.Count - start);
            var inputs = new string[count];
            for (int i = 0; i < count; i++)
            {
                inputs[i] = chunks[start + i].Text;
            }

            long before = _timeProvider.GetTimestamp();
            GeneratedEmbeddings<Embedding<float>> embeddings = await _embeddingGenerator
                .GenerateAsync(inputs, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            state.EmbeddingTime += _timeProvider.GetElapsedTime(before);
            if (embeddings.Count != count)
            {
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"The embedding generator returned {embeddings.Count} embeddings for {count} texts (file '{source}')."));
            }

            state.EmbeddingsGenerated += count;
            for (int i = 0; i < count; i++)
            {
                TextChunk chunk = chunks[start + i];
                records[start + i] = new DocumentChunkRecord
                {
                    Key = DocumentChunkRecord.CreateKey(source, start + i),
                    Source = source,
                    ChunkIndex = start + i,
                    ChunkCount = chunks.Count,
                    Text = chunk.Text,
                    Start = chunk.Start,
                    Length = chunk.Length,
                    Headings = [.. chunk.Headings],
                    ContentHash = fingerprint,
                    Vector = embeddings[i].Vector,
                };
            }
        }

        // Stale chunks go first and chunk 0, which carries the fingerprint, last (see the remarks).
        int oldCount = stored?.ChunkCount ?? 0;
        if (oldCount > chunks.Count)
        {
            var staleKeys = new List<string>(oldCount - chunks.Count);
            for (int i = oldCount - 1; i >= chunks.Count; i--)
            {
                staleKeys.Add(DocumentChunkRecord.CreateKey(source, i));
            }

            await _collection.DeleteAsync(staleKeys, cancellationToken).ConfigureAwait(false);
            state.ChunksDeleted += staleKeys.Count;
        }

        if (records.Length > 1)
        {
            await _collection.UpsertAsync(records.Skip(1), cancellationToken).ConfigureAwait(false);
        }

        if (records.Length > 0)
        {
            await _collection.UpsertAsync(records[0], cancellationToken).ConfigureAwait(false);
        }

        state.ChunksWritten += records.Length;
    }

    private async Task RemoveMissingAsync(SortedDictionary<string, string> files, RunState state, CancellationToken cancellationToken)
    {
        var firstChunks = new FilteredRecordRetrievalOptions<DocumentChunkRecord>
        {
            OrderBy = order => order.Ascending(record => record.Key),
        };
        var missing = new List<DocumentChunkRecord>();
        for (int page = 0; ; page++)
        {
            firstChunks.Skip = page * ListingPageSize;
            int seen = 0;
            await foreach (DocumentChunkRecord record in _collection
                .GetAsync(record => record.ChunkIndex == 0, ListingPageSize, firstChunks, cancellationToken)
                .ConfigureAwait(false))
            {
                seen++;
                if (!files.ContainsKey(record.Source))
                {
                    missing.Add(record);
                }
            }

            if (seen < ListingPageSize)
            {
                break;
            }
        }

        foreach (DocumentChunkRecord record in missing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var keys = new string[Math.Max(1, record.ChunkCount)];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = DocumentChunkRecord.CreateKey(record.Source, i);
            }

            // Chunk 0 last, so an interrupted removal is found and finished by the next run.
            Array.Reverse(keys);
            await _collection.DeleteAsync(keys, cancellationToken).ConfigureAwait(false);
            state.FilesRemoved++;
            state.ChunksDeleted += keys.Length;
        }
    }

    /// <summary>The counters of one ingestion.</summary>
    private sealed class RunState(int filesTotal)
    {
        internal int FilesTotal { get; } = filesTotal;

        internal int FilesDone { get; set; }

        internal int FilesSkipped { get; set; }

        internal int FilesRemoved { get; set; }

        internal int ChunksWritten { get; set; }

        internal int ChunksDeleted { get; set; }

        internal int EmbeddingsGenerated { get; set; }

        internal TimeSpan EmbeddingTime { get; set; }

        internal IngestionProgress Progress(string? currentFile) => new(
            currentFile,
            FilesTotal,
            FilesDone,
            FilesSkipped,
            ChunksWritten,
            EmbeddingsGenerated,
            EmbeddingTime > TimeSpan.Zero ? EmbeddingsGenerated / EmbeddingTime.TotalSeconds : 0d);
    }
}
