using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using HftHost.PacketFilter;
using HftHost.Plugins.PacketFilter;
using HftHost.Sdk;
using Microsoft.Extensions.Logging;

[assembly: HftPlugin(typeof(PacketFilterPlugin))]

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// The packet filter: a <see cref="FrameFilter"/> that the host asks for every frame before
/// any decoder. Ordered rules from a YAML file (first match wins) allow, drop, log or count
/// frames by protocol, source/destination CIDR (with negation), port ranges and VLAN; a
/// port-scan rule watches sources touching many ports. Per-rule counters are instruments on
/// the plugin's meter and the answer to <c>Query("rules")</c>; audited rules write to the
/// audit channel; the file is watched and new rules swapped in without a restart.
/// </summary>
public sealed class PacketFilterPlugin : HftPlugin
{
    private const int StateVersion = 1;

    private PacketFilterSettings _settings = new();
    private RuleFilter? _filter;
    private RulesWatcher? _watcher;

    internal RuleFilter Filter => _filter ?? throw new InvalidOperationException("not registered");

    internal RulesWatcher? Watcher => _watcher;

    /// <summary>The instance's audit channel (for tests).</summary>
    internal AuditChannel? Audit { get; private set; }

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        IPluginContext context = registry.Context;
        _settings = context.GetSettings<PacketFilterSettings>();
        if (string.IsNullOrWhiteSpace(_settings.RulesFile))
        {
            // Loaded with the other plugins of a folder but not configured: filter nothing, and
            // register no filter, so the host's dispatch does not even ask.
            FilterLog.NotConfigured(context.Logger, null);
            return;
        }
        string path = Path.GetFullPath(_settings.RulesFile);
        (DateTime, long) stamp = RulesWatcher.Stamp(path);
        CompiledRules rules = Compile(FilterRulesFile.Load(path), stamp);
        Audit = context.Audit;
        _filter = new RuleFilter(rules, context.Logger, context.Audit);
        registry.AddFilter(_filter);
        CreateInstruments(context.Meter);
        FilterLog.RulesLoaded(context.Logger, path, rules.Set.Rules.Count, rules.Matcher.Describe(), null);
        if (_settings.WatchRules)
        {
            _watcher = new RulesWatcher(path, stamp, Compile, _filter, context.Logger);
        }
    }

    public override void OnIdle(bool drained) => _filter?.TakePending();

    public override string? Query(string request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Trim() != "rules")
        {
            return null;
        }
        if (_filter is null)
        {
            return """{ "file": null, "rules": [] }""";
        }
        _filter.TakePending();
        return RulesJson();
    }

    public override void ExportState(Stream destination)
    {
        if (_filter is null)
        {
            return; // not configured: nothing to hand over
        }
        using BinaryWriter writer = PluginState.CreateWriter(destination, StateVersion);
        CompiledRules rules = Filter.Current;
        writer.Write(Filter.Unmatched);
        writer.Write(Filter.Reloads);
        writer.Write(rules.Scan?.Fired ?? 0);
        writer.Write(rules.Names.Length);
        for (int i = 0; i < rules.Names.Length; i++)
        {
            writer.Write(rules.Names[i]);
            writer.Write(rules.Frames[i]);
        }
    }

    public override void ImportState(Stream source)
    {
        using BinaryReader? reader = PluginState.OpenReader(source, StateVersion, "PacketFilter");
        if (reader is null || _filter is null)
        {
            return;
        }
        CompiledRules rules = Filter.Current;
        Filter.Unmatched = reader.ReadInt64();
        Filter.Reloads = reader.ReadInt64();
        long scanFired = reader.ReadInt64();
        if (rules.Scan is not null)
        {
            rules.Scan.Fired = scanFired;
        }
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            long frames = reader.ReadInt64();
            if (rules.IndexByName.TryGetValue(name, out int index))
            {
                rules.Frames[index] = frames; // a rule the new build no longer has starts over if it returns
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        _watcher?.Dispose();
        base.Dispose(disposing);
    }

    private CompiledRules Compile(FilterRuleSet set, (DateTime, long) stamp) =>
        CompiledRules.Compile(set, _settings.FlowCacheSize, _settings.ScanSources, stamp);

    private string RulesJson()
    {
        CompiledRules rules = Filter.Current;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", rules.Set.Path);
            json.WriteNumber("reloads", Filter.Reloads);
            json.WriteNumber("rejected", _watcher?.Rejected ?? 0);
            json.WriteStartArray("errors");
            foreach (string error in _watcher?.LastErrors ?? [])
            {
                json.WriteStringValue(error);
            }
            json.WriteEndArray();
            json.WriteNumber("unmatched", Filter.Unmatched);
            json.WriteStartArray("rules");
            for (int i = 0; i < rules.Names.Length; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", rules.Names[i]);
                json.WriteString("action", rules.ActionNames[i]);
                json.WriteNumber("line", rules.Set.Rules[i].Line);
                json.WriteNumber("frames", rules.Frames[i]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (rules.Scan is { } scan)
            {
                json.WriteStartObject("port-scan");
                json.WriteString("action", CompiledRules.ActionName(scan.Rule.Action));
                json.WriteNumber("fired", scan.Fired);
                json.WriteNumber("dropped", scan.Dropped);
                json.WriteNumber("evictions", scan.Evictions);
                json.WriteEndObject();
            }
            if (rules.Cache is { } cache)
            {
                json.WriteStartObject("flow-cache");
                json.WriteNumber("size", cache.Size);
                json.WriteNumber("hits", cache.Hits);
                json.WriteNumber("misses", cache.Misses);
                json.WriteEndObject();
            }
            json.WriteString("matcher", rules.Matcher.Describe());
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Read by the metrics thread: plain loads of counters the poll thread writes.
    private void CreateInstruments(Meter meter)
    {
        meter.CreateObservableCounter("packetfilter.rule.frames", MeasureRules, description: "frames each rule decided");
        meter.CreateObservableCounter("packetfilter.unmatched", () => Volatile.Read(ref Filter.Unmatched), description: "frames no rule matched (allowed)");
        meter.CreateObservableCounter("packetfilter.portscan.fired", () => Filter.Current.Scan?.Fired ?? 0);
        meter.CreateObservableCounter("packetfilter.portscan.dropped", () => Filter.Current.Scan?.Dropped ?? 0);
        meter.CreateObservableCounter("packetfilter.reloads", () => Volatile.Read(ref Filter.Reloads));
        meter.CreateObservableCounter("packetfilter.reloads.rejected", () => _watcher?.Rejected ?? 0);
    }

    private IEnumerable<Measurement<long>> MeasureRules()
    {
        CompiledRules rules = Filter.Current;
        for (int i = 0; i < rules.Names.Length; i++)
        {
            yield return new Measurement<long>(
                Volatile.Read(ref rules.Frames[i]),
                new KeyValuePair<string, object?>("rule", rules.Names[i]), new KeyValuePair<string, object?>("action", rules.ActionNames[i]));
        }
    }
}
