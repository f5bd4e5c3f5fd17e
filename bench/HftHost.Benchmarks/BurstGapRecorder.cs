using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace HftHost.Benchmarks;

/// <summary>
/// Benchmark-only instrumentation of a poll loop. (1) The time between consecutive burst
/// boundaries, so the longest interval is the longest the loop went without looking at its
/// ring: a state hand-off, a GC, the scheduler. The loop also calls the boundary on every
/// idle turn, after the idle strategy (which may sleep 1 ms): an interval in which no frame
/// was handled is such a turn and is only counted, not timed, or the backoff's sleeps would
/// read as stalls. Kept per phase (set by the controlling thread) so
/// one run compares a quiet phase with one with reloads. (2) For each plugin hand-off: how
/// long the boundary that applied it took and how much of that the JIT took on this thread,
/// then the same for the first burst after it (the new version's decoder runs for the first time).
/// Threading: the On* methods on the poll thread only; <see cref="Phase"/> and
/// <see cref="ExpectHandoff"/> from the controlling thread; the figures are read once the
/// poll thread has stopped.
/// </summary>
internal sealed class BurstGapRecorder(int maxHandoffs)
{
    public const int PhaseCount = 2;

    // Intervals at least this long (ns) are counted: a scheduler tick is 1-4 ms, a gen2 GC of a small heap about 1 ms.
    private static readonly long[] ThresholdsNs = [100_000, 1_000_000, 10_000_000];

    private readonly long[] _longest = new long[PhaseCount];
    private readonly long[] _intervals = new long[PhaseCount];
    private readonly long[] _total = new long[PhaseCount];
    private readonly long[,] _over = new long[PhaseCount, ThresholdsNs.Length];
    private readonly long[] _thresholdTicks = [.. ThresholdsNs.Select(ns => ns * Stopwatch.Frequency / 1_000_000_000)];
    private readonly HandoffTiming[] _handoffs = new HandoffTiming[maxHandoffs];
    private int _handoffCount;
    private readonly long[] _idleTurns = new long[PhaseCount];
    private long _last;
    private long _framesSinceBoundary;
    private long _handoffEnd; // when the last hand-off's boundary returned; 0 once its first burst is recorded
    private TimeSpan _jitAtHandoffEnd;
    private long _methodsAtHandoffEnd;
    private volatile int _phase = -1;
    private volatile bool _expectHandoff;

    /// <summary>The phase intervals are recorded into; -1 = none.</summary>
    public int Phase
    {
        get => _phase;
        set => _phase = value;
    }

    /// <summary>True from <see cref="ExpectHandoff"/> until the poll thread has seen the hand-off.</summary>
    public bool HandoffExpected => _expectHandoff;

    public static IReadOnlyList<long> OverThresholdsNs => ThresholdsNs;

    public ReadOnlySpan<HandoffTiming> Handoffs => _handoffs.AsSpan(0, _handoffCount);

    /// <summary>Asks the poll thread to time the next hand-off (call before posting it).</summary>
    public void ExpectHandoff() => _expectHandoff = true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnFrame() => _framesSinceBoundary++;

    public void OnBoundary()
    {
        long now = Stopwatch.GetTimestamp();
        long interval = now - _last;
        bool first = _last == 0;
        bool idle = _framesSinceBoundary == 0;
        _last = now;
        _framesSinceBoundary = 0;
        if (_handoffEnd != 0 && !idle)
        {
            RecordFirstBurst(now);
        }
        int phase = _phase;
        if (phase < 0 || first)
        {
            return;
        }
        if (idle)
        {
            _idleTurns[phase]++;
            return;
        }
        _intervals[phase]++;
        _total[phase] += interval;
        if (interval > _longest[phase])
        {
            _longest[phase] = interval;
        }
        if (interval >= _thresholdTicks[0])
        {
            CountLong(phase, interval);
        }
    }

    /// <summary>A boundary that applied a hand-off: it started at <paramref name="started"/>, with the JIT counters given.</summary>
    public void OnHandoff(long started, TimeSpan jitBefore, long methodsBefore)
    {
        _expectHandoff = false;
        long end = Stopwatch.GetTimestamp();
        TimeSpan jit = JitInfo.GetCompilationTime(currentThread: true);
        long methods = JitInfo.GetCompiledMethodCount(currentThread: true);
        if (_handoffCount < _handoffs.Length)
        {
            _handoffs[_handoffCount] = new HandoffTiming
            {
                Boundary = Stopwatch.GetElapsedTime(started, end),
                BoundaryJit = jit - jitBefore,
                BoundaryJitMethods = methods - methodsBefore,
            };
        }
        _handoffEnd = end;
        _jitAtHandoffEnd = jit;
        _methodsAtHandoffEnd = methods;
    }

    public TimeSpan Longest(int phase) => Stopwatch.GetElapsedTime(0, _longest[phase]);

    /// <summary>Intervals in which frames were handled (those timed).</summary>
    public long Intervals(int phase) => _intervals[phase];

    /// <summary>Idle turns: intervals with no frame, not timed.</summary>
    public long IdleTurns(int phase) => _idleTurns[phase];

    public TimeSpan Mean(int phase) =>
        _intervals[phase] == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, _total[phase] / _intervals[phase]);

    /// <summary>Intervals of at least <see cref="OverThresholdsNs"/>[<paramref name="threshold"/>].</summary>
    public long Over(int phase, int threshold) => _over[phase, threshold];

    private void RecordFirstBurst(long now)
    {
        if (_handoffCount < _handoffs.Length)
        {
            ref HandoffTiming timing = ref _handoffs[_handoffCount];
            timing.FirstBurst = Stopwatch.GetElapsedTime(_handoffEnd, now);
            timing.FirstBurstJit = JitInfo.GetCompilationTime(currentThread: true) - _jitAtHandoffEnd;
            timing.FirstBurstJitMethods = JitInfo.GetCompiledMethodCount(currentThread: true) - _methodsAtHandoffEnd;
            _handoffCount++;
        }
        _handoffEnd = 0;
    }

    // Off the common path: most intervals are a burst's work, far below the first threshold.
    private void CountLong(int phase, long interval)
    {
        for (int t = 0; t < _thresholdTicks.Length && interval >= _thresholdTicks[t]; t++)
        {
            _over[phase, t]++;
        }
    }
}
