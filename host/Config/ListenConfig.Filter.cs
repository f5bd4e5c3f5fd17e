using HftHost.PacketFilter;
using HftHost.Sdk.Runtime;
using HftHost.Plugins;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HftHost.Config;

/// <summary>
/// The <c>filter</c> section: <c>filter: { rules-file: filter.rules }</c>, the packet filter's
/// ordered rules in a file of their own (relative to the config file), which must exist.
/// </summary>
internal sealed partial record ListenConfig
{
    /// <summary>The filter section; null when the file has none.</summary>
    public FilterSettings? Filter { get; init; }

    private static FilterSettings? ParseFilter(YamlNode node, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            return Fail<FilterSettings>(errors, path, node.Start, "'filter' must be a mapping such as { rules-file: filter.rules }");
        }
        string? rulesFile = null;
        int errorCount = errors.Count;
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            switch (Key(key))
            {
                case "rules-file":
                    rulesFile = Convert(value, path, errors, v => RelativeTo(path, v));
                    if (rulesFile is not null && !File.Exists(rulesFile))
                    {
                        Fail(errors, path, value.Start, $"no such rules file: '{rulesFile}'");
                        rulesFile = null;
                    }
                    break;
                default:
                    Fail(errors, path, key.Start, $"unknown key 'filter.{Key(key)}' (expected rules-file)");
                    break;
            }
        }
        if (rulesFile is null)
        {
            if (errors.Count == errorCount)
            {
                Fail(errors, path, map.Start, "'filter' needs a rules-file");
            }
            return null;
        }
        CheckFilterRules(rulesFile, errors);
        return new FilterSettings(rulesFile);
    }

    private const string PacketFilterPlugin = "PacketFilter";

    /// <summary>
    /// Every bad rule in the rules file, as "RULESFILE:LINE:COLUMN: message", parsed by the
    /// packet filter's own parser (PacketFilter.Contracts), so <c>config validate</c> and
    /// <c>run --config</c> report them with the config's errors.
    /// </summary>
    private static void CheckFilterRules(string rulesFile, List<string> errors)
    {
        var found = new List<FilterRulesError>();
        try
        {
            FilterRulesFile.TryParse(File.ReadAllText(rulesFile), rulesFile, found);
        }
        catch (IOException ex)
        {
            found.Add(new FilterRulesError(rulesFile, 1, 1, $"cannot read the rules file: {ex.Message}"));
        }
        errors.AddRange(found.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Message}"));
    }

    /// <summary>
    /// Hands the rules file to the PacketFilter plugin (its <c>RulesFile</c> setting; the plugin
    /// watches the file and takes edited rules without a restart). A filter section without the
    /// plugin loaded is an error at the section.
    /// </summary>
    private static PluginHostOptions? ApplyFilter(FilterSettings? filter, PluginHostOptions? plugins, Mark filterAt, string path, List<string> errors)
    {
        if (filter is null)
        {
            return plugins;
        }
        if (plugins is null)
        {
            Fail(errors, path, filterAt, $"'filter' needs a 'plugins' section that loads the {PacketFilterPlugin} plugin");
            return null;
        }
        IReadOnlyList<string>? loaded = LoadedPlugins(plugins);
        if (loaded is not null && !loaded.Contains(PacketFilterPlugin))
        {
            Fail(errors, path, filterAt, $"'filter' needs the {PacketFilterPlugin} plugin, which is not loaded ({Describe(plugins, loaded, PacketFilterPlugin)})");
            return plugins;
        }
        PluginEntry entry = plugins.Plugins.GetValueOrDefault(PacketFilterPlugin) ?? new PluginEntry(new ConfigurationBuilder().Build(), []);
        if (entry.Settings["RulesFile"] is not null)
        {
            Fail(errors, path, filterAt, $"the {PacketFilterPlugin} plugin's settings already name a RulesFile; give the rules file in one place");
            return plugins;
        }
        IConfiguration settings = new ConfigurationBuilder()
            .AddConfiguration(entry.Settings)
            .AddInMemoryCollection([new KeyValuePair<string, string?>("RulesFile", filter.RulesFile)])
            .Build();
        var entries = new Dictionary<string, PluginEntry>(plugins.Plugins, StringComparer.Ordinal) { [PacketFilterPlugin] = entry with { Settings = settings } };
        return plugins with { Plugins = entries };
    }
}
