using System.Diagnostics.Metrics;
using HftHost.Latency;
using HftHost.Plugins.FeedQuality;
using HftHost.Plugins.Latency;
using HftHost.Plugins.MoldUdp64;
using HftHost.Sdk.Testing;
using HftHost.Tests.MarketData;

namespace HftHost.Tests.Analytics;

/// <summary>The analytics plugins' observable instruments carry the figures their queries show, per session.</summary>
public class AnalyticsMetricsTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    [Fact]
    public void Should_publish_scores_fault_counts_and_latency_percentiles_per_session()
    {
        var latency = new LatencyPlugin();
        var quality = new FeedQualityPlugin();
        using var harness = new PluginTestHarness(latency);
        harness.AddPlugin(quality);
        harness.AddPlugin(new MoldUdp64Plugin());
        harness.Replay(feed.Pcap); // ends with OnIdle(drained), which refreshes the gauges' snapshots

        var seen = new List<(string Instrument, string? Session, string? Quantile, double Value)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                // Only these instances': other tests run the same plugins meanwhile.
                if (ReferenceEquals(instrument.Meter, quality.Meter) || ReferenceEquals(instrument.Meter, latency.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, Tag(tags, "session"), Tag(tags, "quantile"), v)));
            listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, Tag(tags, "session"), Tag(tags, "quantile"), v)));
            listener.Start();
            listener.RecordObservableInstruments();
        }

        foreach (FeedSession s in quality.Sessions)
        {
            Assert.Equal(s.Score(0, 1_000_000_000), Single(seen, "feedquality.score", s.Name, null), 9);
            Assert.Equal(s.Gaps, Single(seen, "feedquality.gaps", s.Name, null));
            Assert.Equal(s.GapMessages, Single(seen, "feedquality.gap_messages", s.Name, null));
            Assert.Equal(s.Duplicates, Single(seen, "feedquality.duplicates", s.Name, null));
            Assert.Equal(s.Reorders, Single(seen, "feedquality.reorders", s.Name, null));
            Assert.Equal(0, Single(seen, "feedquality.stale_periods", s.Name, null));
        }
        foreach (FeedLatency s in latency.Sessions)
        {
            long wire = s[LatencyMetric.Wire].HighestEquivalentValue(25_000);
            foreach (string q in new[] { "p50", "p90", "p99", "p99.9", "p99.99", "max" })
            {
                Assert.Equal(wire, Single(seen, "latency.wire", s.Name, q));
            }
            Assert.Equal(s[LatencyMetric.ExchangeToRx].GetValueAtPercentile(99), Single(seen, "latency.exchange_to_rx", s.Name, "p99"));
        }
        Assert.Equal(3, seen.Count(m => m.Instrument == "feedquality.score"));
        Assert.Equal(3 * 6, seen.Count(m => m.Instrument == "latency.jitter"));
    }

    private static double Single(List<(string Instrument, string? Session, string? Quantile, double Value)> seen, string instrument, string session, string? quantile) =>
        seen.Single(m => m.Instrument == instrument && m.Session == session && m.Quantile == quantile).Value;

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }
        return null;
    }
}
