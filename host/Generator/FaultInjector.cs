namespace HftHost.Generator;

/// <summary>
/// Puts packets on the wire (the pcap) and does the faults it was asked for to some of
/// them. Faults are planned up front as points in the order flow (the n-th message),
/// spread evenly with some jitter; each is done to the first packet that may be faulted
/// once the flow has passed its point. A packet gets at most one fault, and the packet a
/// reorder swaps with gets none, so no two faults touch the same sequence numbers. The
/// plan draws from its own random stream: the same seed gives the same messages and
/// packets whatever faults are asked for.
/// Threading: one thread.
/// </summary>
internal sealed class FaultInjector
{
    // A duplicate's copy is sent 1..MaxCopyDelay frames after the packet.
    private const int MaxCopyDelay = 16;

    private readonly PcapFrameWriter _pcap;
    private readonly FeedClock _clock;
    private readonly long _wireLatencyNs;
    private readonly (long At, FaultKind Kind)[] _plan;
    private readonly Queue<FaultKind> _due = new();
    private readonly Held?[] _held;
    private readonly List<Copy> _copies = [];
    private readonly Stack<byte[]> _spare = new();
    private readonly List<InjectedFault> _faults = [];
    private readonly long[] _frames;
    private FeedRandom _random;
    private int _planned;

    public FaultInjector(PcapFrameWriter pcap, FeedClock clock, long wireLatencyNs, GeneratorSettings settings, long flowMessages)
    {
        _pcap = pcap;
        _clock = clock;
        _wireLatencyNs = wireLatencyNs;
        _held = new Held?[settings.Venues + 1];
        _frames = new long[settings.Venues + 1];
        _random = new FeedRandom(settings.Seed, stream: 2);
        _plan = Plan(settings, flowMessages, ref _random);
    }

    /// <summary>Faults done, in the order they were completed.</summary>
    public IReadOnlyList<InjectedFault> Faults => _faults;

    /// <summary>Faults asked for that found no packet to go to (the feed was too short).</summary>
    public int Unplaced => _plan.Length - _planned + _due.Count + _held.Count(h => h is not null) + _copies.Count;

    /// <summary>Frames of <paramref name="venue"/> in the capture.</summary>
    public long FramesOf(int venue) => _frames[venue];

    /// <summary>True while a packet of the venue is held back for a reorder: its next packet completes the swap.</summary>
    public bool IsHolding(int venue) => _held[venue] is not null;

    /// <summary>A packet of messages, in <paramref name="packetizer"/>'s buffer.</summary>
    /// <param name="duplicateOnly">The packet may only be duplicated (a copy changes nothing for a
    /// consumer that drops repeats): it carries a top-of-book change whose timing must hold.</param>
    public void OnDataPacket(MoldPacketizer packetizer, ulong first, int count, int payloadLength, bool faultable, bool duplicateOnly = false)
    {
        VenueEndpoint venue = packetizer.Venue;
        ulong last = first + (ulong)count - 1;
        if (_held[venue.Number] is { } held)
        {
            // The session's next packet: it goes first, then the one held back.
            _held[venue.Number] = null;
            Send(venue, packetizer.Buffer, payloadLength);
            Send(venue, held.Buffer, held.Length);
            _spare.Push(held.Buffer);
            _faults.Add(new InjectedFault(FaultKind.Reorder, venue, held.First, held.Last, first, last));
            return;
        }
        while (_planned < _plan.Length && _plan[_planned].At <= _clock.FlowMessages)
        {
            _due.Enqueue(_plan[_planned++].Kind);
        }
        if (!faultable || !_due.TryPeek(out FaultKind kind) || (duplicateOnly && kind != FaultKind.Duplicate))
        {
            Send(venue, packetizer.Buffer, payloadLength);
            return;
        }
        _due.Dequeue();
        switch (kind)
        {
            case FaultKind.Gap:
                _faults.Add(new InjectedFault(FaultKind.Gap, venue, first, last));
                break;
            case FaultKind.Duplicate:
                Send(venue, packetizer.Buffer, payloadLength);
                _copies.Add(new Copy(venue, CopyOf(packetizer.Buffer, payloadLength), payloadLength, first, last, _pcap.Frames - 1)
                {
                    FramesLeft = 1 + _random.Next(MaxCopyDelay),
                });
                break;
            case FaultKind.Reorder:
                _held[venue.Number] = new Held(CopyOf(packetizer.Buffer, payloadLength), payloadLength, first, last);
                break;
        }
    }

    /// <summary>A heartbeat or end-of-session packet: never faulted.</summary>
    public void OnControlPacket(VenueEndpoint venue, byte[] buffer, int payloadLength) => Send(venue, buffer, payloadLength);

    /// <summary>Sends the copies still waiting: before the end-of-session packets.</summary>
    public void SendPendingCopies()
    {
        while (_copies.Count > 0)
        {
            SendCopy(0);
        }
    }

    private void Send(VenueEndpoint venue, byte[] buffer, int payloadLength)
    {
        _pcap.Write(venue, buffer, payloadLength, _clock.MidnightUnixNs + _clock.NowNs + _wireLatencyNs);
        _frames[venue.Number]++;
        for (int i = 0; i < _copies.Count; i++)
        {
            if (--_copies[i].FramesLeft == 0)
            {
                SendCopy(i--);
            }
        }
    }

    private void SendCopy(int index)
    {
        Copy copy = _copies[index];
        _copies.RemoveAt(index);
        int between = (int)(_pcap.Frames - copy.Frame - 1);
        _pcap.Write(copy.Venue, copy.Buffer, copy.Length, _clock.MidnightUnixNs + _clock.NowNs + _wireLatencyNs);
        _frames[copy.Venue.Number]++;
        _spare.Push(copy.Buffer);
        _faults.Add(new InjectedFault(FaultKind.Duplicate, copy.Venue, copy.First, copy.Last, FramesLater: between));
    }

    private byte[] CopyOf(byte[] buffer, int payloadLength)
    {
        int length = PcapFrameWriter.HeadRoom + payloadLength;
        byte[] copy = _spare.Count > 0 && _spare.Peek().Length >= length ? _spare.Pop() : new byte[Math.Max(length, buffer.Length)];
        buffer.AsSpan(0, length).CopyTo(copy);
        return copy;
    }

    private static (long, FaultKind)[] Plan(GeneratorSettings settings, long flowMessages, ref FeedRandom random)
    {
        var kinds = new List<FaultKind>();
        kinds.AddRange(Enumerable.Repeat(FaultKind.Gap, settings.Gaps));
        kinds.AddRange(Enumerable.Repeat(FaultKind.Duplicate, settings.Duplicates));
        kinds.AddRange(Enumerable.Repeat(FaultKind.Reorder, settings.Reorders));
        return InjectionPlan.Spread(kinds, flowMessages, ref random);
    }

    private sealed record Held(byte[] Buffer, int Length, ulong First, ulong Last);

    private sealed record Copy(VenueEndpoint Venue, byte[] Buffer, int Length, ulong First, ulong Last, long Frame)
    {
        public int FramesLeft { get; set; }
    }
}
