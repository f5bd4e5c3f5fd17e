using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HftHost.Tests.Support;

namespace HftHost.Tests.Metrics;

/// <summary>The Prometheus endpoint of a running host, scraped over HTTP as Prometheus would.</summary>
[Collection(nameof(HftHost.Tests.Plugins.PluginReloadCollection))]
public class PrometheusEndpointTests
{
    [Fact]
    public async Task Should_serve_the_frame_counters_and_the_plugins_figures_while_replaying()
    {
        using var dir = new TempDir();
        string capture = dir.File("feed.pcap");
        // A generated feed replayed at its recorded pace: the host runs for a few seconds.
        Shell.Check(RepoPaths.Host, "gen", "itch", "--venues", "2", "--symbols", "5", "--messages", "20000", "--seed", "1", "--out", capture);
        string scrape = "";
        // The port is free when chosen but may be taken before the host binds it (another
        // test's connection): the host then refuses with "cannot serve metrics" and exits 2,
        // and the test takes another port. Any other early exit fails with the host's output.
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var info = new ProcessStartInfo(RepoPaths.Host) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "replay", capture, "--pace", "x1", "--max-gap", "10ms", "--loop", "50", "--json", "--metrics-port", port.ToString(CultureInfo.InvariantCulture),
                "--plugins", Path.Combine(RepoPaths.Root, "artifacts", "plugins"), "--no-watch", "--control", dir.File("c.sock") })
            {
                info.ArgumentList.Add(a);
            }
            using Process host = Process.Start(info)!;
            var errors = new System.Text.StringBuilder();
            host.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
            host.OutputDataReceived += (_, _) => { };
            host.BeginErrorReadLine();
            host.BeginOutputReadLine();
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (!scrape.Contains("moldudp64_messages_total", StringComparison.Ordinal) && !host.HasExited)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"no plugin figures on http://127.0.0.1:{port}/metrics in 30 s; last scrape:\n{scrape}");
                    await Task.Delay(100);
                    try
                    {
                        scrape = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // not listening yet (or another program has the port: the host exits)
                    }
                }
            }
            finally
            {
                if (!host.HasExited)
                {
                    Shell.Check("kill", "-INT", host.Id.ToString(CultureInfo.InvariantCulture));
                }
                Assert.True(host.WaitForExit(30_000), "the host did not stop on SIGINT");
            }
            host.WaitForExit(); // the output readers are done
            string output;
            lock (errors)
            {
                output = errors.ToString();
            }
            if (scrape.Contains("moldudp64_messages_total", StringComparison.Ordinal))
            {
                break;
            }
            Assert.True(attempt < 3 && output.Contains("cannot serve metrics", StringComparison.Ordinal), $"the host exited {host.ExitCode} before serving its figures:\n{output}");
        }

        Assert.Contains("# TYPE hfthost_frames_total counter\n", scrape, StringComparison.Ordinal);
        Assert.Matches(@"hfthost_frames_total\{plugin=""hfthost""\} [1-9][0-9]*\n", scrape);
        // Frames flowed, so the poll loops spent time on them.
        Match busy = Regex.Match(scrape, @"hfthost_poll_busy_seconds_total\{plugin=""hfthost""\} ([0-9.eE+-]+)\n");
        Assert.True(busy.Success, scrape);
        Assert.True(double.Parse(busy.Groups[1].Value, CultureInfo.InvariantCulture) > 0, busy.Value);
        Assert.Matches(@"hfthost_empty_polls_total\{plugin=""hfthost""\} [0-9]+\n", scrape);
        Assert.Matches(@"moldudp64_messages_total\{plugin=""MoldUdp64"",session=""VENUE01""\} [1-9][0-9]*\n", scrape);
        Assert.Matches(@"itch50_messages_total\{plugin=""Itch50"",type=""A""\} [1-9][0-9]*\n", scrape);
        Assert.Matches(@"orderbook_orders\{plugin=""OrderBook""\} [0-9]+\n", scrape);
        Assert.Matches(@"orderbook_displaced_orders_total\{plugin=""OrderBook""\} [0-9]+\n", scrape);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
