using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace HftHost.Sdk.Runtime;

/// <summary>
/// Offers each frame of one queue to the plugin decoders bound to its destination and
/// applies plugin changes (load, reload with state hand-off, unload, quarantine) between
/// bursts, on the queue's poll thread: a change never lands in the middle of a burst and
/// no frame is offered to two versions of a plugin or to none.
/// Per frame: the filters of the running plugins (when there are none, one predictable
/// branch), one table lookup, one virtual call per decoder asked, plain counter stores;
/// no allocation, no lock.
/// Threading: <see cref="Dispatch"/> and <see cref="AtBurstBoundary"/> on the poll thread;
/// <see cref="Post"/>, <see cref="TryRetract"/> and the read-only members from any thread;
/// <see cref="ApplyNow"/> only while no poll thread runs this dispatcher.
/// </summary>
internal sealed class FrameDispatcher
{
    private readonly Lock _pendingLock = new();
    private readonly List<DispatcherChange> _pending = [];
    private readonly List<PluginInstance> _active = [];
    private RouteTable _routes = RouteTable.Empty;
    private FilterRegistration[] _filters = [];
    private PluginInstance[] _snapshot = [];
    private volatile int _work; // nonzero: changes pending or an instance to sweep out
    private int _busyDecoder;   // Id of the decoder being called, 0 when none (read by the watchdog)
    private long _frames;       // frames offered (the watchdog's progress mark)
    private long _unclaimed;
    private long _filtered;
    private long _lastIdle;     // Stopwatch timestamp of the last OnIdle round

    public FrameDispatcher(int queue, EventBus bus)
    {
        Queue = queue;
        Bus = bus;
    }

    public int Queue { get; }

    public EventBus Bus { get; }

    /// <summary>Called on the poll thread after a quarantined instance was taken out.</summary>
    public Action<PluginInstance>? Quarantined { get; set; }

    /// <summary>The instances receiving frames now (a snapshot).</summary>
    public IReadOnlyList<PluginInstance> Active => Volatile.Read(ref _snapshot);

    /// <summary>The current routes (a snapshot).</summary>
    public RouteTable Routes => Volatile.Read(ref _routes);

    /// <summary>Frames offered to <see cref="Dispatch"/>.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Frames no decoder claimed.</summary>
    public long Unclaimed => Volatile.Read(ref _unclaimed);

    /// <summary>Frames a plugin's <see cref="FrameFilter"/> dropped before the route lookup.</summary>
    public long Filtered => Volatile.Read(ref _filtered);

    /// <summary>The filters asked for every frame now, in plugin order (a snapshot).</summary>
    public IReadOnlyList<FilterRegistration> Filters => Volatile.Read(ref _filters);

    /// <summary>Id of the decoder the poll thread is in, 0 when none: with <see cref="Frames"/> unchanged, a decoder that blocks.</summary>
    public int BusyDecoder => Volatile.Read(ref _busyDecoder);

    /// <summary>Asks the filters, then offers <paramref name="frame"/> to its decoders until one claims it.</summary>
    public void Dispatch(in FrameView frame)
    {
        _frames++;
        FilterRegistration[] filters = _filters;
        if (filters.Length != 0 && IsDropped(filters, in frame))
        {
            _filtered++;
            return;
        }
        DecoderRegistration[] chain = _routes.Find(in frame);
        for (int i = 0; i < chain.Length; i++)
        {
            DecoderRegistration decoder = chain[i];
            if (decoder.Owner.IsQuarantined)
            {
                continue; // until the sweep at the next burst boundary takes it out
            }
            _busyDecoder = decoder.Id;
            int consumed;
            try
            {
                consumed = decoder.Decoder.Decode(in frame);
            }
            catch (Exception ex)
            {
                _busyDecoder = 0;
                decoder.Owner.RecordFault(ex, decoder.Site);
                continue; // the next decoder may still claim the frame
            }
            if (consumed > 0)
            {
                _busyDecoder = 0;
                decoder.Frames++;
                decoder.Bytes += consumed;
                return;
            }
        }
        _busyDecoder = 0;
        _unclaimed++;
    }

    // Out of line so that a dispatcher without filters pays only the length test above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsDropped(FilterRegistration[] filters, in FrameView frame)
    {
        for (int i = 0; i < filters.Length; i++)
        {
            FilterRegistration filter = filters[i];
            if (filter.Owner.IsQuarantined)
            {
                continue; // until the sweep at the next burst boundary takes it out
            }
            FilterVerdict verdict;
            try
            {
                verdict = filter.Filter.Filter(in frame);
            }
            catch (Exception ex)
            {
                filter.Owner.RecordFault(ex, filter.Site);
                continue; // a broken filter lets the frame through, as if it were absent
            }
            if (verdict == FilterVerdict.Drop)
            {
                filter.Dropped++;
                return true;
            }
        }
        return false;
    }

    /// <summary>Applies pending changes and sweeps out quarantined instances; call between bursts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AtBurstBoundary()
    {
        if (_work != 0)
        {
            DoPendingWork();
        }
    }

    /// <summary>
    /// Gives every active instance its <see cref="HftPlugin.OnIdle"/> when no frame is ready,
    /// at most once per millisecond (a busy-spinning loop idles millions of times a second),
    /// and always when the source has drained.
    /// </summary>
    public void OnIdle(bool drained)
    {
        long now = Stopwatch.GetTimestamp();
        if (!drained && now - _lastIdle < Stopwatch.Frequency / 1000)
        {
            return;
        }
        _lastIdle = now;
        AtBurstBoundary();
        PluginInstance[] active = _snapshot;
        for (int i = 0; i < active.Length; i++)
        {
            PluginInstance instance = active[i];
            if (instance.IsQuarantined)
            {
                continue;
            }
            try
            {
                instance.Plugin.OnIdle(drained);
            }
            catch (Exception ex)
            {
                instance.RecordFault(ex, "OnIdle");
            }
        }
    }

    /// <summary>Queues a change for the poll thread; await <see cref="DispatcherChange.Completion"/>.</summary>
    public void Post(DispatcherChange change)
    {
        lock (_pendingLock)
        {
            _pending.Add(change);
            _work = 1;
        }
    }

    /// <summary>Withdraws a posted change the poll thread has not taken yet (it stopped, or is stuck).</summary>
    public bool TryRetract(DispatcherChange change)
    {
        lock (_pendingLock)
        {
            return _pending.Remove(change);
        }
    }

    /// <summary>Applies a change on the calling thread; only while no poll thread runs this dispatcher.</summary>
    public void ApplyNow(DispatcherChange change) => Apply(change);

    internal void RequestSweep() => _work = 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DoPendingWork()
    {
        DispatcherChange[] changes;
        lock (_pendingLock)
        {
            changes = [.. _pending];
            _pending.Clear();
            _work = 0;
        }
        foreach (DispatcherChange change in changes)
        {
            Apply(change);
        }
        Sweep();
    }

    private void Apply(DispatcherChange change)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            if (change.Work is { } work)
            {
                try
                {
                    work();
                    change.Completion.TrySetResult(true);
                }
                catch (Exception ex)
                {
                    change.Error = $"{ex.GetType().Name}: {ex.Message}";
                    change.Completion.TrySetResult(false);
                }
                return;
            }
            if (change.Remove is { } old && change.Add is { } replacement)
            {
                // The hand-off: the old instance has seen its last frame; the new one sees
                // nothing before it has the state. Both on this thread, between bursts.
                using var state = new MemoryStream();
                if (!TryInvoke(() => old.Plugin.ExportState(state), old, "ExportState", change))
                {
                    return;
                }
                change.StateBytes = state.Length;
                state.Position = 0;
                if (!TryInvoke(() => replacement.Plugin.ImportState(state), replacement, "ImportState", change))
                {
                    return;
                }
            }
            int index = change.Remove is null ? -1 : _active.IndexOf(change.Remove);
            if (change.Remove is not null)
            {
                if (index < 0)
                {
                    change.Error = $"plugin {change.Remove.Name} is not running on queue {Queue}";
                    change.Completion.TrySetResult(false);
                    return;
                }
                _active.RemoveAt(index);
                change.Remove.Dispatcher = null;
            }
            if (change.Add is { } added)
            {
                added.Dispatcher = this;
                _active.Insert(index >= 0 ? index : _active.Count, added); // a reload keeps the binding order
            }
            Rebuild();
            change.Completion.TrySetResult(true);
        }
        finally
        {
            change.Pause = Stopwatch.GetElapsedTime(started);
        }
    }

    private static bool TryInvoke(Action call, PluginInstance instance, string what, DispatcherChange change)
    {
        try
        {
            call();
            return true;
        }
        catch (Exception ex)
        {
            change.Error = $"plugin {instance.Name} {instance.Context.PluginVersion} threw in {what}: {ex.GetType().Name}: {ex.Message}";
            change.Completion.TrySetResult(false);
            return false;
        }
    }

    private void Sweep()
    {
        List<PluginInstance> quarantined = _active.Where(i => i.IsQuarantined).ToList();
        if (quarantined.Count == 0)
        {
            return;
        }
        foreach (PluginInstance instance in quarantined)
        {
            _active.Remove(instance);
            instance.Dispatcher = null;
        }
        Rebuild();
        foreach (PluginInstance instance in quarantined)
        {
            Quarantined?.Invoke(instance);
        }
    }

    private void Rebuild()
    {
        Bus.Rebuild(_active);
        Volatile.Write(ref _routes, RouteTable.Build(_active.SelectMany(i => i.Bindings)));
        Volatile.Write(ref _filters, [.. _active.SelectMany(i => i.Filters)]);
        Volatile.Write(ref _snapshot, [.. _active]);
    }
}
