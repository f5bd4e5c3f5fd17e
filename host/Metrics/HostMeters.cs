using System.Diagnostics;
using System.Diagnostics.Metrics;
using HftHost.DataPlane;
using HftHost.Interop;
using HftHost.Native;

namespace HftHost.Metrics;

/// <summary>
/// The host's own figures as observable instruments on the meter "HftHost": read from the
/// poll loops' counters and the shim's when someone collects (a scrape, a report), never
/// pushed from the data plane.
/// Threading: the callbacks run on the collecting thread and read counters other threads write.
/// </summary>
internal sealed class HostMeters : IDisposable
{
    public const string Name = "HftHost";

    private readonly Meter _meter = new(Name);

    // The poll loops count busy time in hft_ticks (the TSC); seconds come from the ticks
    // and the wall clock that passed since these meters were made.
    private readonly ulong _createdTicks = Hftshim.hft_ticks();
    private readonly long _createdTimestamp = Stopwatch.GetTimestamp();

    public HostMeters(Func<FrameCounters> counters, Func<PortStats> stats, Func<long>? unclaimed = null)
    {
        _meter.CreateObservableCounter("hfthost.frames", () => counters().Frames, description: "frames the poll loops consumed");
        _meter.CreateObservableCounter("hfthost.bytes", () => counters().Bytes, "By");
        _meter.CreateObservableCounter("hfthost.udp", () => counters().Udp);
        _meter.CreateObservableCounter("hfthost.tcp", () => counters().Tcp);
        _meter.CreateObservableCounter("hfthost.malformed", () => counters().Malformed);
        _meter.CreateObservableCounter("hfthost.handler_faults", () => counters().HandlerFaults);
        // Headroom, live: rate(busy seconds) is how much of a core the poll loops spend on
        // frames (up to one per queue); empty polls are the rest of their spinning.
        _meter.CreateObservableCounter(
            "hfthost.poll_busy_seconds", () => TicksToSeconds(counters().BusyTicks), "s", "time the poll loops spent in polls that found frames");
        _meter.CreateObservableCounter("hfthost.empty_polls", () => counters().EmptyPolls, description: "polls that found no frame");
        _meter.CreateObservableCounter("hfthost.ring_full_drops", () => (long)stats().RingFullDrops);
        _meter.CreateObservableCounter("hfthost.kernel_drops", () => (long)stats().KernelDrops);
        _meter.CreateObservableCounter("hfthost.source_errors", () => (long)stats().SourceErrors);
        if (unclaimed is not null)
        {
            _meter.CreateObservableCounter("hfthost.unclaimed_frames", unclaimed, description: "frames no plugin decoder claimed");
        }
    }

    public void Dispose() => _meter.Dispose();

    private double TicksToSeconds(long ticks)
    {
        ulong elapsedTicks = Hftshim.hft_ticks() - _createdTicks;
        double elapsedSeconds = Stopwatch.GetElapsedTime(_createdTimestamp).TotalSeconds;
        return elapsedTicks == 0 ? 0 : ticks * (elapsedSeconds / elapsedTicks);
    }
}
