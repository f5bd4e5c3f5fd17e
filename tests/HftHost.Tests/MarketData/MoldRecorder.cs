using HftHost.MoldUdp64;
using HftHost.Sdk;

namespace HftHost.Tests.MarketData;

/// <summary>A plugin that records what the MoldUDP64 plugin publishes: each message's sequence (checked against its payload) and each session event.</summary>
internal sealed class MoldRecorder : HftPlugin, IEventSubscriber<MoldMessage>, IEventSubscriber<MoldSessionEvent>
{
    public List<(MoldSession Session, ulong Sequence)> Messages { get; } = [];

    public List<ulong> Sequences => [.. Messages.Select(m => m.Sequence)];

    public List<MoldSessionEvent> Events { get; } = [];

    /// <summary>Messages whose payload did not carry their own sequence (a wrong slice).</summary>
    public int WrongPayloads { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        registry.Subscribe<MoldMessage>(this);
        registry.Subscribe<MoldSessionEvent>(this);
    }

    public void OnEvent(in MoldMessage evt)
    {
        Messages.Add((evt.Session, evt.Sequence));
        ReadOnlySpan<byte> p = evt.Payload;
        if (p.Length != 4 || p[0] != 'M' || (ulong)((p[1] << 16) | (p[2] << 8) | p[3]) != (evt.Sequence & 0xFFFFFF))
        {
            WrongPayloads++;
        }
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
