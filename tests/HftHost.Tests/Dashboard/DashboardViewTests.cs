using HftHost.Dashboard;
using Spectre.Console;
using static HftHost.Tests.Dashboard.DashboardTables;

namespace HftHost.Tests.Dashboard;

/// <summary>The dashboard's renderer with a model made by hand: each figure lands in its cell, formatted.</summary>
public class DashboardViewTests
{
    private static DashboardModel Model(bool final = false) => new()
    {
        Title = "replay feed.pcap",
        ElapsedSeconds = 2.4,
        Final = final,
        RateWindow = "last 0.25 s",
        Host = new HostTotals
        {
            Frames = 1_234_567,
            FramesPerSecond = 98_765.4,
            Bytes = 500_000_000,
            MegabitsPerSecond = 1_234.5,
            Malformed = 2,
            RingFullDrops = 3,
            KernelDrops = 4,
            Unclaimed = 5,
            HandlerFaults = 6,
            Collections = [1, 0, 0],
            AllocatedBytes = 7_654_321,
        },
        Progress = new ReplayProgress(BytesDone: 500, BytesTotal: 1000, Frames: 1_234_567),
        Feeds =
        [
            new FeedRow { Session = "VENUE01", Packets = 10_000, PacketsPerSecond = 4_000.4, Messages = 120_000, MessagesPerSecond = 48_000.6, Gaps = 2, GapMessages = 17, Duplicates = 1, Reorders = 3, Score = 87.654 },
            new FeedRow { Session = "VENUE02", Packets = 5, Messages = 50, Score = null },
        ],
        Latency =
        [
            new LatencyRow("VENUE01", "exchange-rx", P50: 12_345, P90: 23_456, P99: 99_949, P999: 150_000, Max: 2_000_001),
        ],
        Quotes =
        [
            new QuoteRow { Session = "VENUE01", Symbol = "AAPL", BidPrice = 1_234_500, BidShares = 1_200, AskPrice = 1_234_600, AskShares = 300, Changes = 9 },
            new QuoteRow { Session = "VENUE02", Symbol = "[MSFT]", BidPrice = 999, BidShares = 100, AskPrice = null, AskShares = 0, Changes = 0 },
        ],
        Notes = ["best bid/offer: plugin OrderBook is quarantined"],
    };

    [Fact]
    public void Should_put_each_feed_figure_in_its_cell()
    {
        string text = new DashboardText().Render(Model());

        Assert.Equal(["VENUE01", "10,000", "4,000", "120,000", "48,001", "2", "17", "1", "3", "87.65"], Row(text, 10, "VENUE01"));
        Assert.Equal(["VENUE02", "5", "0", "50", "0", "0", "0", "0", "0", "-"], Row(text, 10, "VENUE02"));
        Assert.Equal(["session", "frames", "frames/s", "msgs", "msgs/s", "gaps", "gap msgs", "dups", "reorders", "score"], Row(text, 10, "session", "frames"));
    }

    [Fact]
    public void Should_show_latency_percentiles_in_microseconds()
    {
        string text = new DashboardText().Render(Model());

        Assert.Equal(["VENUE01", "exchange-rx", "12.3", "23.5", "99.9", "150.0", "2000.0"], Row(text, 7, "VENUE01", "exchange-rx"));
        Assert.Equal(["session", "metric", "p50", "p90", "p99", "p99.9", "max"], Row(text, 7, "session", "metric"));
    }

    [Fact]
    public void Should_show_best_bid_and_offer_with_four_decimals_and_a_dash_for_an_empty_side()
    {
        string text = new DashboardText().Render(Model());

        Assert.Equal(["VENUE01", "AAPL", "1,200", "123.4500", "123.4600", "300", "9"], Row(text, 7, "VENUE01", "AAPL"));
        // A name that looks like Spectre markup is shown as it is.
        Assert.Equal(["VENUE02", "[MSFT]", "100", "0.0999", "-", "-", "0"], Row(text, 7, "VENUE02", "[MSFT]"));
    }

    [Fact]
    public void Should_show_progress_host_totals_notes_and_mark_the_final_snapshot()
    {
        string live = new DashboardText().Render(Model());
        string final = new DashboardText().Render(Model(final: true));

        string[] lines = final.Split('\n');
        Assert.Equal(DashboardText.Marker + " (final) " + new string('=', 40), lines[0]);
        Assert.StartsWith(DashboardText.Marker + " =", live, StringComparison.Ordinal);
        Assert.Contains("replay feed.pcap  elapsed 2.4 s  rates over the last 0.25 s  (final)", final, StringComparison.Ordinal);
        Assert.Contains("progress  [###############---------------]  50.0%  500 / 1,000 bytes  frames 1,234,567", lines);
        Assert.Contains(
            "host      frames 1,234,567 (98,765/s, 1,234.5 Mbit/s)  malformed 2  ring-full 3  kernel drops 4  unclaimed 5  faults 6", lines);
        Assert.Contains("memory    GCs gen0/1/2 1/0/0  allocated 7,654,321 B (whole process, since the start)", lines);
        Assert.Contains("note: best bid/offer: plugin OrderBook is quarantined", lines);
    }

    [Fact]
    public void Should_leave_out_the_tables_that_have_no_rows()
    {
        DashboardModel empty = Model() with { Feeds = [], Latency = [], Quotes = [], Progress = null };

        string text = new DashboardText().Render(empty);

        Assert.DoesNotContain("Feeds", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Latency", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Best bid/offer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("progress", text, StringComparison.Ordinal);
        Assert.Contains("host      frames 1,234,567", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_render_the_live_view_with_the_same_cells_on_a_terminal_console()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        console.Profile.Capabilities.Unicode = true;

        console.Write(DashboardView.Build(Model()));

        // Rounded box drawing and ANSI styles, the same figures.
        string text = output.ToString();
        Assert.Contains("╭", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[", text, StringComparison.Ordinal);
        foreach (string cell in new[] { "VENUE01", "120,000", "87.65", "2000.0", "123.4500", "[MSFT]" })
        {
            Assert.Contains(cell, text, StringComparison.Ordinal);
        }
    }
}
