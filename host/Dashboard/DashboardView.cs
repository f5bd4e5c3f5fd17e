using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HftHost.Dashboard;

/// <summary>
/// Draws a <see cref="DashboardModel"/> as Spectre.Console renderables: a header, replay progress,
/// the host's totals, then tables of feeds, latency percentiles and best bid/offer. Pure: the
/// same model always gives the same output, and nothing here reads the host.
/// Threading: any thread.
/// </summary>
internal static class DashboardView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Characters of the text progress bar.</summary>
    private const int BarWidth = 30;

    public static IRenderable Build(DashboardModel model, TableBorder? border = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        TableBorder tables = border ?? TableBorder.Rounded;
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(model.Title)}[/]  elapsed {model.ElapsedSeconds.ToString("F1", Invariant)} s  rates over the {Markup.Escape(model.RateWindow)}{(model.Final ? "  [bold](final)[/]" : "")}"),
        };
        if (model.Progress is { } progress)
        {
            parts.Add(new Text(ProgressLine(progress)));
        }
        parts.Add(new Text(HostLine(model.Host)));
        parts.Add(new Text(MemoryLine(model.Host)));
        if (model.Feeds.Count != 0)
        {
            parts.Add(FeedTable(model.Feeds, tables));
        }
        if (model.Latency.Count != 0)
        {
            parts.Add(LatencyTable(model.Latency, tables));
        }
        if (model.Quotes.Count != 0)
        {
            parts.Add(QuoteTable(model.Quotes, tables));
        }
        foreach (string note in model.Notes)
        {
            parts.Add(new Text("note: " + note));
        }
        return new Rows(parts);
    }

    /// <summary>"progress [#####-----]  50.0%  1,000 / 2,000 bytes  frames 10".</summary>
    public static string ProgressLine(ReplayProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.BytesTotal <= 0)
        {
            return string.Create(Invariant, $"progress  {progress.BytesDone:N0} bytes  frames {progress.Frames:N0}");
        }
        int filled = (int)Math.Round(progress.Fraction * BarWidth);
        string bar = new string('#', filled) + new string('-', BarWidth - filled);
        return string.Create(Invariant,
            $"progress  [{bar}] {progress.Fraction * 100,5:F1}%  {progress.BytesDone:N0} / {progress.BytesTotal:N0} bytes  frames {progress.Frames:N0}");
    }

    public static string HostLine(HostTotals host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return string.Create(Invariant,
            $"host      frames {host.Frames:N0} ({host.FramesPerSecond:N0}/s, {host.MegabitsPerSecond:N1} Mbit/s)  malformed {host.Malformed:N0}  " +
            $"ring-full {host.RingFullDrops:N0}  kernel drops {host.KernelDrops:N0}  unclaimed {host.Unclaimed:N0}  faults {host.HandlerFaults:N0}");
    }

    /// <summary>"memory    GCs 0/0/0  allocated 1,234 B" (the whole process, since the run started).</summary>
    public static string MemoryLine(HostTotals host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return string.Create(Invariant,
            $"memory    GCs gen0/1/2 {host.Collections[0]}/{host.Collections[1]}/{host.Collections[2]}  allocated {host.AllocatedBytes:N0} B (whole process, since the start)");
    }

    /// <summary>Nanoseconds as microseconds with one decimal: 12345 → "12.3".</summary>
    public static string Micros(long ns) => (ns / 1000.0).ToString("F1", Invariant);

    /// <summary>A price in 1/10,000 as text with 4 decimals: 1234500 → "123.4500"; null → "-".</summary>
    public static string Price(long? price) =>
        price is long p ? (p / 10_000m).ToString("0.0000", Invariant) : "-";

    private static Table FeedTable(IReadOnlyList<FeedRow> feeds, TableBorder border)
    {
        Table table = NewTable("Feeds", border, "session", "frames", "frames/s", "msgs", "msgs/s", "gaps", "gap msgs", "dups", "reorders", "score");
        foreach (FeedRow f in feeds)
        {
            table.AddRow(
                Cell(f.Session), Number(f.Packets), Number(f.PacketsPerSecond), Number(f.Messages), Number(f.MessagesPerSecond),
                Number(f.Gaps), Number(f.GapMessages), Number(f.Duplicates), Number(f.Reorders),
                Cell(f.Score is double s ? s.ToString("F2", Invariant) : "-"));
        }
        return table;
    }

    private static Table LatencyTable(IReadOnlyList<LatencyRow> rows, TableBorder border)
    {
        Table table = NewTable("Latency (µs)", border, "session", "metric", "p50", "p90", "p99", "p99.9", "max");
        foreach (LatencyRow r in rows)
        {
            table.AddRow(Cell(r.Session), Cell(r.Metric), Cell(Micros(r.P50)), Cell(Micros(r.P90)), Cell(Micros(r.P99)), Cell(Micros(r.P999)), Cell(Micros(r.Max)));
        }
        return table;
    }

    private static Table QuoteTable(IReadOnlyList<QuoteRow> quotes, TableBorder border)
    {
        Table table = NewTable("Best bid/offer (busiest symbols)", border, "session", "symbol", "bid size", "bid", "ask", "ask size", "changes");
        foreach (QuoteRow q in quotes)
        {
            table.AddRow(
                Cell(q.Session), Cell(q.Symbol),
                Cell(q.BidPrice is null ? "-" : q.BidShares.ToString("N0", Invariant)), Cell(Price(q.BidPrice)),
                Cell(Price(q.AskPrice)), Cell(q.AskPrice is null ? "-" : q.AskShares.ToString("N0", Invariant)),
                Number(q.Changes));
        }
        return table;
    }

    // Names to the left, figures to the right.
    private static Table NewTable(string title, TableBorder border, params string[] columns)
    {
        var table = new Table { Border = border, Title = new TableTitle(title) };
        for (int i = 0; i < columns.Length; i++)
        {
            var column = new TableColumn(new Text(columns[i]));
            table.AddColumn(columns[i] is "session" or "symbol" or "metric" ? column.LeftAligned() : column.RightAligned());
        }
        return table;
    }

    // Text, not markup: a session or symbol may hold '[' and must show as it is.
    private static Text Cell(string text) => new(text);

    private static Text Number(long value) => new(value.ToString("N0", Invariant));

    private static Text Number(double value) => new(value.ToString("N0", Invariant));
}
