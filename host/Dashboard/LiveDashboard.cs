using HftHost.DataPlane;
using HftHost.Metrics;
using HftHost.Native;
using HftHost.Plugins;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace HftHost.Dashboard;

/// <summary>
/// Runs the dashboard on its own thread ("hft-dashboard") while the data plane runs: every
/// <see cref="DashboardSettings.Interval"/> it collects a model and either redraws the live view
/// in place (a terminal) or writes a plain-text snapshot (anything else); <see cref="Finish"/>
/// adds the final snapshot, taken after the data plane stopped. The poll threads never wait for
/// it and it touches nothing of theirs but what <see cref="DashboardSources"/> lists.
/// Ctrl-C does not kill the process (the run's signal handler turns it into a stop), so the live
/// view always ends through <see cref="Finish"/> or <see cref="Dispose"/>, and Spectre.Console
/// restores the cursor when the view ends.
/// Threading: <see cref="Start"/>, <see cref="Finish"/> and <see cref="Dispose"/> from the thread that runs the port.
/// </summary>
internal sealed class LiveDashboard : IDisposable
{
    private readonly DashboardSettings _settings;
    private readonly DashboardCollector _collector;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly DashboardText _text = new();
    private volatile bool _final;
    private bool _failedOnce;

    public LiveDashboard(DashboardSettings settings, DashboardSources sources, ILogger logger)
    {
        _settings = settings;
        _collector = new DashboardCollector(sources, settings);
        _logger = logger;
        _thread = new Thread(Run) { Name = "hft-dashboard", IsBackground = true };
    }

    /// <summary>The dashboard of one port run, or null when <paramref name="settings"/> is null (no --dashboard).</summary>
    public static LiveDashboard? For(
        DashboardSettings? settings, string command, PortSettings port, Func<FrameCounters> counters, Func<PortStats> stats,
        Func<bool> pollThreadsDone, MeterReader meters, ILogger logger, PluginManager? plugins = null)
    {
        if (settings is null)
        {
            return null;
        }
        var sources = new DashboardSources
        {
            Title = $"{command} {port.Source ?? port.DpdkDevice ?? port.Backend.ToString()}",
            Counters = counters,
            Stats = stats,
            PollThreadsDone = pollThreadsDone,
            Meters = meters,
            IsReplay = port.Backend == PortBackend.Pcap,
            Unclaimed = plugins is null ? null : () => plugins.Dispatchers.Sum(d => d.Unclaimed),
            Query = plugins is null ? null : plugins.Query,
        };
        return new LiveDashboard(settings, sources, logger);
    }

    /// <summary>Starts refreshing; call once the data plane runs.</summary>
    public void Start()
    {
        _collector.Start();
        _thread.Start();
    }

    /// <summary>
    /// Call when the run is about to stop the data plane: no plugin query is posted to the poll
    /// threads from now on (one posted to a poll thread that ends first would wait for the
    /// plugin manager's swap timeout); the final snapshot asks again once they have stopped.
    /// </summary>
    public void StopQueries() => _collector.StopQueries();

    /// <summary>Shows the final snapshot and ends the view; call after the data plane stopped, before plugins unload.</summary>
    public void Finish()
    {
        _final = true;
        Stop();
    }

    /// <summary>Ends the view (without a final snapshot unless <see cref="Finish"/> came first).</summary>
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Stop()
    {
        if (_stop.IsSet)
        {
            return;
        }
        _stop.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        try
        {
            if (_settings.Live)
            {
                RunLive();
            }
            else
            {
                RunText();
            }
        }
        catch (Exception ex)
        {
            // An exception on this thread would end the process: the run goes on without the view
            // (stdout closed under it, say).
            _logger.DashboardStopped(ex.Message);
        }
    }

    private void RunLive()
    {
        AnsiConsole.Live(new Text("hfthost dashboard: starting"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .Start(ctx =>
            {
                while (!_stop.Wait(_settings.Interval))
                {
                    if (TryCollect(final: false) is { } model)
                    {
                        ctx.UpdateTarget(DashboardView.Build(model)); // redraws
                    }
                }
                if (_final && TryCollect(final: true) is { } last)
                {
                    ctx.UpdateTarget(DashboardView.Build(last));
                }
            });
    }

    private void RunText()
    {
        while (!_stop.Wait(_settings.Interval))
        {
            if (TryCollect(final: false) is { } model)
            {
                Write(model);
            }
        }
        if (_final && TryCollect(final: true) is { } last)
        {
            Write(last);
        }
    }

    private void Write(DashboardModel model)
    {
        _settings.Text.Write(_text.Render(model));
        _settings.Text.Flush();
    }

    // The dashboard must never take the run down: a figure that cannot be read (a plugin's
    // instrument callback that throws, say) costs one refresh and one log line.
    private DashboardModel? TryCollect(bool final)
    {
        try
        {
            return _collector.Collect(final);
        }
        catch (Exception ex)
        {
            if (!_failedOnce)
            {
                _failedOnce = true;
                _logger.DashboardRefreshFailed(ex.Message);
            }
            return null;
        }
    }
}
