using HftHost.Sdk;

namespace HftPlugin1;

/// <summary>
/// Decodes the datagrams of the feed it is bound to. This one only counts them and their
/// payload bytes: replace the body of <see cref="Decode"/> with your protocol's parsing.
/// Runs on the poll thread of one receive queue: no locks, no allocation, no blocking.
/// </summary>
public sealed class FeedDecoder : FrameDecoder
{
    private readonly EventPublisher<FeedPacket> _packets;

    /// <summary>Creates the decoder; <paramref name="packets"/> comes from <see cref="IPluginRegistry.AddEvent{TEvent}"/>.</summary>
    public FeedDecoder(EventPublisher<FeedPacket> packets)
        : base("feed")
    {
        _packets = packets;
    }

    /// <summary>Datagrams claimed.</summary>
    public long Datagrams { get; set; }

    /// <summary>Payload bytes claimed.</summary>
    public long Bytes { get; set; }

    /// <inheritdoc/>
    public override int Decode(in FrameView frame)
    {
        ReadOnlySpan<byte> payload = frame.Payload;
        if (payload.IsEmpty)
        {
            return 0; // not ours: the host offers the frame to the next decoder
        }
        if (_packets.HasSubscribers)
        {
            _packets.Publish(new FeedPacket(Datagrams, payload.Length, frame.RxTimestampNs));
        }
        Datagrams++;
        Bytes += payload.Length;
        return payload.Length;
    }
}
