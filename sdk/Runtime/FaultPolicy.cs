namespace HftHost.Sdk.Runtime;

/// <summary>How many faults a plugin instance may have before quarantine, and who hears of each.</summary>
internal sealed class FaultPolicy(long maxFaults, Action<PluginInstance, Exception, string, long>? onFault = null)
{
    public long MaxFaults { get; } = maxFaults > 0 ? maxFaults : throw new ArgumentOutOfRangeException(nameof(maxFaults));

    public void OnFault(PluginInstance instance, Exception exception, string site, long faults) =>
        onFault?.Invoke(instance, exception, site, faults);
}
