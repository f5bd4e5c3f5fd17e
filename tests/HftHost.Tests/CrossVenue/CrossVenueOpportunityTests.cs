using System.Text.Json;
using HftHost.CrossVenue;
using HftHost.Sdk.Testing;

namespace HftHost.Tests.CrossVenue;

/// <summary>
/// Arbitrage: a generated capture with injected crosses and locks, replayed through the real
/// MoldUdp64 → Itch50 → OrderBook → CrossVenue plugins, gives exactly the ground truth's
/// dislocations (venues, prices, size, start and end) and nothing else; the thresholds filter.
/// </summary>
public class CrossVenueOpportunityTests(CrossVenueFeedFixture feed) : IClassFixture<CrossVenueFeedFixture>
{
    private const double SpreadTolerance = 1e-9;

    [Fact]
    public void Should_report_every_injected_cross_and_lock_with_its_venues_prices_size_and_times_and_nothing_else()
    {
        IReadOnlyList<ExpectedOpportunity> expected = feed.Expected;
        Assert.Equal(CrossVenueFeedFixture.Crosses + CrossVenueFeedFixture.Locks, expected.Count);
        using var chain = new MarketDataChain();

        ReplayResult result = chain.Replay(feed.Pcap);

        Assert.Null(result.FileError);
        Assert.Equal(0, result.Faults);
        List<ExpectedOpportunity> closed = [.. chain.Closed];
        Assert.Equal(expected.Select(e => e.WithoutSpread()), closed.Select(c => c.WithoutSpread()));
        Assert.All(expected.Zip(closed), p => Assert.Equal(p.First.SpreadBps, p.Second.SpreadBps, SpreadTolerance));
        // With no minimum duration each is announced when it opens, then closed.
        Assert.Equal(expected.Count, chain.Events.Count(e => e.Phase == OpportunityPhase.Opened));
        Assert.All(chain.Events.Where(e => e.Phase == OpportunityPhase.Opened), e => Assert.Equal(0, e.EndTimestamp));

        using JsonDocument answer = JsonDocument.Parse(chain.Plugin.Query("opportunities")!);
        Assert.Equal(expected.Select(e => e.WithoutSpread()), answer.RootElement.GetProperty("opportunities").EnumerateArray().Select(o => ExpectedOpportunity.FromJson(o).WithoutSpread()));
        Assert.Empty(answer.RootElement.GetProperty("open").EnumerateArray());
        Assert.Equal(expected.Count, answer.RootElement.GetProperty("dislocations_seen").GetInt64());
    }

    [Fact]
    public void Should_report_a_locked_market_as_locked_with_no_spread()
    {
        using var chain = new MarketDataChain();

        chain.Replay(feed.Pcap);

        List<ExpectedOpportunity> locked = [.. chain.Closed.Where(c => c.Kind == "locked")];
        Assert.Equal(CrossVenueFeedFixture.Locks, locked.Count);
        Assert.All(locked, l => Assert.Equal(l.BuyPrice, l.SellPrice));
        Assert.All(locked, l => Assert.Equal(0, l.SpreadBps));
        Assert.All(chain.Closed.Where(c => c.Kind == "crossed"), c => Assert.True(c.SellPrice > c.BuyPrice && c.SpreadBps > 0, c.ToString()));
    }

    [Fact]
    public void Should_report_nothing_on_a_feed_whose_venues_never_lock_or_cross()
    {
        using var chain = new MarketDataChain();

        ReplayResult result = chain.Replay(feed.QuietPcap);

        Assert.Null(result.FileError);
        Assert.Empty(chain.Events);
        Assert.Equal(0, chain.Plugin.Dislocations);
        using JsonDocument nbbo = JsonDocument.Parse(chain.Plugin.Query("nbbo")!);
        Assert.Equal(40, nbbo.RootElement.GetArrayLength()); // every symbol consolidated: the books were built
        Assert.All(nbbo.RootElement.EnumerateArray(), s => Assert.Equal(4, s.GetProperty("venues").GetArrayLength()));
        Assert.All(nbbo.RootElement.EnumerateArray(), s => Assert.Equal("normal", s.GetProperty("state").GetString()));
    }

    [Fact]
    public void Should_report_only_the_crosses_at_least_the_minimum_spread_wide()
    {
        IReadOnlyList<ExpectedOpportunity> expected = feed.Expected;
        // Halfway between two spreads of the truth: the crosses above it pass, the locks (0 bps) never.
        double[] spreads = [.. expected.Select(e => e.SpreadBps).Where(s => s > 0).Distinct().Order()];
        double threshold = (spreads[spreads.Length / 2 - 1] + spreads[spreads.Length / 2]) / 2;
        using var chain = new MarketDataChain(new Dictionary<string, string?> { ["MinSpreadBps"] = threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture) });

        chain.Replay(feed.Pcap);

        List<ExpectedOpportunity> wide = [.. expected.Where(e => e.SpreadBps >= threshold)];
        Assert.InRange(wide.Count, 1, expected.Count - CrossVenueFeedFixture.Locks - 1);
        Assert.Equal(wide.Select(e => e.WithoutSpread()), chain.Closed.Select(c => c.WithoutSpread()));
    }

    [Fact]
    public void Should_report_only_the_dislocations_that_last_the_minimum_duration_and_announce_them_once_they_have()
    {
        IReadOnlyList<ExpectedOpportunity> expected = feed.Expected;
        long[] durations = [.. expected.Select(e => e.Duration()).Distinct().Order()];
        double thresholdNs = (durations[durations.Length / 2 - 1] + durations[durations.Length / 2]) / 2.0;
        using var chain = new MarketDataChain(new Dictionary<string, string?>
        {
            ["MinDurationMicroseconds"] = (thresholdNs / 1000).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        });

        chain.Replay(feed.Pcap);

        List<ExpectedOpportunity> lasting = [.. expected.Where(e => e.Duration() >= thresholdNs)];
        Assert.InRange(lasting.Count, 1, expected.Count - 1);
        Assert.Equal(lasting.Select(e => e.WithoutSpread()), chain.Closed.Select(c => c.WithoutSpread()));
        Assert.Equal(expected.Count - lasting.Count, chain.Plugin.ShortLived);
        // Announced once it had lasted the minimum (seen at a later book change), before it closed.
        List<CrossVenueOpportunity> opened = [.. chain.Events.Where(e => e.Phase == OpportunityPhase.Opened)];
        Assert.Equal(lasting.Count, opened.Count);
        for (int i = 0; i < chain.Events.Count; i += 2)
        {
            Assert.Equal(OpportunityPhase.Opened, chain.Events[i].Phase);
            Assert.Equal(OpportunityPhase.Closed, chain.Events[i + 1].Phase);
            Assert.Equal(chain.Events[i].StartTimestamp, chain.Events[i + 1].StartTimestamp);
        }
    }

    [Fact]
    public void Should_name_venues_from_the_settings_in_queries()
    {
        using var chain = new MarketDataChain(new Dictionary<string, string?> { ["VenueNames:VENUE01"] = "NASDAQ", ["VenueNames:VENUE02"] = "BX" });

        chain.Replay(feed.Pcap);

        using JsonDocument answer = JsonDocument.Parse(chain.Plugin.Query("opportunities")!);
        string[] venues = [.. answer.RootElement.GetProperty("opportunities").EnumerateArray()
            .SelectMany(o => new[] { o.GetProperty("buy_venue").GetString()!, o.GetProperty("sell_venue").GetString()! })];
        string[] expected = [.. feed.Expected.SelectMany(e => new[] { e.BuyVenue, e.SellVenue })
            .Select(v => v switch { "VENUE01" => "NASDAQ", "VENUE02" => "BX", _ => v })];
        Assert.Equal(expected, venues);
        Assert.Contains("NASDAQ", venues);
    }

    [Theory]
    [InlineData("MinSpreadBps", "-1", "MinSpreadBps must be 0 or more")]
    [InlineData("MinDurationMicroseconds", "-5", "MinDurationMicroseconds must be 0")]
    [InlineData("SymbolCapacity", "0", "SymbolCapacity must be 1")]
    [InlineData("NoSuchSetting", "1", "NoSuchSetting")]
    public void Should_refuse_bad_settings_naming_the_setting(string key, string value, string mentions)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PluginTestHarness(new HftHost.Plugins.CrossVenue.CrossVenuePlugin(), new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(mentions, error.ToString(), StringComparison.Ordinal);
    }
}
