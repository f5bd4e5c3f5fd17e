using System.Globalization;
using System.Text;
using System.Text.Json;
using HftHost.CrossVenue;
using HftHost.OrderBook;

namespace HftHost.Plugins.CrossVenue;

/// <summary>The answers to the plugin's queries, as JSON (control thread work: allocates freely).</summary>
internal static class CrossVenueJson
{
    /// <summary>A price in 1/10,000 as text with its 4 decimals: 1234500 → "123.4500".</summary>
    public static string PriceText(long price) =>
        string.Create(CultureInfo.InvariantCulture, $"{price / 10_000}.{price % 10_000:D4}");

    /// <summary>Thresholds, counts, the listed closed opportunities (oldest first) and the ones open now.</summary>
    public static string Opportunities(CrossVenuePlugin plugin)
    {
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("min_spread_bps", plugin.Settings.MinSpreadBps);
            json.WriteNumber("min_duration_ns", plugin.MinDurationNs);
            json.WriteNumber("crossed", plugin.Crossed);
            json.WriteNumber("locked", plugin.Locked);
            json.WriteNumber("dislocations_seen", plugin.Dislocations);
            json.WriteNumber("short_lived", plugin.ShortLived);
            json.WriteNumber("unlisted", plugin.History.Total - plugin.History.Count);
            json.WriteStartArray("opportunities");
            foreach (CrossVenueOpportunity o in plugin.History.All())
            {
                WriteOpportunity(json, plugin, o);
            }
            json.WriteEndArray();
            json.WriteStartArray("open");
            foreach (SymbolMarket market in plugin.Markets)
            {
                if (market.IsOpen)
                {
                    WriteOpportunity(json, plugin, market.Open);
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Per symbol: the consolidated best bid and offer with their venues, and each venue's quote.</summary>
    public static string Nbbo(CrossVenuePlugin plugin)
    {
        return Write(json =>
        {
            int venues = plugin.Venues.Count;
            json.WriteStartArray();
            foreach (SymbolMarket market in plugin.Markets.OrderBy(m => m.Symbol.Value))
            {
                int bid = market.BestBid(venues);
                int ask = market.BestAsk(venues);
                json.WriteStartObject();
                json.WriteString("symbol", market.Symbol.ToString());
                WriteSide(json, "bid", bid < 0 ? null : plugin.Venues[bid].Name, bid < 0 ? default : market.Quote(bid).Bid);
                WriteSide(json, "ask", ask < 0 ? null : plugin.Venues[ask].Name, ask < 0 ? default : market.Quote(ask).Ask);
                string state = "normal";
                if (bid >= 0 && ask >= 0 && bid != ask)
                {
                    long b = market.Quote(bid).Bid.Price;
                    long a = market.Quote(ask).Ask.Price;
                    state = b > a ? "crossed" : b == a ? "locked" : "normal";
                }
                json.WriteString("state", state);
                json.WriteStartArray("venues");
                for (int v = 0; v < venues; v++)
                {
                    ref VenueQuote q = ref market.Quote(v);
                    if (q.Bid.IsEmpty && q.Ask.IsEmpty)
                    {
                        continue;
                    }
                    json.WriteStartObject();
                    json.WriteString("venue", plugin.Venues[v].Name);
                    WriteSide(json, "bid", null, q.Bid);
                    WriteSide(json, "ask", null, q.Ask);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    private static void WriteOpportunity(Utf8JsonWriter json, CrossVenuePlugin plugin, in CrossVenueOpportunity o)
    {
        json.WriteStartObject();
        json.WriteString("symbol", o.Symbol.ToString());
        json.WriteString("kind", o.Kind == DislocationKind.Crossed ? "crossed" : "locked");
        json.WriteString("buy_venue", plugin.NameOf(o.BuyVenue));
        json.WriteNumber("buy_price", o.BuyPrice);
        json.WriteString("buy_price_text", PriceText(o.BuyPrice));
        json.WriteString("sell_venue", plugin.NameOf(o.SellVenue));
        json.WriteNumber("sell_price", o.SellPrice);
        json.WriteString("sell_price_text", PriceText(o.SellPrice));
        json.WriteNumber("size", o.Size);
        json.WriteNumber("spread_bps", Math.Round(o.SpreadBps, 4));
        json.WriteNumber("start_ns", o.StartTimestamp);
        if (o.Phase == OpportunityPhase.Closed)
        {
            json.WriteNumber("end_ns", o.EndTimestamp);
            json.WriteNumber("duration_ns", o.DurationNs);
        }
        else
        {
            json.WriteNull("end_ns");
            json.WriteNull("duration_ns");
        }
        json.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter json, string name, string? venue, Quote quote)
    {
        if (quote.IsEmpty)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        if (venue is not null)
        {
            json.WriteString("venue", venue);
        }
        json.WriteNumber("price", quote.Price);
        json.WriteString("price_text", PriceText(quote.Price));
        json.WriteNumber("shares", quote.Shares);
        json.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            body(json);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
