using System.Globalization;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// The file and stream plumbing the persistent indexes share: argument checks, the crash-safe file save (temporary
/// file in the same folder, flush to disk, rename, then a best-effort flush of the folder) and the file load that
/// refuses trailing bytes.
/// </summary>
internal static class IndexFiles
{
    /// <summary>Throws unless <paramref name="destination"/> is a writable stream.</summary>
    internal static void CheckWritable(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(destination));
        }
    }

    /// <summary>Throws unless <paramref name="source"/> is a readable stream.</summary>
    internal static void CheckReadable(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(source));
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> crash-safely: <paramref name="write"/> fills a temporary file in the same folder,
    /// which is flushed to disk and renamed over the target; on failure the temporary file is deleted and the target is
    /// untouched. <paramref name="wrap"/> lets tests put a failing stream between the writer and the file.
    /// </summary>
    internal static async Task SaveToFileAsync(
        string path, Func<Stream, CancellationToken, ValueTask> write, Func<Stream, Stream>? wrap, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no folder.", nameof(path));
        string temporary = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                Stream target = wrap is null ? file : wrap(file);
                await write(target, cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }

        IndexDirectorySync.TryFlush(folder);
    }

    /// <summary>Reads an index from <paramref name="path"/> with <paramref name="load"/> and refuses bytes after its end.</summary>
    internal static async Task<T> LoadFromFileAsync<T>(
        string path, Func<Stream, CancellationToken, ValueTask<T>> load, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            T index = await load(stream, cancellationToken).ConfigureAwait(false);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException(
                    string.Create(CultureInfo.InvariantCulture, $"The file '{path}' has {stream.Length - stream.Position} bytes after the end of the index."));
            }

            return index;
        }
    }

    /// <summary>Removes a leftover temporary file without letting a second failure hide the first.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original exception is the one the caller needs; the temporary file's name marks it as disposable.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
