using System.Diagnostics;
using System.Runtime.InteropServices;
using HftHost.Dashboard;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Metrics;
using HftHost.Plugins;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace HftHost.Cli;

/// <summary>
/// Runs one port through the data plane (the configured plugins, or the no-op handler) until the source ends,
/// Ctrl-C/SIGTERM, or a duration, showing progress on a terminal; returns the report.
/// Shared by <c>replay</c> and <c>listen</c>.
/// </summary>
internal static class PortRun
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

    public static RunReport Execute(
        string command, PortSettings settings, TimeSpan? duration, IdleMode idle, bool showProgress, ILogger logger,
        PluginRun? plugins = null, int? metricsPort = null, DashboardSettings? dashboard = null)
    {
        // Ctrl-C handling starts before the port opens: a signal during start-up (after
        // an XDP program is attached, say) must still end in a clean close.
        using var interrupt = new InterruptSignal();
        using NativePort port = NativePort.Open(settings);
        if (!port.OnHugepages)
        {
            logger.RingOnNormalPages(port.HugepageNote);
        }
        using var meters = new MeterReader(MeterReader.HostAndPlugins); // listening before the plugins create their instruments
        if (plugins is null)
        {
            using var pipeline = new PortPipeline<NoOpHandler>(port, _ => default, idle, logger);
            using var hostMeters = new HostMeters(pipeline.TotalCounters, port.GetStats);
            using PrometheusEndpoint? endpoint = metricsPort is int p ? PrometheusEndpoint.Start(p, meters, logger) : null;
            using LiveDashboard? view = LiveDashboard.For(dashboard, command, settings, pipeline.TotalCounters, port.GetStats, () => pipeline.Wait(TimeSpan.Zero), meters, logger);
            return Run(command, settings, port, pipeline, duration, showProgress, interrupt, logger, manager: null, view);
        }
        using var manager = new PluginManager(plugins.Options, port.QueueCount, plugins.Logging, plugins.Audit);
        manager.LoadAll();
        using ControlChannel? control = plugins.OpenControl(manager, logger);
        using var pluginPipeline = new PortPipeline<PluginHandler>(port, q => new PluginHandler(manager.Dispatchers[q]), idle, logger);
        using var pluginHostMeters = new HostMeters(pluginPipeline.TotalCounters, port.GetStats, () => manager.Dispatchers.Sum(d => d.Unclaimed));
        using PrometheusEndpoint? pluginEndpoint = metricsPort is int port2 ? PrometheusEndpoint.Start(port2, meters, logger) : null;
        using LiveDashboard? pluginView = LiveDashboard.For(
            dashboard, command, settings, pluginPipeline.TotalCounters, port.GetStats, () => pluginPipeline.Wait(TimeSpan.Zero), meters, logger, manager);
        RunReport report = Run(command, settings, port, pluginPipeline, duration, showProgress, interrupt, logger, manager, pluginView);
        plugins.AfterRun?.Invoke(manager);
        return report with { PluginMetrics = [.. meters.Collect().Where(m => m.Meter != HostMeters.Name)], PluginReports = PluginReports(manager) };
    }

    /// <summary>
    /// What each running plugin answers to the query <c>report</c> once the source has ended:
    /// the findings a plugin wants in the run report (the cross-venue opportunities, say).
    /// Plugins that do not understand it are left out.
    /// </summary>
    private static Dictionary<string, string> PluginReports(PluginManager manager)
    {
        var reports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (PluginStatus plugin in manager.List())
        {
            if (plugin.State == "running" && manager.Query(plugin.Name, "report") is (true, string answer))
            {
                reports[plugin.Name] = answer;
            }
        }
        return reports;
    }

    private static RunReport Run<THandler>(
        string command, PortSettings settings, NativePort port, PortPipeline<THandler> pipeline, TimeSpan? duration,
        bool showProgress, InterruptSignal interrupt, ILogger logger, PluginManager? manager, LiveDashboard? dashboard)
        where THandler : struct, IFrameHandler
    {
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        pipeline.Start();
        manager?.SetPollThreadsRunning(true);
        dashboard?.Start();
        bool interrupted;
        if (showProgress)
        {
            interrupted = RunWithProgress(command, pipeline, duration, interrupt, clock);
        }
        else
        {
            interrupted = WaitUntilDone(pipeline, duration, interrupt, clock, null);
        }
        dashboard?.StopQueries();
        pipeline.Stop();
        manager?.SetPollThreadsRunning(false);
        clock.Stop();
        // Whole process, from start to stop of the data plane: the poll threads allocate
        // nothing, so this is the control plane (progress display, logging, the supervisor).
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        int[] collections = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]];
        dashboard?.Finish(); // poll threads stopped, plugins still loaded: the final snapshot
        if (pipeline.Failure is { } failure)
        {
            throw new PortException($"the data plane stopped: {failure.Message}", failure);
        }
        FrameCounters counters = pipeline.TotalCounters();
        PortStats stats = port.GetStats();
        var report = new RunReport
        {
            Command = command,
            Source = settings.Source ?? settings.DpdkDevice ?? settings.Backend.ToString(),
            Backend = settings.Backend.ToString().ToLowerInvariant(),
            Driver = port.Driver,
            ZeroCopy = port.IsZeroCopy,
            TimestampSource = port.TimestampSource.ToString().ToLowerInvariant(),
            TscHz = port.TscCalibration.Hz,
            Queues = port.QueueCount,
            RingCapacity = port.RingCapacity,
            Hugepages = port.OnHugepages,
            Counters = counters,
            Stats = stats,
            Error = port.GetError(),
            ElapsedSeconds = clock.Elapsed.TotalSeconds,
            Interrupted = interrupted,
            AllocatedBytes = allocated,
            GcCollections = collections,
            Plugins = manager?.List(),
            UnclaimedFrames = manager?.Dispatchers.Sum(d => d.Unclaimed) ?? 0,
            FilteredFrames = manager?.Dispatchers.Sum(d => d.Filtered) ?? 0,
        };
        if (report.Unconsumed != 0)
        {
            logger.FramesUnconsumed(report.Unconsumed);
        }
        if (report.Error is not null)
        {
            logger.SourceError(report.Error.Offset, report.Error.Reason);
        }
        return report;
    }

    /// <summary>Returns true when stopped by a signal or the duration rather than by the source ending.</summary>
    private static bool WaitUntilDone<THandler>(
        PortPipeline<THandler> pipeline, TimeSpan? duration, InterruptSignal interrupt, Stopwatch clock,
        Action? onTick)
        where THandler : struct, IFrameHandler
    {
        while (!pipeline.Wait(RefreshInterval))
        {
            onTick?.Invoke();
            if (interrupt.IsSet || (duration is { } limit && clock.Elapsed >= limit))
            {
                return true;
            }
        }
        onTick?.Invoke();
        return false;
    }

    private static bool RunWithProgress<THandler>(
        string command, PortPipeline<THandler> pipeline, TimeSpan? duration, InterruptSignal interrupt,
        Stopwatch clock)
        where THandler : struct, IFrameHandler
    {
        bool interrupted = false;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(command, maxValue: 1.0);
                interrupted = WaitUntilDone(pipeline, duration, interrupt, clock, () =>
                {
                    PortStats stats = pipeline.Port.GetStats();
                    long frames = pipeline.TotalCounters().Frames;
                    task.Description = $"{command}: {frames:N0} frames";
                    if (stats.ProgressTotal > 0)
                    {
                        task.Value = (double)stats.ProgressDone / stats.ProgressTotal;
                    }
                    else if (duration is { } limit)
                    {
                        task.Value = Math.Min(1.0, clock.Elapsed / limit);
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }
                });
                task.Value = task.MaxValue;
            });
        return interrupted;
    }

    /// <summary>Ctrl-C (SIGINT) and SIGTERM request a clean stop instead of killing the process.</summary>
    private sealed class InterruptSignal : IDisposable
    {
        private readonly PosixSignalRegistration _sigint;
        private readonly PosixSignalRegistration _sigterm;
        private volatile bool _set;

        public InterruptSignal()
        {
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        public bool IsSet => _set;

        public void Dispose()
        {
            _sigint.Dispose();
            _sigterm.Dispose();
        }

        private void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            _set = true;
        }
    }
}
