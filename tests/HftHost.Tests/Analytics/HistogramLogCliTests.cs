using System.Text.Json;
using HftHost.MoldUdp64;
using HftHost.Sdk.Histograms;
using HftHost.Tests.Support;

namespace HftHost.Tests.Analytics;

/// <summary>
/// <c>hfthost replay --hlog FILE</c>: the real host replays a generated capture through the
/// MoldUdp64 and Latency plugins and the log is read back with the SDK's reader. It starts with
/// the header lines the reference tools expect, has an interval per session and metric tagged
/// <c>VENUE0N.metric</c>, and its intervals add up to one value per message (exchange to rx)
/// and per data frame (wire), with the percentiles the plugin itself reports.
/// </summary>
public sealed class HistogramLogCliTests(CleanFeedFixture feed) : IClassFixture<CleanFeedFixture>, IDisposable
{
    private static readonly string[] Metrics = ["exchange_to_rx", "wire", "rx_to_plugin", "jitter"];
    private static readonly string[] Quantiles = ["p50", "p90", "p99", "p99.9", "p99.99", "max"];
    private static readonly double[] Percentiles = [50, 90, 99, 99.9, 99.99, 100];

    private readonly TempDir _dir = new();

    [Fact]
    public void Should_write_a_tagged_interval_log_whose_intervals_add_up_to_the_plugins_report()
    {
        string hlog = _dir.File("latency.hlog");
        Shell.Result run = Replay("--hlog", hlog, "--hlog-interval", "100ms");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var report = JsonDocument.Parse(run.Stdout);
        Dictionary<string, double> gauges = report.RootElement.GetProperty("plugin_metrics").EnumerateArray()
            .ToDictionary(m => $"{m.GetProperty("name").GetString()}{{{m.GetProperty("tags").GetString()}}}", m => m.GetProperty("value").GetDouble());

        string[] lines = File.ReadAllLines(hlog);
        Assert.StartsWith("#[Logged with HftHost Latency plugin", lines[0], StringComparison.Ordinal);
        Assert.Equal("#[Histogram log format version 1.3]", lines[1]);
        Assert.StartsWith("#[StartTime: ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("#[BaseTime: ", lines[3], StringComparison.Ordinal);
        Assert.Equal("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"", lines[4]);

        var merged = new Dictionary<string, HdrHistogram>(StringComparer.Ordinal);
        using (var text = new StreamReader(hlog))
        {
            var reader = new HistogramLogReader(text);
            while (reader.ReadNextInterval() is { } entry)
            {
                Assert.True(entry.IntervalLengthSec >= 0, $"{entry.Tag}: interval of {entry.IntervalLengthSec} s");
                Assert.InRange(entry.StartTimestampSec, reader.StartTimeSec!.Value, reader.StartTimeSec.Value + 600);
                if (!merged.TryGetValue(entry.Tag!, out HdrHistogram? sum))
                {
                    merged[entry.Tag!] = sum = entry.Histogram.Copy();
                    continue;
                }
                sum.Add(entry.Histogram);
            }
        }

        JsonElement[] venues = [.. feed.Truth.RootElement.GetProperty("venues").EnumerateArray()];
        Assert.Equal(
            venues.SelectMany(v => Metrics.Select(m => $"{v.GetProperty("session").GetString()}.{m}")).Order(StringComparer.Ordinal),
            merged.Keys.Order(StringComparer.Ordinal));
        foreach (JsonElement venue in venues)
        {
            string session = venue.GetProperty("session").GetString()!;
            int dataFrames = MoldCapture.DataFrameTimes(feed.Pcap, MoldSession.FromText(session)).Count;
            Assert.Equal(venue.GetProperty("messages").GetInt64(), merged[$"{session}.exchange_to_rx"].TotalCount);
            Assert.Equal(dataFrames, merged[$"{session}.wire"].TotalCount);
            Assert.Equal(dataFrames - 2, merged[$"{session}.jitter"].TotalCount); // a gap needs two frames, jitter two gaps
            Assert.Equal(0, merged[$"{session}.rx_to_plugin"].TotalCount); // a replay's receive times are years old: out of range
            foreach (string metric in new[] { "exchange_to_rx", "wire", "jitter" })
            {
                HdrHistogram h = merged[$"{session}.{metric}"];
                for (int p = 0; p < Quantiles.Length; p++)
                {
                    long fromLog = Percentiles[p] == 100 ? h.Max : h.GetValueAtPercentile(Percentiles[p]);
                    Assert.Equal(gauges[$"latency.{metric}{{quantile={Quantiles[p]},session={session}}}"], fromLog);
                }
            }
        }
    }

    [Fact]
    public void Should_refuse_hlog_without_the_latency_plugin()
    {
        Shell.Result noPlugins = Shell.Run(RepoPaths.Host, ["replay", feed.Pcap, "--hlog", _dir.File("x.hlog")]);
        Assert.Equal(2, noPlugins.ExitCode);
        Assert.Contains("--hlog needs the Latency plugin", noPlugins.Stderr, StringComparison.Ordinal);

        Shell.Result notLoaded = Replay("--hlog", _dir.File("y.hlog"), "--plugin", "MoldUdp64");
        Assert.Equal(2, notLoaded.ExitCode);
        Assert.Contains("--hlog needs the Latency plugin", notLoaded.Stderr, StringComparison.Ordinal);

        Shell.Result badInterval = Replay("--hlog", _dir.File("z.hlog"), "--hlog-interval", "soon");
        Assert.Equal(2, badInterval.ExitCode);
        Assert.Contains("--hlog-interval", badInterval.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("x.hlog")) || File.Exists(_dir.File("y.hlog")) || File.Exists(_dir.File("z.hlog")));
    }

    public void Dispose() => _dir.Dispose();

    private Shell.Result Replay(params string[] extra)
    {
        string[] pluginList = extra.Contains("--plugin") ? [] : ["--plugin", "MoldUdp64", "--plugin", "Latency"];
        return Shell.Run(RepoPaths.Host,
        [
            "replay", feed.Pcap, "--json", "--plugins", Path.Combine(RepoPaths.Root, "artifacts", "plugins"), .. pluginList,
            "--no-watch", "--control", _dir.File($"c{Guid.NewGuid():N}"[..9] + ".sock"), .. extra,
        ]);
    }
}
