using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Plugins;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Benchmarks;

/// <summary>
/// <c>HftHost.Benchmarks reload-pause [--reloads N] [--baseline-seconds S] [--frames-between F]
/// [--busy-spin] [--out FILE] [--markdown FILE]</c>: how long a hot reload stops a poll loop.
/// A generator port feeds one poll thread running the CountingPlugin through the host's
/// dispatcher; the thread times the intervals between its burst boundaries (idle turns are
/// counted, not timed: see <see cref="BurstGapRecorder"/>), first for S seconds with no
/// reload (what the machine alone costs: the scheduler, the generator sharing the cores),
/// then across N reloads alternating versions 2.0.0 and 1.0.0 dropped into the plugin
/// folder, at least F frames apart. Reported: the manager's own figure
/// (<see cref="ReloadResult.LongestPause"/>: the state hand-off on the poll thread), the same
/// boundary as the poll thread saw it and the JIT's share of it, the longest interval and the
/// long intervals per second of each phase (the reload phase's hold every GC the reloads
/// cause, including those that prove the old context collected), and whether the plugin
/// saw exactly the frames the generator sent, none lost or twice.
/// </summary>
internal static class ReloadPauseRun
{
    private const string PluginName = "CountingPlugin";
    private const int FeedPort = 30001;
    private const int Baseline = 0;
    private const int Reloading = 1;

    public static int Run(string[] args)
    {
        int reloads = 100;
        double baselineSeconds = 5;
        long framesBetween = 10_000;
        bool busySpin = false;
        string? output = null;
        string? markdown = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reloads" when i + 1 < args.Length:
                    reloads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--baseline-seconds" when i + 1 < args.Length:
                    baselineSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--frames-between" when i + 1 < args.Length:
                    framesBetween = long.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--busy-spin":
                    busySpin = true;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--markdown" when i + 1 < args.Length:
                    markdown = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"reload-pause: unknown argument '{args[i]}'");
                    return 2;
            }
        }

        string work = Path.Combine(Path.GetTempPath(), $"hfthost-bench-reload-{Environment.ProcessId}");
        string plugins = Path.Combine(work, "plugins");
        try
        {
            Deploy(plugins, version: 1);
            return Measure(work, plugins, reloads, baselineSeconds, framesBetween, busySpin, output, markdown);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Measure(
        string work, string plugins, int reloads, double baselineSeconds, long framesBetween, bool busySpin, string? output, string? markdown)
    {
        IConfiguration settings = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Port", FeedPort.ToString(CultureInfo.InvariantCulture))])
            .Build();
        using var manager = new PluginManager(
            new PluginHostOptions
            {
                Directory = plugins,
                Load = [PluginName],
                Watch = false, // reloads come from this run only, never a second one from the folder watcher
                ShadowRoot = Path.Combine(work, "shadow"),
                Plugins = new Dictionary<string, PluginEntry> { [PluginName] = new(settings, []) },
            },
            queueCount: 1,
            NullLoggerFactory.Instance);
        manager.LoadAll();
        BuildChecks.RequireOptimizedPlugins(manager.Dispatchers[0]);
        using NativePort port = NativePort.Open(new PortSettings
        {
            // Wait: the generator never drops, so every sequence number must reach the plugin.
            Backend = PortBackend.Generator, GeneratorFrames = 0, Overflow = OverflowPolicy.Wait, RingCapacity = 4096,
        });
        var recorder = new BurstGapRecorder(reloads);
        using var pipeline = new PortPipeline<GapRecordingHandler>(
            port, q => new GapRecordingHandler(manager.Dispatchers[q], recorder),
            busySpin ? IdleMode.BusySpin : IdleMode.Backoff, NullLogger.Instance);
        pipeline.Start();
        manager.SetPollThreadsRunning(true);

        // Warm-up: the dispatcher and decoder reach optimised code before anything is measured.
        WaitForFrames(pipeline, 2_000_000);

        GcSnapshot gcBefore = GcSnapshot.Take();
        long framesBefore = Consumed(pipeline);
        recorder.Phase = Baseline;
        long baselineStart = Stopwatch.GetTimestamp();
        Thread.Sleep(TimeSpan.FromSeconds(baselineSeconds));
        TimeSpan baselineElapsed = Stopwatch.GetElapsedTime(baselineStart);
        long baselineFrames = Consumed(pipeline) - framesBefore;
        GcSnapshot baselineGc = GcSnapshot.Take() - gcBefore;

        var pauses = new List<TimeSpan>(reloads);
        var walls = new List<TimeSpan>(reloads);
        int succeeded = 0, collected = 0, versionsAsExpected = 0;
        var failures = new List<string>();
        long stateBytes = 0;
        gcBefore = GcSnapshot.Take();
        framesBefore = Consumed(pipeline);
        recorder.Phase = Reloading;
        long reloadStart = Stopwatch.GetTimestamp();
        for (int reload = 1; reload <= reloads; reload++)
        {
            // A new build dropped into the plugin folder: 2.0.0 and 1.0.0 by turns.
            int version = reload % 2 == 1 ? 2 : 1;
            Deploy(plugins, version);
            long before = Consumed(pipeline);
            recorder.ExpectHandoff();
            long started = Stopwatch.GetTimestamp();
            ReloadResult result = manager.Reload(PluginName);
            walls.Add(Stopwatch.GetElapsedTime(started));
            pauses.Add(result.LongestPause);
            succeeded += result.Succeeded ? 1 : 0;
            collected += result.OldCollected ? 1 : 0;
            if (!result.Succeeded || !result.OldCollected)
            {
                failures.Add($"reload {reload}: {result.Message}");
            }
            PluginStatus status = manager.List()[0];
            versionsAsExpected += status.Version.StartsWith($"{version}.0.0", StringComparison.Ordinal) ? 1 : 0;
            stateBytes = status.LastReloadStateBytes;
            WaitForFrames(pipeline, before + framesBetween); // traffic flows between reloads
        }
        TimeSpan reloadElapsed = Stopwatch.GetElapsedTime(reloadStart);
        long reloadFrames = Consumed(pipeline) - framesBefore;
        GcSnapshot reloadGc = GcSnapshot.Take() - gcBefore;
        recorder.Phase = -1;

        pipeline.Stop(); // the generator stops; the poll thread drains the ring and exits
        manager.SetPollThreadsRunning(false);
        PortStats stats = port.GetStats();
        long sent = (long)stats.Frames;
        long consumed = pipeline.TotalCounters().Frames;
        PluginStatus final = manager.List()[0];
        FrameDispatcher dispatcher = manager.Dispatchers[0];
        (long stateFrames, ulong nextSequence, long missing, long repeated, long stateReloads) = PluginState(dispatcher);

        bool countsOk = pipeline.Failure is null && stats.RingFullDrops == 0 && consumed == sent && final.FramesClaimed == sent
            && dispatcher.Unclaimed == 0 && stateFrames == sent && nextSequence == (ulong)sent && missing == 0 && repeated == 0
            && stateReloads == reloads && final.Faults == 0;
        bool ok = countsOk && succeeded == reloads && collected == reloads && versionsAsExpected == reloads
            && final.LeakedGenerations.Count == 0;

        List<double> pauseUs = [.. pauses.Select(p => p.TotalMicroseconds).Order()];
        List<double> wallMs = [.. walls.Select(w => w.TotalMilliseconds).Order()];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("reloads", reloads);
            json.WriteNumber("reloads_succeeded", succeeded);
            json.WriteNumber("old_contexts_collected", collected);
            json.WriteNumber("versions_as_expected", versionsAsExpected);
            json.WriteString("idle", busySpin ? "busy-spin" : "backoff");
            json.WriteNumber("state_bytes_per_handoff", stateBytes);
            json.WriteStartObject("handoff_pause_us"); // ReloadResult.LongestPause: on the poll thread, between two bursts
            WriteDistribution(json, pauseUs);
            json.WriteEndObject();
            json.WriteStartObject("handoff_as_seen_by_poll_thread"); // the same boundary, timed by the benchmark's handler
            WriteHandoffs(json, recorder.Handoffs);
            json.WriteEndObject();
            json.WriteStartObject("reload_call_ms"); // PluginManager.Reload on the control thread: load, swap, unload, collect
            WriteDistribution(json, wallMs);
            json.WriteEndObject();
            json.WriteStartObject("burst_interval");
            WritePhase(json, "without_reloads", recorder, Baseline, baselineElapsed, baselineFrames, baselineGc);
            WritePhase(json, "with_reloads", recorder, Reloading, reloadElapsed, reloadFrames, reloadGc);
            json.WriteEndObject();
            json.WriteStartObject("counts");
            json.WriteNumber("generator_sent", sent);
            json.WriteNumber("ring_full_drops", stats.RingFullDrops);
            json.WriteNumber("poll_loop_consumed", consumed);
            json.WriteNumber("plugin_frames_claimed", final.FramesClaimed);
            json.WriteNumber("dispatcher_unclaimed", dispatcher.Unclaimed);
            json.WriteNumber("plugin_state_frames", stateFrames);
            json.WriteNumber("plugin_state_next_sequence", nextSequence);
            json.WriteNumber("plugin_state_missing", missing);
            json.WriteNumber("plugin_state_repeated", repeated);
            json.WriteNumber("plugin_state_reloads", stateReloads);
            json.WriteNumber("plugin_faults", final.Faults);
            json.WriteBoolean("every_frame_once", countsOk);
            json.WriteEndObject();
            json.WriteBoolean("ok", ok);
            json.WriteEndObject();
        }
        string text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        if (output is not null)
        {
            File.WriteAllText(output, text);
        }
        Console.WriteLine(text);
        if (markdown is not null)
        {
            var handoffs = recorder.Handoffs.ToArray();
            double jitShare = handoffs.Length == 0 ? 0 : handoffs.Sum(h => h.BoundaryJit.TotalMicroseconds) / handoffs.Sum(h => h.Boundary.TotalMicroseconds);
            var md = new System.Text.StringBuilder();
            md.AppendLine(Inv($"Hot reload of CountingPlugin under generator traffic: {reloads} reloads (2.0.0 and 1.0.0 by turns), {(busySpin ? "busy-spin" : "backoff")} idle, {succeeded} succeeded, {collected} old contexts collected"));
            md.AppendLine();
            md.AppendLine("| poll thread | without reloads | with reloads |");
            md.AppendLine("|---|---:|---:|");
            md.AppendLine(Inv($"| phase length | {baselineElapsed.TotalSeconds:F1} s | {reloadElapsed.TotalSeconds:F1} s |"));
            md.AppendLine(Inv($"| longest burst-to-burst interval | {recorder.Longest(Baseline).TotalMilliseconds:F2} ms | {recorder.Longest(Reloading).TotalMilliseconds:F2} ms |"));
            for (int t = 0; t < BurstGapRecorder.OverThresholdsNs.Count; t++)
            {
                double ms = BurstGapRecorder.OverThresholdsNs[t] / 1e6;
                md.AppendLine(Inv($"| intervals >= {ms:0.###} ms, per s | {recorder.Over(Baseline, t) / baselineElapsed.TotalSeconds:F1} | {recorder.Over(Reloading, t) / reloadElapsed.TotalSeconds:F1} |"));
            }
            md.AppendLine(Inv($"| idle turns (ring empty; not timed) | {recorder.IdleTurns(Baseline)} | {recorder.IdleTurns(Reloading)} |"));
            md.AppendLine(Inv($"| GCs (gen2), total pause | {baselineGc.Collections} ({baselineGc.Gen2}), {baselineGc.Pause.TotalMilliseconds:F1} ms | {reloadGc.Collections} ({reloadGc.Gen2}), {reloadGc.Pause.TotalMilliseconds:F1} ms |"));
            md.AppendLine();
            md.AppendLine(Inv($"State hand-off on the poll thread (ReloadResult.LongestPause): max {pauseUs[^1]:F0} us, p99 {Percentile(pauseUs, 0.99):F0} us, p50 {Percentile(pauseUs, 0.5):F0} us; {jitShare:P0} of it JIT compilation on the poll thread. Reload call: p50 {Percentile(wallMs, 0.5):F1} ms, max {wallMs[^1]:F1} ms."));
            md.AppendLine(Inv($"Frames: generator sent {sent}, poll loop consumed {consumed}, CountingPlugin claimed {final.FramesClaimed} across {reloads + 1} generations; missing {missing}, repeated {repeated}: {(countsOk ? "every frame exactly once" : "MISMATCH")}."));
            File.WriteAllText(markdown, md.ToString());
        }
        foreach (string failure in failures.Take(10))
        {
            Console.Error.WriteLine(failure);
        }
        if (!ok)
        {
            Console.Error.WriteLine("reload-pause: a reload failed, an old context was not collected, or the counts disagree (see above)");
        }
        return ok ? 0 : 1;
    }

    // Copies a build of the plugin over what the plugin folder holds, as a deployment would.
    private static void Deploy(string plugins, int version)
    {
        string source = RepoRoot.TestPlugin(PluginName, version);
        string target = Path.Combine(plugins, PluginName);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static long Consumed(PortPipeline<GapRecordingHandler> pipeline) => pipeline.Loops[0].Counters.Frames;

    private static void WaitForFrames(PortPipeline<GapRecordingHandler> pipeline, long frames)
    {
        long deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Consumed(pipeline) < frames)
        {
            if (pipeline.Failure is { } failure)
            {
                throw new InvalidOperationException("the poll loop failed", failure);
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"only {Consumed(pipeline)} of {frames} frames arrived within 60 s");
            }
            Thread.Sleep(1);
        }
    }

    // What the running CountingPlugin instance would hand to its successor: its own counts.
    private static (long Frames, ulong Next, long Missing, long Repeated, long Reloads) PluginState(FrameDispatcher dispatcher)
    {
        PluginInstance instance = dispatcher.Active.Single(i => i.Name == PluginName);
        using var state = new MemoryStream();
        instance.Plugin.ExportState(state);
        state.Position = 0;
        using var reader = new BinaryReader(state);
        return (reader.ReadInt64(), reader.ReadUInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
    }

    private static void WriteDistribution(Utf8JsonWriter json, List<double> sorted)
    {
        if (sorted.Count == 0)
        {
            return;
        }
        json.WriteNumber("max", Math.Round(sorted[^1], 1));
        json.WriteNumber("p99", Math.Round(Percentile(sorted, 0.99), 1));
        json.WriteNumber("p50", Math.Round(Percentile(sorted, 0.50), 1));
        json.WriteNumber("mean", Math.Round(sorted.Average(), 1));
        json.WriteNumber("min", Math.Round(sorted[0], 1));
    }

    // Nearest rank: the smallest value with at least that fraction of the values at or below it.
    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void WriteHandoffs(Utf8JsonWriter json, ReadOnlySpan<HandoffTiming> handoffs)
    {
        json.WriteNumber("seen", handoffs.Length);
        List<HandoffTiming> all = [.. handoffs];
        if (all.Count == 0)
        {
            return;
        }
        json.WriteStartObject("boundary_us");
        WriteDistribution(json, [.. all.Select(h => h.Boundary.TotalMicroseconds).Order()]);
        json.WriteEndObject();
        json.WriteStartObject("boundary_jit_us");
        WriteDistribution(json, [.. all.Select(h => h.BoundaryJit.TotalMicroseconds).Order()]);
        json.WriteEndObject();
        json.WriteNumber("boundary_jit_methods_mean", Math.Round(all.Average(h => h.BoundaryJitMethods), 1));
        json.WriteStartObject("first_burst_after_us");
        WriteDistribution(json, [.. all.Select(h => h.FirstBurst.TotalMicroseconds).Order()]);
        json.WriteEndObject();
        json.WriteStartObject("first_burst_after_jit_us");
        WriteDistribution(json, [.. all.Select(h => h.FirstBurstJit.TotalMicroseconds).Order()]);
        json.WriteEndObject();
        json.WriteNumber("first_burst_after_jit_methods_mean", Math.Round(all.Average(h => h.FirstBurstJitMethods), 1));
    }

    private static void WritePhase(Utf8JsonWriter json, string name, BurstGapRecorder recorder, int phase, TimeSpan elapsed, long frames, GcSnapshot gc)
    {
        json.WriteStartObject(name);
        json.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 2));
        json.WriteNumber("frames", frames);
        json.WriteNumber("frames_per_s", Math.Round(frames / elapsed.TotalSeconds));
        json.WriteNumber("gc_collections", gc.Collections);
        json.WriteNumber("gc_gen2_collections", gc.Gen2);
        json.WriteNumber("gc_pause_total_ms", Math.Round(gc.Pause.TotalMilliseconds, 1));
        json.WriteNumber("gc_pause_mean_us", gc.Collections == 0 ? 0 : Math.Round(gc.Pause.TotalMicroseconds / gc.Collections, 1));
        json.WriteNumber("intervals", recorder.Intervals(phase));
        json.WriteNumber("idle_turns", recorder.IdleTurns(phase));
        json.WriteNumber("longest_us", Math.Round(recorder.Longest(phase).TotalMicroseconds, 1));
        json.WriteNumber("mean_us", Math.Round(recorder.Mean(phase).TotalMicroseconds, 3));
        for (int t = 0; t < BurstGapRecorder.OverThresholdsNs.Count; t++)
        {
            string over = $"over_{BurstGapRecorder.OverThresholdsNs[t] / 1000}us";
            json.WriteNumber(over, recorder.Over(phase, t));
            // Per second too: the phases differ in length, and most long intervals are the machine's (compare them so).
            json.WriteNumber(over + "_per_s", Math.Round(recorder.Over(phase, t) / elapsed.TotalSeconds, 2));
        }
        json.WriteEndObject();
    }
}
