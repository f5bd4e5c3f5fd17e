namespace HftHost.Audit;

/// <summary>
/// One writer per trail: <c>{path}.lock</c> held open with an exclusive lock (.NET takes
/// flock(LOCK_EX) for <see cref="FileShare.None"/>) for as long as the trail is open. The
/// kernel drops the lock when the process dies, SIGKILL included, so a stale lock file
/// never blocks the next run. The trail files themselves stay open to readers (verify,
/// tail -f), and a second host cannot cut what it would take for a torn tail but is the
/// first host's write in progress.
/// </summary>
internal sealed class AuditLock : IDisposable
{
    private readonly FileStream _lock;

    private AuditLock(FileStream stream) => _lock = stream;

    public static AuditLock Take(string first)
    {
        string path = first + ".lock";
        try
        {
            return new AuditLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new AuditException($"audit file '{first}' is being written by another process (it holds {path})", ex);
        }
    }

    public void Dispose() => _lock.Dispose();
}
