namespace HftHost.Plugins.PacketFilter;

/// <summary>The plugin's settings (its section of the host configuration).</summary>
public sealed class PacketFilterSettings
{
    /// <summary>The rules file (YAML; schema in plugins/PacketFilter/README.md). Required.</summary>
    public string RulesFile { get; set; } = "";

    /// <summary>Look for a new version of the rules file once a second and swap it in.</summary>
    public bool WatchRules { get; set; } = true;

    /// <summary>Slots of the flow cache in front of the classifier; 0 = none.</summary>
    public int FlowCacheSize { get; set; } = 4096;

    /// <summary>Sources the port-scan detector tracks at once.</summary>
    public int ScanSources { get; set; } = 4096;
}
