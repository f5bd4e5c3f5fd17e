using Fixture.Contracts;
using HftHost.Sdk;

[assembly: HftPlugin(typeof(TickPublisher.TickPublisher))]

namespace TickPublisher;

/// <summary>Claims every frame and publishes a <see cref="Tick"/> for it.</summary>
public sealed class TickPublisher : HftPlugin
{
    private TickDecoder? _decoder;

    public override void Register(IPluginRegistry registry) =>
        registry.AddDecoder(_decoder = new TickDecoder(registry.AddEvent<Tick>()));

    public override void Bind(IPluginBinder binder) => binder.BindAll(_decoder!);

    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(_decoder!.Published);
    }

    private sealed class TickDecoder(EventPublisher<Tick> ticks) : FrameDecoder("ticks")
    {
        public long Published;

        public override int Decode(in FrameView frame)
        {
            ticks.Publish(new Tick(Published++, frame.Bytes.Length, frame.RxTimestampNs));
            return Math.Max(1, frame.PayloadLength);
        }
    }
}
