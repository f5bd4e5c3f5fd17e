using System.Globalization;
using System.Text;
using System.Text.Json;
using HftHost.DataPlane;
using HftHost.Native;
using HftHost.Metrics;
using HftHost.Plugins;

namespace HftHost.Cli;

/// <summary>
/// The figures of one replay or listen run, printed for people or as one JSON object
/// for scripts (same figures, same names).
/// </summary>
internal sealed record RunReport
{
    public required string Command { get; init; }

    public required string Source { get; init; }

    public required string Backend { get; init; }

    public string Driver { get; init; } = "";

    public bool ZeroCopy { get; init; }

    public string TimestampSource { get; init; } = "";

    /// <summary>TSC ticks per second of the shim's calibration (DPDK); 0 for other timestamp sources.</summary>
    public ulong TscHz { get; init; }

    public required int Queues { get; init; }

    public required uint RingCapacity { get; init; }

    public required bool Hugepages { get; init; }

    public required FrameCounters Counters { get; init; }

    public required PortStats Stats { get; init; }

    public SourceError? Error { get; init; }

    public required double ElapsedSeconds { get; init; }

    public bool Interrupted { get; init; }

    /// <summary>Bytes the whole process allocated while the data plane ran.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Garbage collections of generations 0, 1 and 2 while the data plane ran.</summary>
    public IReadOnlyList<int> GcCollections { get; init; } = [0, 0, 0];

    /// <summary>The plugins at the end of the run; null when none were loaded.</summary>
    public IReadOnlyList<PluginStatus>? Plugins { get; init; }

    /// <summary>The plugins' instruments at the end of the run (per-session sequence counts, messages per type, ...).</summary>
    public IReadOnlyList<MetricValue>? PluginMetrics { get; init; }

    /// <summary>Venue name by MoldUDP64 session (hfthost run --config); null without venues.</summary>
    public IReadOnlyDictionary<string, string>? VenueBySession { get; init; }

    /// <summary>Each plugin's answer to the query <c>report</c> (JSON, or text when it is not), by plugin name.</summary>
    public IReadOnlyDictionary<string, string>? PluginReports { get; init; }

    /// <summary>Frames offered to plugins that no decoder claimed.</summary>
    public long UnclaimedFrames { get; init; }

    /// <summary>Frames a plugin's filter dropped before any decoder (the packet filter's drop rules).</summary>
    public long FilteredFrames { get; init; }

    public int ExitCode => Error is null ? ExitCodes.Ok : ExitCodes.SourceError;

    public double FramesPerSecond => ElapsedSeconds > 0 ? Counters.Frames / ElapsedSeconds : 0;

    public double MegabitsPerSecond => ElapsedSeconds > 0 ? Counters.Bytes * 8 / ElapsedSeconds / 1e6 : 0;

    /// <summary>Time from the first frame's rx timestamp to the last's: for live sources, how long traffic flowed.</summary>
    public double RxWindowSeconds => Counters.LastRxNs > Counters.FirstRxNs ? (Counters.LastRxNs - Counters.FirstRxNs) / 1e9 : 0;

    /// <summary>Frames per second while traffic flowed (live sources; for replays it follows the capture's clock).</summary>
    public double WindowFramesPerSecond => RxWindowSeconds > 0 ? (Counters.Frames - 1) / RxWindowSeconds : 0;

    /// <summary>Frames the shim published that no poll loop consumed; 0 unless something is broken.</summary>
    public long Unconsumed => (long)Stats.Frames - Counters.Frames;

    public string ToText()
    {
        var c = Counters;
        var s = Stats;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{Command} {Source} ({Backend}{(Driver.Length > 0 && Driver != Backend ? $" {Driver}" : "")}{(ZeroCopy ? " zero-copy" : "")}, {Queues} queue{(Queues == 1 ? "" : "s")}, ring {RingCapacity} on {(Hugepages ? "hugepages" : "normal pages")}, {TimestampSource} timestamps)").AppendLine();
        text.Append(inv, $"  frames       {c.Frames,14:N0}   bytes {c.Bytes:N0}").AppendLine();
        text.Append(inv, $"  by protocol  eth {c.Ethernet:N0}  vlan {c.Vlan:N0}  ipv4 {c.Ipv4:N0}  udp {c.Udp:N0}  tcp {c.Tcp:N0}  other {c.Other:N0}").AppendLine();
        text.Append(inv, $"  errors       malformed {c.Malformed:N0}  source {s.SourceErrors:N0}  ring-full drops {s.RingFullDrops:N0}  kernel drops {s.KernelDrops:N0}  handler faults {c.HandlerFaults:N0}").AppendLine();
        text.Append(inv, $"  truncation   snaplen-cut frames {c.SnaplenCut:N0}");
        if (Error is not null)
        {
            text.Append(inv, $"; source stopped at offset {Error.Offset:N0}{(Error.Loop > 0 ? $" (pass {Error.Loop + 1})" : "")}: {Error.Reason}");
        }
        text.AppendLine();
        if (Plugins is not null)
        {
            text.Append(inv, $"  plugins      {Plugins.Count} loaded, frames no decoder claimed {UnclaimedFrames:N0}, dropped by filters {FilteredFrames:N0}").AppendLine();
            foreach (PluginStatus p in Plugins)
            {
                text.Append(inv, $"    {p.Name,-20} {p.Version.Split('+')[0],-10} {p.State,-11} frames {p.FramesClaimed,12:N0}  faults {p.Faults:N0}  reloads {p.Reloads}");
                text.Append(p.Detail is null ? "" : $"  ({p.Detail})").AppendLine();
            }
        }
        if (PluginMetrics is { Count: > 0 } metrics)
        {
            text.AppendLine("  plugin metrics (non-zero)");
            foreach (MetricValue m in metrics.Where(m => m.Value != 0))
            {
                text.Append(inv, $"    {m.Plugin,-12} {m.Name}{(m.Tags.Length == 0 ? "" : $"{{{m.Tags}}}")} {m.Value:N0}{VenueOf(m.Tags)}").AppendLine();
            }
        }
        if (VenueBySession is { Count: > 0 } venues)
        {
            text.Append("  venues       ").AppendJoin(", ", venues.Select(v => $"{v.Key} {v.Value}")).AppendLine();
        }
        if (PluginReports is { Count: > 0 } reports)
        {
            text.Append(inv, $"  plugin reports (in --json): {string.Join(", ", reports.Keys)}").AppendLine();
        }
        text.Append(inv, $"  memory       {AllocatedBytes:N0} bytes allocated by the process while running, garbage collections gen0/1/2 {GcCollections[0]}/{GcCollections[1]}/{GcCollections[2]}").AppendLine();
        text.Append(inv, $"  elapsed      {ElapsedSeconds:F3} s   rate {FramesPerSecond:N0} frames/s  {MegabitsPerSecond:N1} Mbit/s  {Counters.FramesPerBurst:F1} frames per burst, {Counters.EmptyPollShare:P0} of polls empty, busy {Counters.BusyShare:P0} ({Counters.BusyNsPerFrame:F1} ns per frame){(Interrupted ? "   (interrupted)" : "")}").AppendLine();
        return text.ToString();
    }

    /// <summary>" (venue NAME)" for a metric tagged with a configured venue's session, else "".</summary>
    private string VenueOf(string tags)
    {
        if (VenueBySession is null)
        {
            return "";
        }
        foreach (string tag in tags.Split(','))
        {
            if (tag.StartsWith("session=", StringComparison.Ordinal) && VenueBySession.TryGetValue(tag["session=".Length..], out string? venue))
            {
                return $" (venue {venue})";
            }
        }
        return "";
    }

    // A plugin's answer goes in as JSON when it is (one queue), else as a string (several
    // queues answer one line each).
    private static void WriteJsonOrText(Utf8JsonWriter w, string answer)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(answer);
            document.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(answer);
        }
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            var c = Counters;
            var s = Stats;
            w.WriteStartObject();
            w.WriteString("command", Command);
            w.WriteString("source", Source);
            w.WriteString("backend", Backend);
            w.WriteString("driver", Driver);
            w.WriteBoolean("zero_copy", ZeroCopy);
            w.WriteString("timestamps", TimestampSource);
            w.WriteNumber("tsc_hz", TscHz);
            w.WriteNumber("queues", Queues);
            w.WriteNumber("ring_capacity", RingCapacity);
            w.WriteBoolean("hugepages", Hugepages);
            w.WriteNumber("frames", c.Frames);
            w.WriteNumber("bytes", c.Bytes);
            w.WriteStartObject("protocols");
            w.WriteNumber("eth", c.Ethernet);
            w.WriteNumber("vlan", c.Vlan);
            w.WriteNumber("ipv4", c.Ipv4);
            w.WriteNumber("udp", c.Udp);
            w.WriteNumber("tcp", c.Tcp);
            w.WriteNumber("other", c.Other);
            w.WriteEndObject();
            w.WriteStartObject("errors");
            w.WriteNumber("malformed", c.Malformed);
            w.WriteNumber("source", s.SourceErrors);
            w.WriteNumber("ring_full_drops", s.RingFullDrops);
            w.WriteNumber("kernel_drops", s.KernelDrops);
            w.WriteNumber("handler_faults", c.HandlerFaults);
            w.WriteNumber("poll_errors", c.PollErrors);
            w.WriteNumber("unconsumed", Unconsumed);
            w.WriteEndObject();
            w.WriteStartObject("truncation");
            w.WriteNumber("snaplen_cut", c.SnaplenCut);
            if (Error is null)
            {
                w.WriteNull("source_error");
            }
            else
            {
                w.WriteStartObject("source_error");
                w.WriteNumber("code", Error.Code);
                w.WriteNumber("pass", Error.Loop + 1);
                w.WriteNumber("offset", Error.Offset);
                w.WriteString("reason", Error.Reason);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("elapsed_s", Math.Round(ElapsedSeconds, 6));
            w.WriteNumber("frames_per_s", Math.Round(FramesPerSecond, 1));
            w.WriteNumber("mbit_per_s", Math.Round(MegabitsPerSecond, 3));
            w.WriteNumber("rx_window_s", Math.Round(RxWindowSeconds, 6));
            w.WriteNumber("window_frames_per_s", Math.Round(WindowFramesPerSecond, 1));
            w.WriteNumber("bursts", Counters.Bursts);
            w.WriteNumber("frames_per_burst", Math.Round(Counters.FramesPerBurst, 2));
            w.WriteNumber("empty_polls", Counters.EmptyPolls);
            w.WriteNumber("empty_poll_share", Math.Round(Counters.EmptyPollShare, 4));
            w.WriteNumber("busy_share", Math.Round(Counters.BusyShare, 4));
            w.WriteNumber("busy_ns_per_frame", Math.Round(Counters.BusyNsPerFrame, 2));
            if (Plugins is not null)
            {
                w.WritePropertyName("plugins");
                JsonSerializer.Serialize(w, Plugins, ControlChannel.Json);
                w.WriteNumber("unclaimed_frames", UnclaimedFrames);
                w.WriteNumber("filtered_frames", FilteredFrames);
                w.WriteStartArray("plugin_metrics");
                foreach (MetricValue m in PluginMetrics ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("plugin", m.Plugin);
                    w.WriteString("name", m.Name);
                    w.WriteString("tags", m.Tags);
                    w.WriteNumber("value", m.Value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("plugin_reports");
                foreach ((string plugin, string answer) in PluginReports ?? new Dictionary<string, string>())
                {
                    w.WritePropertyName(plugin);
                    WriteJsonOrText(w, answer);
                }
                w.WriteEndObject();
            }
            if (VenueBySession is not null)
            {
                w.WriteStartObject("venues");
                foreach ((string session, string venue) in VenueBySession)
                {
                    w.WriteString(session, venue);
                }
                w.WriteEndObject();
            }
            w.WriteNumber("allocated_bytes", AllocatedBytes);
            w.WriteNumber("allocated_bytes_per_frame", c.Frames == 0 ? 0 : Math.Round((double)AllocatedBytes / c.Frames, 4));
            w.WriteStartArray("gc_collections");
            foreach (int n in GcCollections)
            {
                w.WriteNumberValue(n);
            }
            w.WriteEndArray();
            w.WriteBoolean("interrupted", Interrupted);
            w.WriteNumber("exit_code", ExitCode);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
