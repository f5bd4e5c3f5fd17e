using System.Text.Json;
using HftHost.Plugins.FeedQuality;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Testing;
using HftHost.Tests.MarketData;

namespace HftHost.Tests.Analytics;

/// <summary>
/// The feed-quality plugin behind the MoldUDP64 plugin: on generated feeds its fault counts are
/// the ground truth's and its score follows the documented formula; hand-made frames with a
/// silence show staleness counted once per period.
/// </summary>
public class FeedQualityTests(GeneratedFeedFixture faulty, CleanFeedFixture clean) : IClassFixture<GeneratedFeedFixture>, IClassFixture<CleanFeedFixture>
{
    [Fact]
    public void Should_count_exactly_the_injected_gaps_duplicates_and_reorders_of_each_session()
    {
        using JsonDocument quality = Run(faulty.Pcap, out _);
        JsonElement[] faults = [.. faulty.Truth.RootElement.GetProperty("faults").EnumerateArray()];
        int sessions = 0;
        foreach (JsonElement ours in quality.RootElement.GetProperty("sessions").EnumerateArray())
        {
            string session = ours.GetProperty("session").GetString()!;
            JsonElement[] mine = [.. faults.Where(f => f.GetProperty("session").GetString() == session)];
            Assert.Equal(Count(mine, "gap"), ours.GetProperty("gaps").GetInt64());
            Assert.Equal(Messages(mine, "gap"), ours.GetProperty("gapMessages").GetInt64());
            Assert.Equal(Count(mine, "duplicate"), ours.GetProperty("duplicates").GetInt64());
            Assert.Equal(Messages(mine, "duplicate"), ours.GetProperty("duplicateMessages").GetInt64());
            Assert.Equal(Count(mine, "reorder"), ours.GetProperty("reorders").GetInt64());
            Assert.Equal(Messages(mine, "reorder"), ours.GetProperty("reorderMessages").GetInt64());
            Assert.Equal(0, ours.GetProperty("stalePeriods").GetInt64());
            Assert.True(ours.GetProperty("ended").GetBoolean());
            sessions++;
        }
        Assert.Equal(3, sessions);
        Assert.Equal(12, faults.Length);
    }

    [Fact]
    public void Should_score_a_faulty_feed_by_the_documented_formula_and_a_clean_one_100()
    {
        using JsonDocument faultyQuality = Run(faulty.Pcap, out FeedQualityPlugin plugin);
        JsonElement[] faults = [.. faulty.Truth.RootElement.GetProperty("faults").EnumerateArray()];
        foreach (JsonElement venue in faulty.Truth.RootElement.GetProperty("venues").EnumerateArray())
        {
            string session = venue.GetProperty("session").GetString()!;
            JsonElement[] mine = [.. faults.Where(f => f.GetProperty("session").GetString() == session)];
            // Every message the venue sent, delivered or lost: the formula's denominator.
            double all = venue.GetProperty("messages").GetInt64();
            double expected = 100
                - 50 * Math.Min(1, Messages(mine, "gap") / all / 0.01)
                - 10 * Math.Min(1, Messages(mine, "duplicate") / all / 0.01)
                - 10 * Math.Min(1, Messages(mine, "reorder") / all / 0.01);
            FeedSession ours = plugin.Sessions.Single(s => s.Name == session);
            Assert.Equal(expected, ours.Score(0, 1_000_000_000), 9);
            Assert.True(expected < 100, $"{session} scored {expected} with faults");
            Assert.Equal(Math.Round(expected, 4), faultyQuality.RootElement.GetProperty("sessions").EnumerateArray()
                .Single(s => s.GetProperty("session").GetString() == session).GetProperty("score").GetDouble(), 9);
        }

        using JsonDocument cleanQuality = Run(clean.Pcap, out _);
        JsonElement[] cleanSessions = [.. cleanQuality.RootElement.GetProperty("sessions").EnumerateArray()];
        Assert.Equal(3, cleanSessions.Length);
        Assert.All(cleanSessions, s =>
        {
            Assert.Equal(100.0, s.GetProperty("score").GetDouble());
            Assert.Equal(0, s.GetProperty("gaps").GetInt64() + s.GetProperty("duplicates").GetInt64() + s.GetProperty("reorders").GetInt64());
        });
    }

    [Fact]
    public void Should_report_a_feed_whose_frames_stop_stale_exactly_once_for_that_period()
    {
        var plugin = new FeedQualityPlugin();
        using var harness = new PluginTestHarness(plugin, new Dictionary<string, string?> { ["StaleAfterMilliseconds"] = "1000" });
        harness.AddPlugin(new MoldUdp64Plugin());
        const long Start = 1_717_387_200_000_000_000; // 2024-06-03 04:00 UTC
        const long Ms = 1_000_000;
        ulong next = 1;
        foreach (long at in new[] { 0L, 100, 200, 300, 5_300, 5_400, 5_500, 6_000 })
        {
            harness.Feed(MoldUdp64Frames.Data(next, 2), Start + at * Ms);
            next += 2;
        }

        FeedSession s = Assert.Single(plugin.Sessions);
        Assert.Equal(1, s.StalePeriods);
        Assert.Equal(4_000 * Ms, s.StaleNs); // 5 s of silence, 1 s of it allowed
        Assert.False(s.Stale);
        Assert.Equal(16, s.Messages);
        // 4 s stale out of 6 s observed: 2/3 of the time, the stale term saturated.
        Assert.Equal(100 - 30.0, s.Score(0, 1_000 * Ms), 9);
    }

    [Fact]
    public void Should_declare_a_silent_feed_stale_on_the_wall_clock_at_idle_and_not_count_it_again_when_it_resumes()
    {
        var plugin = new FeedQualityPlugin();
        using var harness = new PluginTestHarness(plugin, new Dictionary<string, string?> { ["StaleAfterMilliseconds"] = "20" });
        harness.AddPlugin(new MoldUdp64Plugin());
        const long Start = 1_717_387_200_000_000_000;
        harness.Feed(MoldUdp64Frames.Data(1, 1), Start);
        harness.Feed(MoldUdp64Frames.Heartbeat(2), Start + 5_000_000);

        plugin.OnIdle(drained: false); // notes when the traffic stopped
        Assert.Equal(0, plugin.Sessions[0].StalePeriods);
        Thread.Sleep(60);
        plugin.OnIdle(drained: false);
        plugin.OnIdle(drained: false);
        Assert.Equal(1, plugin.Sessions[0].StalePeriods);
        Assert.True(plugin.Sessions[0].Stale);

        harness.Feed(MoldUdp64Frames.Data(2, 1), Start + 500_000_000);
        Assert.Equal(1, plugin.Sessions[0].StalePeriods);
        Assert.False(plugin.Sessions[0].Stale);
        Assert.Equal(1, plugin.Sessions[0].Heartbeats);
    }

    [Fact]
    public void Should_carry_its_figures_across_a_reload()
    {
        using JsonDocument before = Run(faulty.Pcap, out FeedQualityPlugin old);
        using var stateStream = new MemoryStream();
        old.ExportState(stateStream);

        var reloaded = new FeedQualityPlugin();
        using var harness = new PluginTestHarness(reloaded);
        harness.ImportState(stateStream.ToArray());

        Assert.Equal(before.RootElement.GetRawText(), JsonDocument.Parse(reloaded.Query("quality")!).RootElement.GetRawText());
        Assert.Equal(3, reloaded.Sessions.Count);
    }

    private static JsonDocument Run(string pcap, out FeedQualityPlugin plugin)
    {
        plugin = new FeedQualityPlugin();
        using var harness = new PluginTestHarness(plugin);
        harness.AddPlugin(new MoldUdp64Plugin());
        ReplayResult result = harness.Replay(pcap);
        Assert.Equal(0, result.Faults);
        return JsonDocument.Parse(plugin.Query("quality")!);
    }

    private static long Count(JsonElement[] faults, string kind) => faults.Count(f => f.GetProperty("kind").GetString() == kind);

    private static long Messages(JsonElement[] faults, string kind) =>
        faults.Where(f => f.GetProperty("kind").GetString() == kind).Sum(f => f.GetProperty("count").GetInt64());
}
