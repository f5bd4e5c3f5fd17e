using System.Runtime.InteropServices;

namespace HftHost.Audit;

/// <summary>
/// fsync of a directory: a new file's name is durable only once its directory is synced
/// (fsync(2): syncing the file does not sync the entry naming it). .NET cannot open a
/// directory as a stream, hence open(2)/fsync(2) directly.
/// </summary>
internal static partial class DirectorySync
{
    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000; // 02000000 on x86-64 and arm64 alike

    /// <summary>Syncs the directory holding <paramref name="file"/>; false (and errno) when it cannot.</summary>
    public static bool TrySync(string file, out int errno)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        // O_RDONLY opens a directory as well as a file (O_DIRECTORY would only add a check,
        // and its value differs between architectures).
        int fd = open(directory, ORdOnly | OCloexec);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }
        int result = fsync(fd);
        errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        _ = close(fd);
        return result == 0;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
