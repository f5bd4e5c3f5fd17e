using HftHost.MoldUdp64;
using HftHost.Sdk;

namespace HftHost.Tests.MarketData;

/// <summary>
/// A plugin that records what the MoldUDP64 plugin publishes: each message's sequence (checked
/// against its payload), each run of a packet's messages and each session event.
/// </summary>
internal sealed class MoldRecorder : HftPlugin, IEventSubscriber<MoldMessage>, IEventSubscriber<MoldMessageRun>, IEventSubscriber<MoldSessionEvent>
{
    public List<(MoldSession Session, ulong Sequence)> Messages { get; } = [];

    /// <summary>The messages of the runs, one after the other: the same as <see cref="Messages"/>.</summary>
    public List<(MoldSession Session, ulong Sequence)> RunMessages { get; } = [];

    /// <summary>Each run's first sequence number and count.</summary>
    public List<(ulong First, int Count)> Runs { get; } = [];

    /// <summary>The delivered sequence numbers, once the runs are checked to carry the same messages.</summary>
    public List<ulong> Sequences
    {
        get
        {
            Assert.Equal(Messages, RunMessages);
            return [.. Messages.Select(m => m.Sequence)];
        }
    }

    public List<MoldSessionEvent> Events { get; } = [];

    /// <summary>Messages whose payload did not carry their own sequence (a wrong slice).</summary>
    public int WrongPayloads { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        registry.Subscribe<MoldMessage>(this);
        registry.Subscribe<MoldMessageRun>(this);
        registry.Subscribe<MoldSessionEvent>(this);
    }

    public void OnEvent(in MoldMessage evt)
    {
        Messages.Add((evt.Session, evt.Sequence));
        CheckPayload(evt);
    }

    private void CheckPayload(in MoldMessage evt)
    {
        ReadOnlySpan<byte> p = evt.Payload;
        if (p.Length != 4 || p[0] != 'M' || (ulong)((p[1] << 16) | (p[2] << 8) | p[3]) != (evt.Sequence & 0xFFFFFF))
        {
            WrongPayloads++;
        }
    }

    public void OnEvent(in MoldMessageRun evt)
    {
        Runs.Add((evt.FirstSequence, evt.Count));
        ulong expected = evt.FirstSequence;
        foreach (MoldMessage message in evt)
        {
            Assert.Equal(expected++, message.Sequence);
            RunMessages.Add((message.Session, message.Sequence));
            CheckPayload(message);
        }
        Assert.Equal(evt.FirstSequence + (ulong)evt.Count, expected);
    }

    public void OnEvent(in MoldSessionEvent evt)
    {
        if (evt.Kind != MoldSessionEventKind.Heartbeat)
        {
            Events.Add(evt);
        }
    }

    public IEnumerable<(MoldSessionEventKind Kind, ulong First, ulong Count)> Reported => Events.Select(e => (e.Kind, e.First, e.Count));
}
