using System.Buffers.Binary;
using System.Diagnostics;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;

namespace HftHost.Benchmarks;

/// <summary>
/// Decode + book with no plugin framework between them: each frame's MoldUDP64 blocks walked
/// (no sequencing, no counting, no event delivery), each message parsed by
/// <see cref="ItchParser"/> into the OrderBook plugin's own <see cref="BookUpdater"/> over its
/// venue's <see cref="VenueBook"/>. What the plugin chain costs is the full path's figure
/// minus this one, measured in the same process.
/// </summary>
internal static class DirectBookRun
{
    public static double Run(MarketDataRun.Capture capture)
    {
        var settings = new OrderBookSettings();
        var venues = new List<VenueBook>();
        var plugin = new OrderBookPlugin(); // never registered: nobody watches its top
        VenueBook? venue = null;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < capture.Frames; i++)
        {
            FrameView frame = capture.Parse(i);
            ReadOnlySpan<byte> payload = frame.Payload;
            if (!MoldUdp64Format.TryReadHeader(payload, out MoldSession session, out _, out ushort count) || count == MoldUdp64Format.EndOfSession)
            {
                continue;
            }
            if (venue?.Session != session)
            {
                venue = venues.Find(v => v.Session == session);
                if (venue is null)
                {
                    venue = new VenueBook(session, settings.OrderCapacity, settings.LevelCapacity);
                    venues.Add(venue);
                }
            }
            var updater = new BookUpdater(plugin, venue, frame.RxTimestampNs);
            int offset = MoldUdp64Format.HeaderLength;
            for (int m = 0; m < count && offset + 2 <= payload.Length; m++)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                ReadOnlySpan<byte> message = payload.Slice(offset + 2, Math.Min(length, payload.Length - offset - 2));
                ItchParser.Parse(message, ref updater);
                offset += 2 + length;
            }
        }
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds;
    }
}
