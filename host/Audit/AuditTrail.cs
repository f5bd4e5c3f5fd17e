using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using HftHost.MoldUdp64;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Audit;

/// <summary>
/// The tamper-evident audit trail of a run: an append-only, hash-chained file of JSON lines
/// (<see cref="AuditRecordFormat"/>), rotated by size with the chain carried across files.
/// Threading: <see cref="Append"/> from any thread, never blocking on I/O: records go into a
/// bounded queue that one writer thread drains; it flushes and fsyncs every
/// <see cref="AuditSettings.FlushInterval"/>. <see cref="Dispose"/> writes what is queued,
/// a closing record, and fsyncs.
/// </summary>
internal sealed class AuditTrail : IDisposable
{
    private readonly AuditSettings _settings;
    private readonly ILogger _logger;
    private readonly AuditQueue _queue;
    private readonly Thread _writer;
    private readonly ManualResetEventSlim _wake = new();
    private readonly ManualResetEventSlim _hold = new(initialState: true);
    private readonly long _wakeAt;
    private readonly AuditLock _lock;
    private FileStream _file;
    private int _fileIndex;
    private ulong _sequence;
    private string _lastHash;
    private long _appended;
    private long _lost;
    private long _lostReported;
    private long _written;
    private bool _unsynced;
    private volatile bool _closing;
    private volatile string? _failure;

    private AuditTrail(AuditSettings settings, ILogger logger, AuditLock writerLock, AuditResume resume)
    {
        _settings = settings;
        _logger = logger;
        _lock = writerLock;
        _queue = new AuditQueue((int)BitOperations.RoundUpToPowerOf2((uint)settings.QueueCapacity));
        _wakeAt = _queue.Capacity / 2;
        _fileIndex = resume.FileIndex;
        _sequence = resume.LastSequence;
        _lastHash = resume.LastHash;
        _file = OpenForAppend(resume.FilePath);
        _writer = new Thread(WriteLoop) { Name = "hft-audit-writer", IsBackground = true };
    }

    /// <summary>The trail's first file.</summary>
    public string Path => _settings.Path;

    /// <summary>Records accepted by <see cref="Append"/> (and the host's own records).</summary>
    public long Appended => Volatile.Read(ref _appended);

    /// <summary>Records refused because the queue was full (each counted in an <c>audit.lost</c> record).</summary>
    public long Lost => Volatile.Read(ref _lost);

    /// <summary>Records written to the file (the host's own included).</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Why the writer stopped writing (an I/O error), or null.</summary>
    public string? Failure => _failure;

    /// <summary>
    /// Opens (or continues) the trail at <see cref="AuditSettings.Path"/> and starts its writer.
    /// An existing trail is continued from its last record, in the same chain.
    /// </summary>
    /// <exception cref="AuditException">A bad setting, a trail that cannot be continued, an I/O error.</exception>
    public static AuditTrail Open(AuditSettings settings, ILogger? logger = null) => Open(settings, logger, startWriter: true);

    /// <summary>Tests: the writer holds off until <see cref="ResumeWriter"/> (to fill the queue on purpose).</summary>
    internal static AuditTrail OpenHeld(AuditSettings settings)
    {
        AuditTrail trail = Open(settings, null, startWriter: false);
        trail._hold.Reset();
        trail._writer.Start();
        return trail;
    }

    internal void ResumeWriter() => _hold.Set();

    private static AuditTrail Open(AuditSettings settings, ILogger? logger, bool startWriter)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate() is { } problem)
        {
            throw new AuditException(problem);
        }
        AuditResume resume;
        AuditTrail trail;
        try
        {
            string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(settings.Path))!;
            if (!Directory.Exists(directory))
            {
                throw new AuditException($"audit file '{settings.Path}': no such directory '{directory}'");
            }
            if (Directory.Exists(settings.Path))
            {
                throw new AuditException($"audit file '{settings.Path}' is a directory");
            }
            // Taken before anything is read: what looks like a torn tail may be another
            // writer's record in progress.
            AuditLock writerLock = AuditLock.Take(settings.Path);
            try
            {
                resume = AuditResume.Find(settings.Path);
                trail = new AuditTrail(settings, logger ?? NullLogger.Instance, writerLock, resume);
            }
            catch
            {
                writerLock.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditException($"audit file '{settings.Path}': {ex.Message}", ex);
        }
        trail.Append(AuditCategory.Open, string.Create(
            CultureInfo.InvariantCulture,
            $"hfthost (pid {Environment.ProcessId}) opened the trail at {System.IO.Path.GetFileName(resume.FilePath)}; " +
            $"fsync every {settings.FlushInterval.TotalMilliseconds:0.###} ms, rotation at {settings.RotateBytes} bytes"));
        if (resume.TornBytes > 0)
        {
            trail.Append(AuditCategory.Recovered, string.Create(
                CultureInfo.InvariantCulture,
                $"cut {resume.TornBytes} bytes of an unfinished record after record {resume.TornAfter} in {System.IO.Path.GetFileName(resume.FilePath)} (the previous writer stopped in the middle of a write)"));
        }
        if (startWriter)
        {
            trail._writer.Start();
        }
        return trail;
    }

    /// <summary>
    /// Queues a record. Any thread; never waits for the disk. When the queue is full the
    /// record is counted as lost, and the count is written as a record of its own
    /// (<c>audit.lost</c>) as soon as the writer has room. After <see cref="Dispose"/> the
    /// record is counted as lost.
    /// </summary>
    /// <param name="category">Lower-case letters, digits, '.', '_' and '-' (see <see cref="AuditCategory"/>).</param>
    /// <param name="detail">What happened, for a person (cut at 8 KiB characters).</param>
    /// <exception cref="ArgumentException">The category is not a valid category name.</exception>
    public void Append(string category, string detail)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(detail);
        if (!AuditCategory.IsValid(category))
        {
            throw new ArgumentException($"audit category '{category}' must be 1-64 of a-z, 0-9, '.', '_', '-'", nameof(category));
        }
        Enqueue(new PendingRecord(DateTime.UtcNow.Ticks, category, detail));
    }

    /// <summary>
    /// A MoldUDP64 gap (or its recovery), from the poll thread that saw it: enqueues the
    /// event's numbers, allocates nothing; the writer thread makes the text.
    /// </summary>
    internal void AppendFeedEvent(in MoldSessionEvent evt, int queue) =>
        Enqueue(new PendingRecord(
            DateTime.UtcNow.Ticks, evt.Kind == MoldSessionEventKind.Gap ? AuditCategory.FeedGap : AuditCategory.FeedGapRecovered, null, evt, queue));

    /// <summary>A run started from <paramref name="configPath"/>: records its full path and SHA-256.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public void RecordConfig(string configPath)
    {
        string full = System.IO.Path.GetFullPath(configPath);
        byte[] hash;
        using (FileStream stream = File.OpenRead(full))
        {
            hash = SHA256.HashData(stream);
        }
        Append(AuditCategory.ConfigChange, $"run started with config {full} sha256={Convert.ToHexStringLower(hash)}");
    }

    public void Dispose()
    {
        if (_closing)
        {
            return;
        }
        _closing = true;
        _hold.Set();
        _wake.Set();
        if (_writer.IsAlive)
        {
            _writer.Join();
        }
        else
        {
            _file.Dispose(); // never started
        }
        _lock.Dispose();
        _wake.Dispose();
        _hold.Dispose();
    }

    private void Enqueue(in PendingRecord record)
    {
        if (_closing || !_queue.TryEnqueue(record))
        {
            Interlocked.Increment(ref _lost);
            return;
        }
        Interlocked.Increment(ref _appended);
        // A burst: wake the writer early rather than lose records (the only time a producer
        // touches the event; it is not a wait).
        if (_queue.Count == _wakeAt)
        {
            _wake.Set();
        }
    }

    private void WriteLoop()
    {
        _hold.Wait();
        long nextSync = Stopwatch.GetTimestamp() + Ticks(_settings.FlushInterval);
        while (true)
        {
            bool closing = _closing;
            WriteQueued();
            if (closing)
            {
                break;
            }
            long wait = nextSync - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                _wake.Wait(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                _wake.Reset();
            }
            if (Stopwatch.GetTimestamp() >= nextSync)
            {
                Sync();
                nextSync = Stopwatch.GetTimestamp() + Ticks(_settings.FlushInterval);
            }
        }
        long lost = Volatile.Read(ref _lost);
        Write(AuditCategory.Close, string.Create(
            CultureInfo.InvariantCulture,
            $"closed cleanly; this run appended {Volatile.Read(ref _appended)} records and lost {lost}"));
        Sync();
        _file.Dispose();
    }

    // Appends are refused only while the queue is full, so every record queued at that
    // moment came before them: the loss is recorded after at most one queue's worth.
    private void WriteQueued()
    {
        bool more = true;
        while (more)
        {
            more = false;
            for (int i = 0; i < _queue.Capacity; i++)
            {
                if (!_queue.TryDequeue(out PendingRecord record))
                {
                    break;
                }
                Write(record.Category, record.Detail ?? DescribeFeedEvent(record), record.UtcTicks);
                more = i == _queue.Capacity - 1;
            }
            WriteLost();
        }
    }

    private void WriteLost()
    {
        long lost = Volatile.Read(ref _lost);
        if (lost != _lostReported && _failure is null)
        {
            long newly = lost - _lostReported;
            _lostReported = lost;
            Write(AuditCategory.Lost, string.Create(
                CultureInfo.InvariantCulture,
                $"{newly} records lost: the queue ({_queue.Capacity} records) was full; {lost} lost in this run"));
        }
    }

    private static string DescribeFeedEvent(in PendingRecord record) => string.Create(
        CultureInfo.InvariantCulture,
        $"session={record.Gap.Session} first={record.Gap.First} count={record.Gap.Count} queue={record.Queue} rx_ns={record.Gap.RxTimestampNs}");

    private void Write(string category, string detail, long utcTicks = 0)
    {
        if (_failure is not null)
        {
            Interlocked.Increment(ref _lost); // counted, and reported by Failure and the log
            return;
        }
        try
        {
            ulong sequence = _sequence + 1;
            var time = new DateTime(utcTicks == 0 ? DateTime.UtcNow.Ticks : utcTicks, DateTimeKind.Utc);
            (byte[] line, string hash) = AuditRecordFormat.Format(sequence, time, category, detail, _lastHash);
            _file.Write(line);
            _sequence = sequence;
            _lastHash = hash;
            _unsynced = true;
            Interlocked.Increment(ref _written);
            if (_file.Length >= _settings.RotateBytes && category != AuditCategory.Close)
            {
                Rotate();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The disk is full or gone: the run goes on (an audit trail must not take the
            // data plane down), every later record is counted as lost, and the log says why.
            _failure = $"{_file.Name}: {ex.Message}";
            Interlocked.Increment(ref _lost);
            _logger.AuditWriteFailed(ex, _file.Name, "write");
        }
    }

    // The next file opens with a record that names the file and record it continues, so
    // verify can follow the chain and notice a file gone from the middle.
    private void Rotate()
    {
        string previous = System.IO.Path.GetFileName(_file.Name);
        ulong after = _sequence;
        Sync();
        _file.Dispose();
        _fileIndex++;
        _file = OpenForAppend(AuditFileSet.PathOf(_settings.Path, _fileIndex));
        Write(AuditCategory.Continued, string.Create(CultureInfo.InvariantCulture, $"continues {previous} after record {after}"));
    }

    private void Sync()
    {
        if (_unsynced && _failure is null)
        {
            try
            {
                _file.Flush(flushToDisk: true);
                _unsynced = false;
            }
            catch (IOException ex)
            {
                _failure = $"{_file.Name}: {ex.Message}";
                _logger.AuditWriteFailed(ex, _file.Name, "fsync");
            }
        }
    }

    // Readers (verify, tail -f) may open the file while it is written (other writers are
    // kept out by the lock). A new file's name is synced too, or a power cut could lose
    // the whole file however often it was fsync'ed.
    private FileStream OpenForAppend(string path)
    {
        bool created = !File.Exists(path);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        if (created && !DirectorySync.TrySync(path, out int errno))
        {
            _logger.AuditDirectoryNotSynced(path, errno);
        }
        return stream;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
