using Fixture.Contracts;
using HftHost.Sdk;

[assembly: HftPlugin(typeof(TickSubscriber.TickSubscriber))]

namespace TickSubscriber;

/// <summary>Counts the <see cref="Tick"/> events it receives and checks they arrive in order.</summary>
public sealed class TickSubscriber : HftPlugin, IEventSubscriber<Tick>
{
    private long _received;
    private long _outOfOrder;
    private long _bytes;

    public override void Register(IPluginRegistry registry) => registry.Subscribe<Tick>(this);

    public void OnEvent(in Tick evt)
    {
        if (evt.Sequence != _received)
        {
            _outOfOrder++;
        }
        _received++;
        _bytes += evt.Length;
    }

    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(_received);
        writer.Write(_outOfOrder);
        writer.Write(_bytes);
    }
}
