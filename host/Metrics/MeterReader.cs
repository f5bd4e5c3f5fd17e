using System.Diagnostics.Metrics;

namespace HftHost.Metrics;

/// <summary>
/// Reads the observable instruments of the meters it is told to (the host's "HftHost", the
/// plugins' "HftHost.Plugins.&lt;name&gt;"), for run reports and the Prometheus endpoint. Only
/// observable instruments: they are pulled here, on the reading thread, so the data plane
/// stores plain counters and nothing calls out of it per frame. Values of the same meter,
/// instrument and tags (several queues) are summed.
/// Threading: <see cref="Collect"/> from any thread; calls are serialised.
/// </summary>
internal sealed class MeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Meter, string Name, string Tags, bool Counter), double> _values = [];
    private readonly Lock _lock = new();

    public MeterReader(Func<Meter, bool> include)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (include(instrument.Meter) && instrument.IsObservable)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>The host's meter and every plugin's.</summary>
    public static bool HostAndPlugins(Meter meter) =>
        meter.Name == HostMeters.Name || meter.Name.StartsWith(PluginPrefix, StringComparison.Ordinal);

    /// <summary>Plugin meters are named this followed by the plugin's name.</summary>
    public const string PluginPrefix = "HftHost.Plugins.";

    /// <summary>The current value of every instrument, by meter, name and tags.</summary>
    public IReadOnlyList<MetricValue> Collect()
    {
        lock (_lock)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return [.. _values
                .Select(v => new MetricValue(v.Key.Meter, v.Key.Name, v.Key.Tags, v.Value, v.Key.Counter))
                .OrderBy(v => v.Meter, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Tags, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string tagText = tags.Length == 0 ? "" : string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        bool counter = instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal)
            || instrument.GetType().Name.StartsWith("ObservableUpDownCounter", StringComparison.Ordinal);
        var key = (instrument.Meter.Name, instrument.Name, tagText, counter);
        _values[key] = _values.GetValueOrDefault(key) + value;
    }
}

/// <summary>One instrument's value.</summary>
/// <param name="Meter">The meter, e.g. HftHost or HftHost.Plugins.MoldUdp64.</param>
/// <param name="Name">The instrument, e.g. moldudp64.gaps.</param>
/// <param name="Tags">Its tags as "key=value,..." (the queue excluded), e.g. session=VENUE01.</param>
/// <param name="Value">Summed over queues.</param>
/// <param name="IsCounter">A counter (only goes up) rather than a gauge.</param>
internal sealed record MetricValue(string Meter, string Name, string Tags, double Value, bool IsCounter = true)
{
    /// <summary>The plugin's name for plugin meters, "hfthost" for the host's.</summary>
    public string Plugin => Meter.StartsWith(MeterReader.PluginPrefix, StringComparison.Ordinal) ? Meter[MeterReader.PluginPrefix.Length..] : "hfthost";
}
