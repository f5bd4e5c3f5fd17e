using System.CommandLine;
using HftHost.Cli;
using Spectre.Console;

namespace HftHost.Dashboard;

/// <summary>
/// The <c>--dashboard</c> options of a data-plane command, in one place: a command adds them with
/// <see cref="AddTo"/> and turns what was given into <see cref="DashboardSettings"/> with
/// <see cref="Read"/> (replay and listen do; a future command does the same two calls).
/// </summary>
internal sealed class DashboardOptions
{
    public Option<bool> Dashboard { get; } = new("--dashboard")
    {
        Description = "show a live view of rates, feed quality, latency and best bid/offer (plain-text snapshots when stdout is not a terminal)",
    };

    public Option<string?> Interval { get; } = new("--dashboard-interval")
    {
        Description = "with --dashboard: refresh this often (default 250ms on a terminal, 10s for text snapshots)",
    };

    public Option<string?> QuoteInterval { get; } = new("--dashboard-bbo-interval")
    {
        Description = "with --dashboard: ask the OrderBook plugin for best bid/offer this often while traffic flows, e.g. 1s " +
            "(default 0: only at the end; the plugin builds each answer on the poll threads, allocating there)",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Dashboard);
        command.Options.Add(Interval);
        command.Options.Add(QuoteInterval);
    }

    /// <summary>The settings, or null without --dashboard.</summary>
    /// <param name="json">--json was given: text snapshots go to stderr so stdout stays one JSON object.</param>
    /// <exception cref="UsageException">A bad value, or an interval without --dashboard.</exception>
    public DashboardSettings? Read(ParseResult result, bool json)
    {
        ArgumentNullException.ThrowIfNull(result);
        string? interval = result.GetValue(Interval);
        string? quotes = result.GetValue(QuoteInterval);
        if (!result.GetValue(Dashboard))
        {
            return interval is null && quotes is null
                ? null
                : throw new UsageException("--dashboard-interval and --dashboard-bbo-interval need --dashboard");
        }
        bool live = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        TimeSpan refresh = interval is null
            ? (live ? DashboardSettings.TerminalInterval : DashboardSettings.TextInterval)
            : ValueParsers.ParseDuration(interval, "--dashboard-interval");
        if (refresh < TimeSpan.FromMilliseconds(10))
        {
            throw new UsageException($"--dashboard-interval '{interval}' must be at least 10ms");
        }
        return new DashboardSettings
        {
            Live = live,
            Interval = refresh,
            QuoteInterval = quotes switch
            {
                null => DashboardSettings.DefaultQuoteInterval,
                "0" => TimeSpan.Zero,
                _ => ValueParsers.ParseDuration(quotes, "--dashboard-bbo-interval"),
            },
            Text = json ? Console.Error : Console.Out,
        };
    }
}
