namespace HftHost.Sdk.Testing;

/// <summary>
/// What one <see cref="PluginTestHarness.Replay"/> or <see cref="PluginTestHarness.Feed"/> did.
/// The counts cover that call only; <see cref="LastFault"/> and <see cref="Quarantined"/> are
/// the plugin's state at its end.
/// Threading: immutable; safe from any thread.
/// </summary>
/// <param name="FramesRead">Frames read from the file (or fed) and offered to the plugin.</param>
/// <param name="Claimed">Frames each decoder claimed, by decoder name (every registered decoder, 0 included).</param>
/// <param name="Unclaimed">Frames no decoder claimed: not bound, every decoder returned 0 or threw, or the plugin was quarantined.</param>
/// <param name="Faults">Exceptions the plugin's decoders and event handlers threw.</param>
/// <param name="LastFault">The plugin's last fault as "site: type: message", or null if it never faulted.</param>
/// <param name="Quarantined">True once the plugin reached the fault limit: the host would have taken it out.</param>
/// <param name="FileError">Why the file stopped early (offset and reason), or null when it was read to its end.</param>
public sealed record ReplayResult(
    long FramesRead,
    IReadOnlyDictionary<string, long> Claimed,
    long Unclaimed,
    long Faults,
    string? LastFault,
    bool Quarantined,
    CaptureError? FileError)
{
    /// <summary>Frames claimed by any of the plugin's decoders.</summary>
    public long ClaimedTotal => Claimed.Values.Sum();
}
