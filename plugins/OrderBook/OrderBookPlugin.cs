using System.Globalization;
using System.Text;
using System.Text.Json;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.OrderBook;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk;

[assembly: HftPlugin(typeof(OrderBookPlugin))]

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// Full-depth order books per venue and instrument from the ITCH add, execute, cancel,
/// delete and replace messages of the runs the Itch50 plugin passes on (one
/// <see cref="ItchMessageRun"/> per packet, decoded here into <see cref="BookUpdater"/>).
/// Storage is pre-sized (an order index per venue, a block of level slots per instrument
/// side): after warm-up a message allocates nothing. Design: README.md next to this file.
/// Queries: <c>book SYMBOL [DEPTH]</c> (JSON: each venue's levels) and <c>bbo</c> (JSON:
/// best bid and offer of every instrument of every venue). The state a reload hands over is
/// every resting order and every instrument's symbol, so books survive a reload.
/// When a plugin subscribes to <see cref="TopOfBookChanged"/>, each message's instrument has its
/// best bid and offer read after the message and an event is published when they differ
/// from those after the previous message about it; with no subscriber that costs one check
/// per message.
/// </summary>
public sealed class OrderBookPlugin : HftPlugin, IEventSubscriber<ItchMessageRun>
{
    private const int StateVersion = 1;

    private readonly List<VenueBook> _venues = [];

    // The venues for readers on other threads (the meter's gauges, read by the metrics
    // endpoint and the dashboard): an array replaced, never changed, when a venue is added,
    // where enumerating the poll thread's list could meet it being resized.
    private VenueBook[] _venueSnapshot = [];

    /// <summary>Orders resting on every venue's book now.</summary>
    internal long RestingOrders => Volatile.Read(ref _venueSnapshot).Sum(v => (long)v.Orders);

    /// <summary>Orders every venue's index moved from its window to its overflow table since the start.</summary>
    internal long DisplacedOrders => Volatile.Read(ref _venueSnapshot).Sum(v => v.DisplacedSinceStart);
    private OrderBookSettings _settings = new();
    private VenueBook? _last;
    private EventPublisher<TopOfBookChanged>? _tops;
    private bool _watching; // a subscriber to the top was there at the last message: the venues' last tops are current

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _settings = registry.Context.GetSettings<OrderBookSettings>();
        registry.Subscribe<ItchMessageRun>(this);
        _tops = registry.AddEvent<TopOfBookChanged>();
        registry.Context.Meter.CreateObservableGauge("orderbook.orders", () => Volatile.Read(ref _venueSnapshot).Sum(v => (long)v.Orders));
        registry.Context.Meter.CreateObservableCounter("orderbook.unknown_orders", () => Volatile.Read(ref _venueSnapshot).Sum(v => v.UnknownOrders));
        registry.Context.Meter.CreateObservableCounter("orderbook.invalid_prices", () => Volatile.Read(ref _venueSnapshot).Sum(v => v.InvalidPrices));
        registry.Context.Meter.CreateObservableCounter("orderbook.inconsistent_levels", () => Volatile.Read(ref _venueSnapshot).Sum(v => v.Inconsistent));
        registry.Context.Meter.CreateObservableCounter("orderbook.displaced_orders", () => Volatile.Read(ref _venueSnapshot).Sum(v => v.DisplacedSinceStart));
        registry.Context.Meter.CreateObservableCounter("orderbook.saturated_levels", () => Volatile.Read(ref _venueSnapshot).Sum(v => v.Levels.Saturated));
    }

    /// <summary>Applies a packet's ITCH messages to the venue's books, one by one, in order.</summary>
    /// <param name="run">The messages; their bytes are valid during the call only.</param>
    public void OnEvent(in ItchMessageRun run)
    {
        var updater = new BookUpdater(this, Begin(run.Session), run.RxTimestampNs);
        // One message behind the walk: each message's order set and levels start loading while
        // the one before it is applied (hosted market-data benchmark, 30 runs taking turns:
        // 0.971, 0.962 of the time without). Two behind measured 1.018, 1.033 and 1.024 of one behind.
        // The first parse gets the empty span, which it passes over like any empty message.
        ReadOnlySpan<byte> pending = default;
        foreach (MoldMessage message in run.Messages)
        {
            ReadOnlySpan<byte> next = message.Payload;
            updater.PrefetchFor(next);
            ItchParser.ParseOrderFlow(pending, ref updater);
            pending = next;
        }
        ItchParser.ParseOrderFlow(pending, ref updater);
    }

    public override string? Query(string request)
    {
        string[] words = (request ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["book", string symbol] => Book(symbol, _settings.Depth),
            ["book", string symbol, string depth] when int.TryParse(depth, NumberStyles.None, CultureInfo.InvariantCulture, out int d) => Book(symbol, d),
            ["bbo"] => BestBidsAndOffers(),
            _ => null,
        };
    }

    public override void ExportState(Stream destination)
    {
        using BinaryWriter writer = PluginState.CreateWriter(destination, StateVersion);
        writer.Write(_venues.Count);
        foreach (VenueBook venue in _venues)
        {
            venue.Session.Write(writer);
            writer.Write(venue.Messages);
            writer.Write(venue.UnknownOrders);
            writer.Write(venue.DuplicateOrders);
            InstrumentBook[] instruments = [.. venue.Instruments];
            writer.Write(instruments.Length);
            foreach (InstrumentBook instrument in instruments)
            {
                writer.Write(instrument.Locate);
                writer.Write(instrument.Symbol.Value);
            }
            writer.Write(venue.Orders);
            foreach ((ulong reference, RestingOrder order) in venue.AllOrders())
            {
                writer.Write(reference);
                writer.Write((long)order.Price); // state version 1 wrote prices as 8 bytes
                writer.Write(order.Shares);
                writer.Write(order.Locate);
                writer.Write(order.IsBuy);
            }
        }
    }

    public override void ImportState(Stream source)
    {
        using BinaryReader? reader = PluginState.OpenReader(source, StateVersion, "OrderBook");
        if (reader is null)
        {
            return;
        }
        for (int venues = reader.ReadInt32(); venues > 0; venues--)
        {
            VenueBook venue = Venue(MoldSession.Read(reader.ReadBytes(MoldSession.Length)));
            long messages = reader.ReadInt64();
            long unknown = reader.ReadInt64();
            long duplicates = reader.ReadInt64();
            for (int instruments = reader.ReadInt32(); instruments > 0; instruments--)
            {
                venue.Instrument(reader.ReadUInt16()).Symbol = new StockSymbol(reader.ReadUInt64());
            }
            for (int orders = reader.ReadInt32(); orders > 0; orders--)
            {
                ulong reference = reader.ReadUInt64();
                long price = reader.ReadInt64();
                uint shares = reader.ReadUInt32();
                ushort locate = reader.ReadUInt16();
                venue.Add(reference, reader.ReadBoolean(), shares, price, locate, default);
            }
            (venue.Messages, venue.UnknownOrders, venue.DuplicateOrders) = (messages, unknown, duplicates);
        }
        _watching = false; // the next message takes every instrument's top from the imported books
    }

    // Before a message about an order: its venue, and when subscribers to the top came or
    // went since the last message, every instrument's top as it stands now (the "before" its
    // next message is compared with), so that a change is never missed nor invented.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private VenueBook Begin(MoldSession session)
    {
        if (_watching != _tops!.HasSubscribers)
        {
            ToggleWatching();
        }
        return Venue(session);
    }

    // Rare (a subscriber came or went), and kept out of line: inlined, its loops used up the
    // budget the JIT spends on inlining into OnEvent, and the run's enumerator stayed calls.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ToggleWatching()
    {
        _watching = !_watching;
        if (_watching)
        {
            foreach (VenueBook venue in _venues)
            {
                venue.TakeTops();
            }
        }
    }

    // After a message: its instrument's best bid and offer against those after the previous
    // message about it (the venue keeps them), published when they differ. One read of the
    // top per message, none while nobody subscribes.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void PublishIfChanged(VenueBook venue, ushort locate, long timestamp, long rxTimestampNs)
    {
        if (_watching)
        {
            PublishTopIfChanged(venue, locate, timestamp, rxTimestampNs);
        }
    }

    // Out of line: inlined into each message type's case of the parser, the top's compare and
    // publish used up the JIT's inlining budget before the parser's last cases.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PublishTopIfChanged(VenueBook venue, ushort locate, long timestamp, long rxTimestampNs)
    {
        if (venue.TopChanged(locate, out Quote bid, out Quote ask))
        {
            _tops!.Publish(new TopOfBookChanged(venue.Session, locate, venue.Instrument(locate).Symbol, bid, ask, timestamp, rxTimestampNs));
        }
    }

    private VenueBook Venue(MoldSession session)
    {
        if (_last is { } last && last.Session == session)
        {
            return last;
        }
        foreach (VenueBook venue in _venues)
        {
            if (venue.Session == session)
            {
                return _last = venue;
            }
        }
        return _last = AddVenue(session);
    }

    // Once per venue: out of line, so that the per-packet path inlined into OnEvent stays small.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private VenueBook AddVenue(MoldSession session)
    {
        var added = new VenueBook(session, _settings.OrderCapacity, _settings.LevelCapacity);
        _venues.Add(added);
        Volatile.Write(ref _venueSnapshot, [.. _venues]);
        return added;
    }

    private string Book(string symbol, int depth)
    {
        StockSymbol wanted = StockSymbol.FromText(symbol);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("symbol", symbol);
            json.WriteStartArray("venues");
            foreach (VenueBook venue in _venues)
            {
                if (venue.Find(wanted) is not { } book)
                {
                    continue;
                }
                json.WriteStartObject();
                json.WriteString("session", venue.Session.ToString());
                WriteLevels(json, "bids", venue.Levels.Depth(book.BidSide, depth));
                WriteLevels(json, "asks", venue.Levels.Depth(book.AskSide, depth));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private string BestBidsAndOffers()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (VenueBook venue in _venues)
            {
                foreach (InstrumentBook book in venue.Instruments)
                {
                    json.WriteStartObject();
                    json.WriteString("session", venue.Session.ToString());
                    json.WriteString("symbol", book.Symbol.ToString());
                    WriteBest(json, "bid", venue.Levels, book.BidSide);
                    WriteBest(json, "ask", venue.Levels, book.AskSide);
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteBest(Utf8JsonWriter json, string name, PriceLevels levels, int side)
    {
        if (!levels.TryBest(side, out PriceLevel best))
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        WriteLevel(json, best);
        json.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter json, string name, IEnumerable<PriceLevel> levels)
    {
        json.WriteStartArray(name);
        foreach (PriceLevel level in levels)
        {
            json.WriteStartObject();
            WriteLevel(json, level);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteLevel(Utf8JsonWriter json, PriceLevel level)
    {
        json.WriteNumber("price", level.Price);
        json.WriteString("price_text", (level.Price / 10_000m).ToString("0.0000", CultureInfo.InvariantCulture));
        json.WriteNumber("shares", level.Shares);
        json.WriteNumber("orders", level.Orders);
    }
}
