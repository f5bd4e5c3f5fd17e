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

    /// <summary>
    /// MERGE POINT (packet filter, issue 7 item 2): parse <paramref name="rulesFile"/> with the
    /// PacketFilter plugin's rules parser here and add one entry to <paramref name="errors"/> per
    /// bad rule, as "RULESFILE:LINE:COLUMN: message", so that <c>hfthost config validate</c> and
    /// <c>hfthost run --config</c> report them with the config's own errors. Until then only the
    /// file's existence is checked. (The plugin's setting that names the file is set where the
    /// venues are applied: see <see cref="ApplyVenues"/>.)
    /// </summary>
    private static void CheckFilterRules(string rulesFile, List<string> errors)
    {
        _ = rulesFile;
        _ = errors;
    }
}
