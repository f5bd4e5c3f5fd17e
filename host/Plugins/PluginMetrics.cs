using System.Diagnostics.Metrics;

namespace HftHost.Plugins;

/// <summary>
/// Reads the plugins' observable instruments (meters named "HftHost.Plugins.&lt;name&gt;") for
/// run reports: per-session MoldUDP64 counts, ITCH counts per type, and whatever a
/// third-party plugin publishes. Only observable instruments are read — they are pulled
/// here, on this thread, so a plugin's per-frame path stores plain counters and nothing
/// calls out of it per frame. Values of the same plugin, name and tags from several queues
/// are summed.
/// Threading: <see cref="Collect"/> from one control thread at a time.
/// </summary>
internal sealed class PluginMetrics : IDisposable
{
    private const string Prefix = "HftHost.Plugins.";

    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Plugin, string Name, string Tags), double> _values = [];

    public PluginMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(Prefix, StringComparison.Ordinal) && instrument.IsObservable)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>The current value of every plugin instrument, by plugin, name and tags.</summary>
    public IReadOnlyList<MetricValue> Collect()
    {
        _values.Clear();
        _listener.RecordObservableInstruments();
        return [.. _values
            .Select(v => new MetricValue(v.Key.Plugin, v.Key.Name, v.Key.Tags, v.Value))
            .OrderBy(v => v.Plugin, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Tags, StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string tagText = tags.Length == 0 ? "" : string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        var key = (instrument.Meter.Name[Prefix.Length..], instrument.Name, tagText);
        _values[key] = _values.GetValueOrDefault(key) + value;
    }
}

/// <summary>One plugin instrument's value.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Name">The instrument, e.g. moldudp64.gaps.</param>
/// <param name="Tags">Its tags as "key=value,..." (the queue excluded), e.g. session=VENUE01.</param>
/// <param name="Value">Summed over queues.</param>
internal sealed record MetricValue(string Plugin, string Name, string Tags, double Value);
