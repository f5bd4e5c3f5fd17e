using System.Buffers.Binary;
using System.Diagnostics;
using HftHost.MoldUdp64;
using HftHost.Sdk;

namespace HftHost.Plugins.MoldUdp64;

/// <summary>
/// One MoldUDP64 session: delivers its messages exactly once, in sequence order. A packet
/// that arrives beyond a missing range is held (copied into a per-session buffer, the only
/// copy on this path) until the range arrives — then the late packet is out of order and the
/// held ones follow — or until the reorder window, the hold time or the end of the source
/// says it will not: then the range is a gap and delivery goes on after it. With a re-request
/// server, the range is asked for (retried with back-off) and the answer delivered first.
/// Threading: the owning instance's poll thread only.
/// </summary>
internal sealed class SessionTracker
{
    private readonly EventPublisher<MoldMessage> _messages;
    private readonly EventPublisher<MoldMessageRun> _runs;
    private readonly EventPublisher<MoldSessionEvent> _events;
    private readonly MoldUdp64Settings _settings;
    private readonly byte[] _hold;
    private readonly List<HeldPacket> _held = new(64); // sorted by First
    private int _holdUsed;
    private int _packetsWhileHolding;
    private long _holdStarted; // Stopwatch timestamp
    private long _lastRx;
    private readonly RecoveryClient? _recovery;
    private int _attempts;      // requests for the current first missing range
    private long _requestedAt;  // Stopwatch timestamp of the last request

    public SessionTracker(
        MoldSession session, MoldUdp64Settings settings, EventPublisher<MoldMessage> messages, EventPublisher<MoldMessageRun> runs,
        EventPublisher<MoldSessionEvent> events, RecoveryClient? recovery)
    {
        Session = session;
        _settings = settings;
        _recovery = recovery;
        _messages = messages;
        _runs = runs;
        _events = events;
        _hold = new byte[settings.HoldBytes];
    }

    public MoldSession Session { get; }

    /// <summary>The next sequence number to deliver; 0 before the first packet.</summary>
    public ulong Next { get; private set; }

    public bool Ended { get; private set; }

    public SessionCounters Counters;

    /// <summary>Packets held behind a missing range.</summary>
    public int Held => _held.Count;

    /// <summary>True while missing messages have been asked for and not yet answered or given up.</summary>
    public bool Recovering => _recovery is not null && _held.Count != 0;

    /// <param name="sequence">The header's sequence number.</param>
    /// <param name="count">The header's message count (0 heartbeat, 0xFFFF end of session).</param>
    /// <param name="blocks">The message blocks, already checked to fill the packet exactly.</param>
    /// <param name="rxTimestampNs">Receive time of the frame.</param>
    /// <param name="recovered">An answer of the re-request server rather than a packet of the feed.</param>
    public void OnPacket(ulong sequence, ushort count, ReadOnlySpan<byte> blocks, long rxTimestampNs, bool recovered = false)
    {
        if (recovered)
        {
            OnRecovered(sequence, count, blocks);
            return;
        }
        Counters.Packets++;
        _lastRx = rxTimestampNs;
        if (Next == 0)
        {
            Next = Math.Max(sequence, 1); // joining here: what came before is not a gap
        }
        if (count == MoldUdp64Format.EndOfSession)
        {
            Counters.EndOfSession++;
            Publish(MoldSessionEventKind.EndOfSession, sequence, 0);
            ResolveAll(upTo: sequence);
            Ended = true;
            return;
        }
        if (count == 0)
        {
            Counters.Heartbeats++;
            Publish(MoldSessionEventKind.Heartbeat, sequence, 0);
            if (sequence > Next)
            {
                Hold(sequence, 0, default); // messages before it exist: wait for them like for a packet
            }
        }
        else if (sequence + count - 1 < Next)
        {
            Counters.DuplicatePackets++;
            Counters.DuplicateMessages += count;
            Publish(MoldSessionEventKind.Duplicate, sequence, count);
        }
        else if (sequence <= Next)
        {
            bool fillsGap = _held.Count != 0;
            Deliver(sequence, count, blocks, rxTimestampNs, recovered: false);
            if (fillsGap)
            {
                Counters.OutOfOrderPackets++;
                Publish(MoldSessionEventKind.OutOfOrder, sequence, count);
                DrainHeld();
            }
        }
        else
        {
            Hold(sequence, count, blocks);
        }
        if (_held.Count != 0 && _recovery is null && ++_packetsWhileHolding > _settings.ReorderWindow)
        {
            ResolveFirst();
        }
        else
        {
            CheckRecovery();
        }
    }

    // An answer of the re-request server: its messages fill the first missing range; the
    // held packets behind it follow, in order.
    private void OnRecovered(ulong sequence, ushort count, ReadOnlySpan<byte> blocks)
    {
        if (count is 0 or MoldUdp64Format.EndOfSession || sequence > Next || sequence + count - 1 < Next)
        {
            return; // not (or no longer) what is missing
        }
        long before = Counters.Messages;
        Deliver(sequence, count, blocks, _lastRx, recovered: true);
        long recovered = Counters.Messages - before;
        Counters.RecoveredMessages += recovered;
        Publish(MoldSessionEventKind.Recovered, Next - (ulong)recovered, (ulong)recovered);
        DrainHeld();
        _attempts = 0;
        CheckRecovery(); // ask for the next missing range, if any
    }

    // With a re-request server: ask for the first missing range, then again after
    // RecoveryTimeout x 2^attempt, and after the retries give it up as a gap.
    private void CheckRecovery()
    {
        if (_recovery is null || _held.Count == 0)
        {
            _attempts = 0;
            return;
        }
        if (_attempts != 0)
        {
            double waited = Stopwatch.GetElapsedTime(_requestedAt).TotalMilliseconds;
            if (waited < _settings.RecoveryTimeoutMilliseconds * (double)(1 << (_attempts - 1)))
            {
                return;
            }
            if (_attempts > _settings.RecoveryRetries)
            {
                _attempts = 0;
                ResolveFirst();
                CheckRecovery();
                return;
            }
        }
        _recovery.Request(Session, Next, _held[0].First - Next);
        Counters.RecoveryRequests++;
        _requestedAt = Stopwatch.GetTimestamp();
        _attempts++;
    }

    /// <summary>No traffic: a hold past its time, or any hold once the source has ended, becomes a gap.</summary>
    public void OnIdle(bool drained)
    {
        if (_held.Count == 0)
        {
            return;
        }
        if (_recovery is not null && !drained)
        {
            CheckRecovery(); // the retry timer decides, not the hold time
            return;
        }
        if (drained || Stopwatch.GetElapsedTime(_holdStarted).TotalMilliseconds >= _settings.HoldMilliseconds)
        {
            ResolveAll(upTo: 0);
        }
    }

    public void Write(BinaryWriter writer)
    {
        Session.Write(writer);
        writer.Write(Next);
        writer.Write(Ended);
        Counters.Write(writer);
        writer.Write(_held.Count);
        foreach (HeldPacket packet in _held)
        {
            writer.Write(packet.First);
            writer.Write(packet.Count);
            writer.Write(packet.RxTimestampNs);
            writer.Write(packet.Length);
            writer.Write(_hold, packet.Offset, packet.Length);
        }
    }

    public void Read(BinaryReader reader)
    {
        Next = reader.ReadUInt64();
        Ended = reader.ReadBoolean();
        Counters = SessionCounters.Read(reader);
        int held = reader.ReadInt32();
        for (int i = 0; i < held; i++)
        {
            ulong first = reader.ReadUInt64();
            int count = reader.ReadInt32();
            long rx = reader.ReadInt64();
            byte[] blocks = reader.ReadBytes(reader.ReadInt32());
            _lastRx = rx;
            Hold(first, count, blocks);
        }
    }

    // Copies a packet behind the missing range, in sequence order; a second copy of a held
    // packet is a duplicate. No room left: what is missing now is a gap.
    private void Hold(ulong first, int count, ReadOnlySpan<byte> blocks)
    {
        int at = 0;
        while (at < _held.Count && _held[at].First < first)
        {
            at++;
        }
        if (at < _held.Count && _held[at].First == first)
        {
            if (count == 0)
            {
                return; // a heartbeat where a packet is already held says nothing new
            }
            if (_held[at].Count != 0)
            {
                Counters.DuplicatePackets++;
                Counters.DuplicateMessages += count;
                Publish(MoldSessionEventKind.Duplicate, first, (ulong)count);
                return;
            }
            _held.RemoveAt(at); // a heartbeat's mark: the packet it announced takes its place
        }
        if (_holdUsed + blocks.Length > _hold.Length)
        {
            ResolveAll(upTo: first);
            Deliver(first, count, blocks, _lastRx, recovered: false);
            return;
        }
        if (_held.Count == 0)
        {
            _holdStarted = Stopwatch.GetTimestamp();
            _packetsWhileHolding = 0;
        }
        blocks.CopyTo(_hold.AsSpan(_holdUsed));
        _held.Insert(at, new HeldPacket(first, count, _holdUsed, blocks.Length, _lastRx));
        _holdUsed += blocks.Length;
    }

    // Hands out every held packet the sequence has reached.
    private void DrainHeld()
    {
        while (_held.Count != 0 && _held[0].First <= Next)
        {
            HeldPacket packet = _held[0];
            _held.RemoveAt(0);
            if (packet.Count != 0)
            {
                Deliver(packet.First, packet.Count, _hold.AsSpan(packet.Offset, packet.Length), packet.RxTimestampNs, recovered: false);
            }
        }
        if (_held.Count == 0)
        {
            _holdUsed = 0;
        }
        _packetsWhileHolding = 0;
        _holdStarted = Stopwatch.GetTimestamp();
    }

    // The first missing range will not come: a gap; deliver what was behind it.
    private void ResolveFirst()
    {
        DeclareGap(_held[0].First);
        DrainHeld();
    }

    // Every missing range (and, with upTo, everything before upTo) is a gap.
    private void ResolveAll(ulong upTo)
    {
        while (_held.Count != 0)
        {
            ResolveFirst();
        }
        if (upTo > Next)
        {
            DeclareGap(upTo);
        }
    }

    private void DeclareGap(ulong resumeAt)
    {
        if (resumeAt <= Next)
        {
            return;
        }
        ulong missing = resumeAt - Next;
        Counters.Gaps++;
        Counters.GapMessages += (long)missing;
        Publish(MoldSessionEventKind.Gap, Next, missing);
        Next = resumeAt;
    }

    // The packet's messages from Next on (those before it, when the packet overlaps what was
    // delivered, are duplicates): to run subscribers as one event, then to message subscribers
    // one by one. Callers hand over packets that start at or before Next.
    private void Deliver(ulong first, int count, ReadOnlySpan<byte> blocks, long rxTimestampNs, bool recovered)
    {
        Debug.Assert(first <= Next);
        int offset = 0;
        int skip = (int)Math.Min(Next - first, (ulong)count);
        for (int i = 0; i < skip; i++)
        {
            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(blocks[offset..]);
        }
        Counters.DuplicateMessages += skip;
        int fresh = count - skip;
        if (fresh == 0)
        {
            return;
        }
        var run = new MoldMessageRun(Session, Next, fresh, blocks[offset..], rxTimestampNs, recovered);
        Counters.Messages += fresh;
        Next += (ulong)fresh;
        if (_runs.HasSubscribers)
        {
            _runs.Publish(run);
        }
        if (_messages.HasSubscribers)
        {
            foreach (MoldMessage message in run)
            {
                _messages.Publish(message);
            }
        }
    }

    private void Publish(MoldSessionEventKind kind, ulong first, ulong count)
    {
        if (_events.HasSubscribers)
        {
            _events.Publish(new MoldSessionEvent(kind, Session, first, count, _lastRx));
        }
    }
}
