namespace HftHost.Sdk;

/// <summary>
/// One record a plugin wrote to its <see cref="AuditChannel"/>, as the host drains it.
/// Threading: immutable; safe from any thread.
/// </summary>
/// <param name="Timestamp">When the plugin recorded it (the plugin context's clock).</param>
/// <param name="PluginName">The plugin that recorded it.</param>
/// <param name="Queue">The queue of the instance that recorded it.</param>
/// <param name="Category">What kind of record, as the plugin named it (for example "filter").</param>
/// <param name="Detail">What happened; cut to <see cref="AuditChannel.MaxDetailLength"/> characters.</param>
/// <param name="Truncated">True when the detail was longer and was cut.</param>
public readonly record struct AuditEntry(
    DateTimeOffset Timestamp, string PluginName, int Queue, string Category, string Detail, bool Truncated);
