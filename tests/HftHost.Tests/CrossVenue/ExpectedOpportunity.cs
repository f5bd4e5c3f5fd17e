using System.Text.Json;
using HftHost.CrossVenue;

namespace HftHost.Tests.CrossVenue;

/// <summary>An opportunity as the ground truth lists it and as the plugin must report it (spread aside: a double, compared with a tolerance).</summary>
public readonly record struct ExpectedOpportunity(
    string Kind, string Symbol, string BuyVenue, long BuyPrice, string SellVenue, long SellPrice, long Size, long Start, long End, double SpreadBps)
{
    public long Duration() => End - Start;

    /// <summary>Everything but the spread, for exact comparison.</summary>
    public ExpectedOpportunity WithoutSpread() => this with { SpreadBps = 0 };

    public static ExpectedOpportunity FromTruth(JsonElement c) => new(
        c.GetProperty("kind").GetString()!, c.GetProperty("symbol").GetString()!,
        c.GetProperty("buyVenue").GetString()!, c.GetProperty("buyPrice").GetInt64(),
        c.GetProperty("sellVenue").GetString()!, c.GetProperty("sellPrice").GetInt64(),
        c.GetProperty("size").GetInt64(), c.GetProperty("startTimestampNs").GetInt64(), c.GetProperty("endTimestampNs").GetInt64(),
        c.GetProperty("spreadBps").GetDouble());

    public static ExpectedOpportunity FromEvent(in CrossVenueOpportunity o) => new(
        o.Kind == DislocationKind.Crossed ? "crossed" : "locked", o.Symbol.ToString(),
        o.BuyVenue.ToString(), o.BuyPrice, o.SellVenue.ToString(), o.SellPrice, o.Size, o.StartTimestamp, o.EndTimestamp, o.SpreadBps);

    /// <summary>From the plugin's JSON (query <c>opportunities</c>, or the run report).</summary>
    public static ExpectedOpportunity FromJson(JsonElement o) => new(
        o.GetProperty("kind").GetString()!, o.GetProperty("symbol").GetString()!,
        o.GetProperty("buy_venue").GetString()!, o.GetProperty("buy_price").GetInt64(),
        o.GetProperty("sell_venue").GetString()!, o.GetProperty("sell_price").GetInt64(),
        o.GetProperty("size").GetInt64(), o.GetProperty("start_ns").GetInt64(), o.GetProperty("end_ns").GetInt64(),
        o.GetProperty("spread_bps").GetDouble());
}
