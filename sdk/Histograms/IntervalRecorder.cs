using System.Runtime.CompilerServices;

namespace HftHost.Sdk.Histograms;

/// <summary>
/// Records values on one thread and lets another take interval snapshots: everything recorded
/// between two snapshots lands in exactly one of them. The writer never blocks, never takes a
/// lock and never allocates; it pays one interlocked increment and one volatile store per value.
/// Threading: exactly one writer thread calls <see cref="RecordValue(long)"/> /
/// <see cref="RecordValue(long, long)"/>; snapshot methods may be called from any other thread
/// (they serialise among themselves). The snapshot side may spin briefly while the writer
/// finishes the one value it was recording when the buffers were swapped.
/// </summary>
public sealed class IntervalRecorder
{
    // A phase scheme in the spirit of the reference's WriterReaderPhaser, simplified for a
    // single writer: the writer announces entry with a fully-fenced increment before it reads
    // the active buffer, and exit with a release store. The reader swaps buffers with a fenced
    // exchange, then waits until the writer has exited every entry it may have made before the
    // swap; an entry after the swap is ordered after it and so sees the new buffer.
    private HdrHistogram _active;
    private HdrHistogram _inactive;
    private long _writerEntered;
    private long _writerExited;
    private readonly Lock _readerLock = new();

    /// <summary>
    /// Creates a recorder whose two internal buffers have the given layout (see <see cref="HdrHistogram"/>).
    /// Threading: construct before handing the recorder to its writer and reader threads.
    /// </summary>
    /// <param name="lowestDiscernibleValue">Smallest value told apart from 0.</param>
    /// <param name="highestTrackableValue">Largest value counted; larger ones are only counted as out of range.</param>
    /// <param name="significantDigits">Decimal digits of precision, 0 to 5.</param>
    public IntervalRecorder(long lowestDiscernibleValue, long highestTrackableValue, int significantDigits)
    {
        _active = new HdrHistogram(lowestDiscernibleValue, highestTrackableValue, significantDigits);
        _inactive = new HdrHistogram(lowestDiscernibleValue, highestTrackableValue, significantDigits);
    }

    /// <summary>Records one occurrence of <paramref name="value"/>. Threading: the single writer thread only.</summary>
    /// <param name="value">The value; out-of-range values are counted as such (see <see cref="HdrHistogram.RecordValue(long, long)"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordValue(long value) => RecordValue(value, 1);

    /// <summary>
    /// Records <paramref name="count"/> occurrences of <paramref name="value"/> into the current
    /// interval; never blocks, allocates or throws. Threading: the single writer thread only.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="count">How many times it occurred.</param>
    public void RecordValue(long value, long count)
    {
        long ticket = Interlocked.Increment(ref _writerEntered);
        Volatile.Read(ref _active).RecordValue(value, count);
        Volatile.Write(ref _writerExited, ticket);
    }

    /// <summary>
    /// Ends the current interval and copies it into <paramref name="target"/> (which is reset
    /// first); the next interval starts empty. Allocates nothing.
    /// Threading: any thread but the writer; concurrent calls are serialised.
    /// </summary>
    /// <param name="target">Receives the interval; must not be in use by another thread.</param>
    public void GetIntervalHistogramInto(HdrHistogram target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_readerLock)
        {
            HdrHistogram finished = SwapAndWait();
            target.Reset();
            target.Add(finished);
        }
    }

    /// <summary>
    /// Ends the current interval and returns it as a new histogram; the next interval starts empty.
    /// Threading: any thread but the writer; concurrent calls are serialised. Allocates the result.
    /// </summary>
    /// <returns>The interval's values, owned by the caller.</returns>
    public HdrHistogram GetIntervalHistogram()
    {
        lock (_readerLock)
        {
            return SwapAndWait().Copy();
        }
    }

    /// <summary>
    /// Discards what was recorded in the current interval. Threading: any thread but the writer;
    /// serialised with the snapshot methods.
    /// </summary>
    public void Reset()
    {
        lock (_readerLock)
        {
            SwapAndWait();
        }
    }

    // Called under _readerLock. Returns the buffer that held the interval just ended; it stays
    // owned by the reader side (as _inactive) until the next swap resets and activates it.
    private HdrHistogram SwapAndWait()
    {
        HdrHistogram next = _inactive;
        next.Reset();
        HdrHistogram finished = Interlocked.Exchange(ref _active, next);
        long entered = Volatile.Read(ref _writerEntered);
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _writerExited) < entered)
        {
            spinner.SpinOnce();
        }
        _inactive = finished;
        return finished;
    }
}
