using HftHost.DataPlane;
using HftHost.Metrics;
using HftHost.Native;

namespace HftHost.Dashboard;

/// <summary>
/// Where the dashboard reads from. Every source is safe off the poll threads: the poll loops'
/// counters and the shim's are plain counters read as they are (as reports and the progress bar
/// do), plugin figures come through their observable instruments (their callbacks run on the
/// reading thread), and plugin queries go through the plugin manager, which runs them on each
/// poll thread between bursts (the SDK's contract for <c>HftPlugin.Query</c>).
/// </summary>
internal sealed record DashboardSources
{
    /// <summary>The command and its source, e.g. "replay feed.pcap".</summary>
    public required string Title { get; init; }

    public required Func<FrameCounters> Counters { get; init; }

    public required Func<PortStats> Stats { get; init; }

    public required MeterReader Meters { get; init; }

    /// <summary>A file replay: show progress through the file.</summary>
    public bool IsReplay { get; init; }

    /// <summary>Frames no plugin decoder claimed; null without plugins.</summary>
    public Func<long>? Unclaimed { get; init; }

    /// <summary>
    /// True once the poll threads have ended (a replay drained): a query posted to a poll thread
    /// that has gone would wait for the plugin manager's swap timeout, so none is asked then.
    /// </summary>
    public Func<bool> PollThreadsDone { get; init; } = () => false;

    /// <summary>Asks a plugin (name, request) as <c>hfthost plugins query</c> does; null without plugins.</summary>
    public Func<string, string, (bool Ok, string Answer)>? Query { get; init; }
}
