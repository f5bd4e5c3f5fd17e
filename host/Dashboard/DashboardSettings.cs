namespace HftHost.Dashboard;

/// <summary>How <c>--dashboard</c> shows itself (<see cref="DashboardOptions"/> makes these from the command line).</summary>
internal sealed record DashboardSettings
{
    /// <summary>Default refresh of the live view on a terminal: 4 Hz.</summary>
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Default refresh of text snapshots (not a terminal): a CI log gets a few lines a minute, not 4 screens a second.</summary>
    public static readonly TimeSpan TextInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// By default best bid/offer is read once, after the data plane stopped: the OrderBook
    /// plugin builds each <c>bbo</c> answer on the poll thread (157,008 bytes for 75 books in
    /// DashboardAllocationTests), and the dashboard must not allocate there unless asked to.
    /// </summary>
    public static readonly TimeSpan DefaultQuoteInterval = TimeSpan.Zero;

    /// <summary>True: a live view redrawn in place on the terminal; false: plain-text snapshots to <see cref="Text"/>.</summary>
    public required bool Live { get; init; }

    public required TimeSpan Interval { get; init; }

    /// <summary>
    /// Time between two best bid/offer queries while traffic flows; <see cref="TimeSpan.Zero"/>
    /// (the default): only once, after the data plane stopped. Queries run on the poll threads
    /// between bursts, and the OrderBook plugin's answer is allocated there.
    /// </summary>
    public TimeSpan QuoteInterval { get; init; } = DefaultQuoteInterval;

    /// <summary>Where text snapshots go (stdout, or stderr when stdout carries --json).</summary>
    public TextWriter Text { get; init; } = Console.Out;

    /// <summary>Best bid/offer rows shown.</summary>
    public int Quotes { get; init; } = 10;
}
