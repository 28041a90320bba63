using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// Best-effort <c>fsync</c> of a directory on Unix, so that a rename into it (the last step of a crash-safe save) is itself
/// durable: POSIX makes a rename durable only once the directory's own entry table is flushed.
/// </summary>
/// <remarks>
/// .NET has no API to flush a directory, so this opens it read-only with libc's <c>open</c> and calls <c>fsync</c>. On
/// Windows it does nothing (NTFS journals the rename's metadata; a directory cannot be flushed through a file handle
/// there). Any failure — a file system that refuses to sync directories, a missing libc export — is swallowed: the
/// file itself was already flushed before the rename, so the save stays correct, only the rename's durability across a
/// power cut is not guaranteed on such systems.
/// </remarks>
internal static partial class IndexDirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="folder"/>'s entries to disk; returns whether the flush succeeded.</summary>
    internal static bool TryFlush(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            // A null-terminated UTF-8 path, marshalled by hand (no StringMarshalling attribute data in the assembly).
            byte[] path = new byte[System.Text.Encoding.UTF8.GetByteCount(folder) + 1];
            System.Text.Encoding.UTF8.GetBytes(folder, path);
            int descriptor = Open(path, ReadOnly);
            if (descriptor < 0)
            {
                return false;
            }

            try
            {
                return Fsync(descriptor) == 0;
            }
            finally
            {
                _ = Close(descriptor);
            }
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
