using System.Numerics;
using HftHost.PacketFilter;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Detects one source address sending to <see cref="PortScanRule.Ports"/> distinct destination
/// ports within <see cref="PortScanRule.Window"/> (frame receive time, so a replay finds what
/// the live traffic held). Each source's window starts at its first frame; the rule fires once
/// per source per window. Sources live in an open-addressed table of fixed size, each with room
/// for the rule's number of ports, all allocated up front: when the few slots a source may take
/// are busy, the one whose window started first gives way (counted in <see cref="Evictions"/>).
/// Threading: the owning poll thread only; counters may be read from any thread.
/// </summary>
internal sealed class PortScanDetector
{
    private const int Probes = 8;

    private readonly int _portsPerSource;
    private readonly long _windowNs;
    private readonly uint[] _sources;
    private readonly long[] _windowStarts; // 0: slot free
    private readonly int[] _portCounts;
    private readonly bool[] _fired;
    private readonly ushort[] _ports;
    private readonly int _mask;

    public PortScanDetector(PortScanRule rule, int sources)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
        _portsPerSource = rule.Ports;
        _windowNs = rule.Window.Ticks * 100;
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(Probes, sources));
        _mask = slots - 1;
        _sources = new uint[slots];
        _windowStarts = new long[slots];
        _portCounts = new int[slots];
        _fired = new bool[slots];
        _ports = new ushort[slots * rule.Ports];
    }

    public PortScanRule Rule { get; }

    /// <summary>Times the rule fired (once per scanning source per window).</summary>
    public long Fired;

    /// <summary>Frames of a source that fired a drop rule, dropped for the rest of its window.</summary>
    public long Dropped;

    /// <summary>Sources forgotten to make room for another.</summary>
    public long Evictions;

    /// <summary>What a frame did to the detector.</summary>
    public enum Outcome
    {
        /// <summary>Nothing to do.</summary>
        None,

        /// <summary>This frame made its source a scanner: take the rule's action (once per window).</summary>
        Fired,

        /// <summary>The source fired already in this window and the action is drop.</summary>
        Scanning,
    }

    /// <summary>Counts <paramref name="port"/> for <paramref name="source"/> at <paramref name="rxNs"/>.</summary>
    public Outcome Observe(uint source, ushort port, long rxNs)
    {
        int slot = Slot(source, rxNs);
        if (_windowStarts[slot] == 0 || Expired(_windowStarts[slot], rxNs) || _sources[slot] != source)
        {
            _sources[slot] = source;
            _windowStarts[slot] = Math.Max(rxNs, 1);
            _portCounts[slot] = 0;
            _fired[slot] = false;
        }
        if (_fired[slot])
        {
            return Rule.Action == FilterAction.Drop ? Outcome.Scanning : Outcome.None;
        }
        int count = _portCounts[slot];
        int first = slot * _portsPerSource;
        for (int i = 0; i < count; i++)
        {
            if (_ports[first + i] == port)
            {
                return Outcome.None;
            }
        }
        _ports[first + count] = port;
        _portCounts[slot] = ++count;
        if (count < _portsPerSource)
        {
            return Outcome.None;
        }
        _fired[slot] = true;
        Fired++;
        return Outcome.Fired;
    }

    // Time running backwards (a replay looping over its file) starts a new window too.
    private bool Expired(long windowStart, long rxNs) => rxNs - windowStart >= _windowNs || rxNs < windowStart;

    // The source's slot if it has one; else a free or expired slot among its probes; else the
    // probe whose window is oldest.
    private int Slot(uint source, long rxNs)
    {
        int home = (int)((source * 0x9E3779B1u) >> 8) & _mask;
        int free = -1, oldest = home;
        for (int i = 0; i < Probes; i++)
        {
            int slot = (home + i) & _mask;
            long start = _windowStarts[slot];
            if (start != 0 && _sources[slot] == source)
            {
                return slot;
            }
            if (free < 0 && (start == 0 || Expired(start, rxNs)))
            {
                free = slot;
            }
            if (start < _windowStarts[oldest])
            {
                oldest = slot;
            }
        }
        if (free >= 0)
        {
            return free;
        }
        Evictions++;
        return oldest;
    }
}
