using System.Globalization;
using System.Text.Json;
using HftHost.Itch50;

namespace HftHost.Generator;

/// <summary>
/// Writes what a feed holds, for tests and benchmarks to check a decoder against: the
/// parameters, each venue's session and counts, every fault with its sequence numbers,
/// messages per type, and the best bid and offer of every book at the end of the complete
/// feed (faults aside), from the generator's own record of every resting order; with cross
/// injection, every cross-venue cross and lock of the feed.
/// </summary>
internal static class GroundTruthWriter
{
    // Every type the generator writes, in the order a reader meets them.
    private static readonly byte[] Types = "SRAFECXDUP"u8.ToArray();

    private const int FlushAt = 64 * 1024;

    public static void Write(Stream output, GeneratorSettings settings, FeedGenerator feed)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("generator", "hfthost gen itch");
        WriteParameters(json, settings);
        json.WriteString("tradingDate", FeedGenerator.TradingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("midnightUnixNs", feed.MidnightUnixNs);
        json.WriteNumber("wireLatencyNs", FeedGenerator.WireLatencyNs);
        json.WriteNumber("firstTimestampNs", feed.FirstTimestampNs);
        json.WriteNumber("lastTimestampNs", feed.LastTimestampNs);
        json.WriteNumber("frames", feed.Frames);

        json.WriteStartArray("venues");
        foreach (VenueState venue in feed.Venues)
        {
            VenueEndpoint endpoint = venue.Endpoint;
            MoldPacketizer packets = venue.Packetizer;
            json.WriteStartObject();
            json.WriteNumber("venue", endpoint.Number);
            json.WriteString("session", endpoint.SessionText);
            json.WriteString("group", VenueEndpoint.FormatAddress(endpoint.Group));
            json.WriteNumber("port", endpoint.Port);
            json.WriteString("source", VenueEndpoint.FormatAddress(endpoint.Source));
            json.WriteNumber("sourcePort", endpoint.SourcePort);
            json.WriteNumber("messages", packets.Messages);
            json.WriteNumber("firstSequence", 1);
            json.WriteNumber("lastSequence", packets.Messages);
            json.WriteNumber("directoryLastSequence", packets.DirectoryLastSequence);
            json.WriteNumber("packets", packets.Packets);
            json.WriteNumber("heartbeats", packets.Heartbeats);
            json.WriteNumber("endOfSessionSequence", packets.NextSequence);
            json.WriteNumber("frames", feed.FramesOf(endpoint));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("faultCounts");
        json.WriteNumber("gap", feed.Faults.Count(f => f.Kind == FaultKind.Gap));
        json.WriteNumber("duplicate", feed.Faults.Count(f => f.Kind == FaultKind.Duplicate));
        json.WriteNumber("reorder", feed.Faults.Count(f => f.Kind == FaultKind.Reorder));
        json.WriteEndObject();
        json.WriteStartArray("faults");
        foreach (InjectedFault fault in feed.Faults.OrderBy(f => f.Venue.Number).ThenBy(f => f.First))
        {
            WriteFault(json, fault);
        }
        json.WriteEndArray();

        if (settings.InjectsCrosses)
        {
            WriteCrosses(json, feed.Crosses);
        }

        json.WriteStartObject("messageCounts");
        foreach (byte type in Types)
        {
            json.WriteNumber(((char)type).ToString(), feed.MessagesOfType(type));
        }
        json.WriteEndObject();

        json.WriteStartArray("symbols");
        for (int i = 0; i < feed.Stocks.Length; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("locate", i + 1);
            json.WriteString("symbol", feed.Stocks[i].ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("books");
        foreach (VenueState venue in feed.Venues)
        {
            for (int symbol = 0; symbol < venue.Symbols; symbol++)
            {
                WriteBook(json, venue.Endpoint, (ushort)(symbol + 1), venue.BookIfAny(symbol), feed.Stocks[symbol]);
                // The writer holds everything until flushed: a wide feed's books run to gigabytes.
                if (json.BytesPending > FlushAt)
                {
                    json.Flush();
                }
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A price in 1/10,000 as text with its 4 decimals: 1234500 → "123.4500".</summary>
    public static string PriceText(long price) =>
        string.Create(CultureInfo.InvariantCulture, $"{price / 10_000}.{price % 10_000:D4}");

    private static void WriteParameters(Utf8JsonWriter json, GeneratorSettings settings)
    {
        json.WriteStartObject("parameters");
        json.WriteNumber("venues", settings.Venues);
        json.WriteNumber("symbols", settings.Symbols);
        json.WriteNumber("messages", settings.Messages);
        json.WriteNumber("seed", settings.Seed);
        if (settings.MessagesPerPacket > 0)
        {
            json.WriteNumber("messagesPerPacket", settings.MessagesPerPacket);
        }
        else
        {
            json.WriteNull("messagesPerPacket");
            json.WriteNumber("maxPacketBytes", GeneratorSettings.DefaultMaxPacketBytes);
        }
        json.WriteNumber("gaps", settings.Gaps);
        json.WriteNumber("duplicates", settings.Duplicates);
        json.WriteNumber("reorders", settings.Reorders);
        if (settings.InjectsCrosses)
        {
            json.WriteNumber("crosses", settings.Crosses ?? 0);
            json.WriteNumber("locks", settings.Locks);
        }
        json.WriteEndObject();
    }

    // The only cross-venue dislocations of the feed (venues keep off each other's quotes
    // otherwise), in order: what a cross-venue consumer of the complete feed must report.
    private static void WriteCrosses(Utf8JsonWriter json, IReadOnlyList<InjectedCross> crosses)
    {
        json.WriteStartArray("crosses");
        foreach (InjectedCross cross in crosses)
        {
            json.WriteStartObject();
            json.WriteString("kind", cross.Kind == CrossKind.Crossed ? "crossed" : "locked");
            json.WriteString("symbol", cross.Symbol.ToString());
            json.WriteNumber("locate", cross.Locate);
            json.WriteString("injectedVenue", cross.Venue.SessionText);
            json.WriteString("injectedSide", cross.InjectedSide == Side.Buy ? "bid" : "ask");
            json.WriteNumber("injectedReference", cross.Reference);
            json.WriteString("buyVenue", cross.BuyVenue.SessionText);
            json.WriteNumber("buyPrice", cross.BuyPrice);
            json.WriteString("buyPriceText", PriceText(cross.BuyPrice));
            json.WriteNumber("buyShares", cross.BuyShares);
            json.WriteString("sellVenue", cross.SellVenue.SessionText);
            json.WriteNumber("sellPrice", cross.SellPrice);
            json.WriteString("sellPriceText", PriceText(cross.SellPrice));
            json.WriteNumber("sellShares", cross.SellShares);
            json.WriteNumber("size", cross.Size);
            json.WriteNumber("spreadBps", cross.SpreadBps);
            json.WriteNumber("startTimestampNs", cross.StartTimestamp);
            json.WriteNumber("endTimestampNs", cross.EndTimestamp);
            json.WriteNumber("durationNs", cross.EndTimestamp - cross.StartTimestamp);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteFault(Utf8JsonWriter json, InjectedFault fault)
    {
        json.WriteStartObject();
        json.WriteString("kind", fault.Kind switch
        {
            FaultKind.Gap => "gap",
            FaultKind.Duplicate => "duplicate",
            _ => "reorder",
        });
        json.WriteString("session", fault.Venue.SessionText);
        json.WriteNumber("venue", fault.Venue.Number);
        json.WriteNumber("first", fault.First);
        json.WriteNumber("last", fault.Last);
        json.WriteNumber("count", fault.Count);
        if (fault.Kind == FaultKind.Duplicate)
        {
            json.WriteNumber("framesLater", fault.FramesLater);
        }
        if (fault.Kind == FaultKind.Reorder)
        {
            // The packet held back (first..last) and the session's next packet, sent before it.
            json.WriteStartObject("sentAfter");
            json.WriteNumber("first", fault.SwappedFirst);
            json.WriteNumber("last", fault.SwappedLast);
            json.WriteNumber("count", fault.SwappedLast - fault.SwappedFirst + 1);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteBook(Utf8JsonWriter json, VenueEndpoint venue, ushort locate, SymbolBook? book, StockSymbol stock)
    {
        json.WriteStartObject();
        json.WriteString("session", venue.SessionText);
        json.WriteNumber("locate", locate);
        json.WriteString("symbol", stock.ToString());
        WriteTop(json, "bid", book?.Bids);
        WriteTop(json, "ask", book?.Asks);
        json.WriteNumber("bidLevels", book?.Bids.LevelCount ?? 0);
        json.WriteNumber("askLevels", book?.Asks.LevelCount ?? 0);
        json.WriteNumber("orders", book?.LiveCount ?? 0);
        json.WriteEndObject();
    }

    private static void WriteTop(Utf8JsonWriter json, string name, BookSide? side)
    {
        if (side is null || side.IsEmpty)
        {
            json.WriteNull(name);
            return;
        }
        ref PriceLevel best = ref side.Level(0);
        long price = (long)side.PriceOf(best.Key) * MarketModel.TickPrice;
        json.WriteStartObject(name);
        json.WriteNumber("price", price);
        json.WriteString("priceText", PriceText(price));
        json.WriteNumber("shares", best.Shares);
        json.WriteNumber("orders", best.Orders);
        json.WriteEndObject();
    }
}
