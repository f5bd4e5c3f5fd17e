using System.Diagnostics;
using System.Text.Json;
using HftHost.Dashboard;
using HftHost.Tests.MarketData;
using HftHost.Tests.Support;
using static HftHost.Tests.Dashboard.DashboardTables;

namespace HftHost.Tests.Dashboard;

/// <summary>
/// <c>hfthost replay --dashboard</c> through the real executable, stdout redirected (so plain-text
/// snapshots), on a generated capture with injected faults and the real plugins from
/// artifacts/plugins: the final snapshot shows the ground truth's fault counts, latency
/// percentiles and a best bid/offer that matches <c>hfthost book</c>; the report still follows.
/// </summary>
[Collection(nameof(HftHost.Tests.Plugins.PluginReloadCollection))]
public class DashboardCliTests(GeneratedFeedFixture feed) : IClassFixture<GeneratedFeedFixture>
{
    private static readonly string Plugins = Path.Combine(RepoPaths.Root, "artifacts", "plugins");

    [Fact]
    public void Should_show_each_session_with_the_injected_faults_latency_and_best_bid_offer_in_the_final_snapshot()
    {
        using var dir = new TempDir();

        Shell.Result r = Shell.Run(RepoPaths.Host,
            ["replay", feed.Pcap, "--plugins", Plugins, "--no-watch", "--control", dir.File("c.sock"), "--dashboard"]);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        (string snapshot, string report) = FinalSnapshot(r.Stdout);
        JsonElement[] faults = [.. feed.Truth.RootElement.GetProperty("faults").EnumerateArray()];
        foreach (string session in feed.Sessions)
        {
            JsonElement[] mine = [.. faults.Where(f => f.GetProperty("session").GetString() == session)];
            string[] row = Row(snapshot, 10, session);
            // session, frames, frames/s, msgs, msgs/s, gaps, gap msgs, dups, reorders, score
            Assert.Equal(Count(mine, "gap"), Number(row[5]));
            Assert.Equal(mine.Where(f => f.GetProperty("kind").GetString() == "gap").Sum(f => f.GetProperty("count").GetInt64()), Number(row[6]));
            Assert.Equal(Count(mine, "duplicate"), Number(row[7]));
            Assert.Equal(Count(mine, "reorder"), Number(row[8]));
            Assert.True(Number(row[1]) > 0 && Number(row[3]) > 0, string.Join(" | ", row));
            Assert.InRange(Number(row[9]), 0, 99.99); // every session has a fault

            string[] latency = Row(snapshot, 7, session, "exchange-rx");
            double[] percentiles = [.. latency[2..].Select(Number)];
            Assert.True(percentiles[4] > 0, string.Join(" | ", latency));
            Assert.Equal(percentiles.Order(), percentiles); // p50 <= p90 <= p99 <= p99.9 <= max
        }
        Assert.True(faults.Length > 0 && feed.Sessions.All(s => faults.Any(f => f.GetProperty("session").GetString() == s)));

        // The busiest symbol's best bid and offer are those hfthost book finds at the end of the same capture.
        List<string[]> quotes = [.. feed.Sessions.SelectMany(s => Rows(snapshot, s)).Where(cells => cells.Length == 7 && cells[1] != "exchange-rx")];
        Assert.NotEmpty(quotes);
        string[] top = quotes[0];
        using var book = JsonDocument.Parse(Shell.Check(RepoPaths.Host, "book", feed.Pcap, "--symbol", top[1], "--depth", "1", "--json", "--plugins", Plugins));
        JsonElement venue = book.RootElement.GetProperty("venues").EnumerateArray().Single(v => v.GetProperty("session").GetString() == top[0]);
        Assert.Equal(Best(venue, "bids"), (top[3], top[2]));
        Assert.Equal(Best(venue, "asks"), (top[4], top[5]));

        // The report is the one a run without --dashboard prints.
        Assert.StartsWith($"replay {feed.Pcap} (pcap", report, StringComparison.Ordinal);
        Assert.Contains("  plugins      ", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_stdout_one_json_object_and_write_the_snapshots_to_stderr_with_json()
    {
        using var dir = new TempDir();

        Shell.Result r = Shell.Run(RepoPaths.Host,
            ["replay", feed.Pcap, "--plugins", Plugins, "--no-watch", "--control", dir.File("c.sock"), "--dashboard", "--json"]);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        using var report = JsonDocument.Parse(r.Stdout);
        Assert.Equal(0, report.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Contains(DashboardText.Marker + " (final)", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardText.Marker, r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_host_totals_and_a_note_without_plugins()
    {
        Shell.Result r = Shell.Run(RepoPaths.Host, ["replay", feed.Pcap, "--dashboard"]);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        (string snapshot, _) = FinalSnapshot(r.Stdout);
        long frames = feed.Truth.RootElement.GetProperty("frames").GetInt64();
        Assert.Contains($"host      frames {frames:N0} (", snapshot, StringComparison.Ordinal);
        Assert.Contains("progress  [##############################] 100.0%", snapshot, StringComparison.Ordinal);
        Assert.Contains("note: no plugins loaded", snapshot, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dashboard-interval", "1s", "hfthost: --dashboard-interval and --dashboard-bbo-interval need --dashboard")]
    [InlineData("--dashboard", "--dashboard-interval=5ms", "hfthost: --dashboard-interval '5ms' must be at least 10ms")]
    [InlineData("--dashboard", "--dashboard-bbo-interval=soon", "hfthost: --dashboard-bbo-interval 'soon' is not a positive duration such as 10s, 500ms, 2m")]
    public void Should_refuse_bad_dashboard_options_with_one_line_and_exit_code_2(string first, string second, string message)
    {
        Shell.Result r = Shell.Run(RepoPaths.Host, ["replay", feed.Pcap, first, second]);

        Assert.Equal((2, message + "\n", ""), (r.ExitCode, r.Stderr, r.Stdout));
    }

    [Fact]
    public void Should_end_with_a_final_snapshot_and_the_report_on_ctrl_c()
    {
        using var dir = new TempDir();
        var info = new ProcessStartInfo(RepoPaths.Host) { RedirectStandardOutput = true, RedirectStandardError = true };
        // At the recorded pace, looped: runs until interrupted; a snapshot every 100 ms, best bid/offer
        // asked of the running poll thread every 200 ms.
        foreach (string a in new[] { "replay", feed.Pcap, "--pace", "x1", "--max-gap", "10ms", "--loop", "1000", "--plugins", Plugins, "--no-watch",
            "--control", dir.File("c.sock"), "--dashboard", "--dashboard-interval", "100ms", "--dashboard-bbo-interval", "200ms" })
        {
            info.ArgumentList.Add(a);
        }
        using Process host = Process.Start(info)!;
        var stdout = new System.Text.StringBuilder();
        var firstSnapshot = new ManualResetEventSlim();
        host.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.Append(e.Data).Append('\n');
            }
            if (e.Data?.StartsWith(DashboardText.Marker, StringComparison.Ordinal) == true)
            {
                firstSnapshot.Set();
            }
        };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        bool snapshotSeen = firstSnapshot.Wait(TimeSpan.FromSeconds(60));
        Shell.Check("kill", "-INT", host.Id.ToString());
        Assert.True(host.WaitForExit(30_000), "the host did not stop on SIGINT");
        host.WaitForExit(); // the output readers are done

        Assert.True(snapshotSeen, "no snapshot within 60 s");
        Assert.Equal(0, host.ExitCode);
        (string snapshot, string report) = FinalSnapshot(stdout.ToString());
        Assert.Contains("rates over the whole run  (final)", snapshot, StringComparison.Ordinal);
        Assert.Contains("(interrupted)", report, StringComparison.Ordinal);
        Assert.Contains("Best bid/offer (busiest symbols)", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("note:", snapshot, StringComparison.Ordinal);
    }

    // The last snapshot (the final one) and what follows it (the report).
    private static (string Snapshot, string Report) FinalSnapshot(string stdout)
    {
        int start = stdout.LastIndexOf(DashboardText.Marker + " (final)", StringComparison.Ordinal);
        Assert.True(start >= 0, "no final snapshot in:\n" + stdout);
        // The report's first line: "replay FILE (pcap, ..." (the snapshot's title has no parenthesis after the file).
        int end = System.Text.RegularExpressions.Regex.Match(stdout[start..], @"\nreplay \S+ \(pcap").Index + start;
        Assert.True(end > start, "no report after the final snapshot in:\n" + stdout[start..]);
        return (stdout[start..end], stdout[(end + 1)..]);
    }

    private static double Count(JsonElement[] faults, string kind) => faults.Count(f => f.GetProperty("kind").GetString() == kind);

    private static (string Price, string Shares) Best(JsonElement venue, string side) =>
        venue.GetProperty(side).EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } level
            ? (level.GetProperty("price_text").GetString()!, level.GetProperty("shares").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
            : ("-", "-");
}
