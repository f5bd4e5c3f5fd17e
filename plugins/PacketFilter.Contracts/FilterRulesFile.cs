using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HftHost.PacketFilter;

/// <summary>
/// Reads a rules file (YAML; the schema is in plugins/PacketFilter/README.md). Every error is
/// reported, not only the first, each as <c>file:line:column: message</c>; unknown keys are errors.
/// Threading: stateless; safe from any thread.
/// </summary>
public static class FilterRulesFile
{
    private static readonly string[] RuleKeys = ["name", "action", "protocol", "src", "dst", "src-port", "dst-port", "vlan", "audit"];
    private static readonly string[] ScanKeys = ["ports", "window", "action", "audit"];
    private static readonly string[] TopKeys = ["rules", "port-scan"];

    /// <summary>Reads and checks the rules file at <paramref name="path"/>.</summary>
    /// <exception cref="FilterRulesException">The file is missing, unreadable or has errors; <see cref="FilterRulesException.Errors"/> lists them all.</exception>
    public static FilterRuleSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FilterRulesException([new FilterRulesError(path, 1, 1, $"cannot read the rules file: {ex.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Reads and checks rules from <paramref name="yaml"/>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="FilterRulesException">The text has errors; <see cref="FilterRulesException.Errors"/> lists them all.</exception>
    public static FilterRuleSet Parse(string yaml, string path)
    {
        List<FilterRulesError> errors = [];
        FilterRuleSet? rules = TryParse(yaml, path, errors);
        return errors.Count == 0 && rules is not null ? rules : throw new FilterRulesException(errors);
    }

    /// <summary>Reads rules from <paramref name="yaml"/>, adding every error to <paramref name="errors"/>; null when there was one.</summary>
    public static FilterRuleSet? TryParse(string yaml, string path, List<FilterRulesError> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(errors);
        int before = errors.Count;
        var reader = new Reader(path, errors);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            reader.Error(ex.Start, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            reader.Error(stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start, "a rules file is a mapping with 'rules' (a list) and optionally 'port-scan'");
            return null;
        }
        List<FilterRule> rules = [];
        PortScanRule? scan = null;
        foreach ((YamlNode keyNode, YamlNode value) in root.Children)
        {
            string key = reader.Key(keyNode, TopKeys);
            if (key == "rules")
            {
                ReadRules(reader, value, rules);
            }
            else if (key == "port-scan")
            {
                scan = ReadScan(reader, value);
            }
        }
        if (!root.Children.ContainsKey(new YamlScalarNode("rules")))
        {
            reader.Error(root.Start, "'rules' is missing (a list; it may be empty: rules: [])");
        }
        return errors.Count == before ? new FilterRuleSet(path, rules, scan) : null;
    }

    private static void ReadRules(Reader reader, YamlNode node, List<FilterRule> rules)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" })
        {
            return; // "rules:" with nothing after it: no rules
        }
        if (node is not YamlSequenceNode list)
        {
            reader.Error(node.Start, "'rules' must be a list of rules (- { name: ..., action: ... })");
            return;
        }
        Dictionary<string, FilterRule> byName = new(StringComparer.Ordinal);
        foreach (YamlNode item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                reader.Error(item.Start, "a rule must be a mapping ({ name: ..., action: ..., ... })");
                continue;
            }
            FilterRule? rule = ReadRule(reader, map);
            if (rule is null)
            {
                continue;
            }
            if (byName.TryGetValue(rule.Name, out FilterRule? first))
            {
                reader.Error(map.Start, $"a second rule named '{rule.Name}' (the first is at line {first.Line}); names must be unique");
                continue;
            }
            byName.Add(rule.Name, rule);
            rules.Add(rule);
        }
    }

    private static FilterRule? ReadRule(Reader reader, YamlMappingNode map)
    {
        int errorsBefore = reader.Errors.Count;
        string? name = null;
        FilterAction? action = null;
        int? protocol = null, vlan = null;
        AddressMatch source = AddressMatch.Any, destination = AddressMatch.Any;
        PortRange sourcePorts = PortRange.Any, destinationPorts = PortRange.Any;
        bool audit = false, hasPorts = false;
        YamlNode? protocolNode = null;
        foreach ((YamlNode keyNode, YamlNode value) in map.Children)
        {
            string key = reader.Key(keyNode, RuleKeys);
            switch (key)
            {
                case "name":
                    name = reader.Text(value, key);
                    if (name is { Length: 0 })
                    {
                        reader.Error(value.Start, "'name' must not be empty");
                    }
                    break;
                case "action":
                    action = reader.Action(value);
                    break;
                case "protocol":
                    protocolNode = value;
                    protocol = reader.Protocol(value);
                    break;
                case "src":
                    source = reader.Address(value, key) ?? source;
                    break;
                case "dst":
                    destination = reader.Address(value, key) ?? destination;
                    break;
                case "src-port":
                    sourcePorts = reader.Ports(value, key) ?? sourcePorts;
                    hasPorts = true;
                    break;
                case "dst-port":
                    destinationPorts = reader.Ports(value, key) ?? destinationPorts;
                    hasPorts = true;
                    break;
                case "vlan":
                    vlan = reader.Integer(value, key, 0, 4095, "a VLAN id is 0 (untagged) to 4095");
                    break;
                case "audit":
                    audit = reader.Boolean(value, key) ?? false;
                    break;
            }
        }
        if (name is null)
        {
            reader.Error(map.Start, "the rule has no 'name'");
        }
        if (action is null && !map.Children.ContainsKey(new YamlScalarNode("action")))
        {
            reader.Error(map.Start, $"rule '{name}' has no 'action' (allow, drop, log or count)");
        }
        if (hasPorts && protocol is { } p && p != 6 && p != 17 && protocolNode is not null)
        {
            reader.Error(protocolNode.Start, $"rule '{name}' matches ports, which only UDP and TCP frames have; protocol {p} would never match");
        }
        if (reader.Errors.Count != errorsBefore || name is null || action is null)
        {
            return null;
        }
        return new FilterRule
        {
            Name = name, Action = action.Value, Protocol = protocol, Source = source, Destination = destination,
            SourcePorts = sourcePorts, DestinationPorts = destinationPorts, Vlan = vlan, Audit = audit,
            Line = (int)map.Start.Line, Column = (int)map.Start.Column,
        };
    }

    private static PortScanRule? ReadScan(Reader reader, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            reader.Error(node.Start, "'port-scan' must be a mapping ({ ports: 20, window: 1s, action: log })");
            return null;
        }
        int errorsBefore = reader.Errors.Count;
        int? ports = null;
        TimeSpan? window = null;
        FilterAction? action = null;
        bool audit = false;
        foreach ((YamlNode keyNode, YamlNode value) in map.Children)
        {
            switch (reader.Key(keyNode, ScanKeys))
            {
                case "ports":
                    ports = reader.Integer(value, "ports", 2, 1024, "'ports' (distinct destination ports that make a scan) is 2..1024");
                    break;
                case "window":
                    window = reader.Duration(value);
                    break;
                case "action":
                    action = reader.Action(value);
                    if (action == FilterAction.Allow)
                    {
                        reader.Error(value.Start, "the port-scan action is log, count or drop (allow would do nothing)");
                    }
                    break;
                case "audit":
                    audit = reader.Boolean(value, "audit") ?? false;
                    break;
            }
        }
        foreach (string required in (string[])["ports", "window", "action"])
        {
            if (!map.Children.ContainsKey(new YamlScalarNode(required)))
            {
                reader.Error(map.Start, $"'port-scan' has no '{required}'");
            }
        }
        return reader.Errors.Count != errorsBefore || ports is null || window is null || action is null
            ? null
            : new PortScanRule { Ports = ports.Value, Window = window.Value, Action = action.Value, Audit = audit, Line = (int)map.Start.Line, Column = (int)map.Start.Column };
    }

    /// <summary>Reads scalar values, recording what is wrong with each.</summary>
    private sealed class Reader(string path, List<FilterRulesError> errors)
    {
        public List<FilterRulesError> Errors { get; } = errors;

        public void Error(Mark at, string message) =>
            Errors.Add(new FilterRulesError(path, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), message));

        public string Key(YamlNode key, string[] known)
        {
            string? text = (key as YamlScalarNode)?.Value;
            if (text is null || Array.IndexOf(known, text) < 0)
            {
                Error(key.Start, $"unknown key '{text ?? key.ToString()}' (known: {string.Join(", ", known)})");
                return "";
            }
            return text;
        }

        public string? Text(YamlNode node, string key)
        {
            if (node is YamlScalarNode { Value: { } value })
            {
                return value;
            }
            Error(node.Start, $"'{key}' must be a single value");
            return null;
        }

        public FilterAction? Action(YamlNode node)
        {
            string? text = Text(node, "action");
            switch (text)
            {
                case null:
                    return null;
                case "allow":
                    return FilterAction.Allow;
                case "drop":
                    return FilterAction.Drop;
                case "log":
                    return FilterAction.Log;
                case "count":
                    return FilterAction.Count;
                default:
                    Error(node.Start, $"unknown action '{text}' (allow, drop, log or count)");
                    return null;
            }
        }

        public int? Protocol(YamlNode node)
        {
            string? text = Text(node, "protocol");
            switch (text)
            {
                case null or "any":
                    return null;
                case "udp":
                    return 17;
                case "tcp":
                    return 6;
                case "icmp":
                    return 1;
                default:
                    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number <= 255)
                    {
                        return number;
                    }
                    Error(node.Start, $"unknown protocol '{text}' (udp, tcp, icmp, any, or a number 0..255)");
                    return null;
            }
        }

        public AddressMatch? Address(YamlNode node, string key)
        {
            string? text = Text(node, key);
            if (text is null || text == "any")
            {
                return null;
            }
            AddressMatch? match = AddressMatch.TryParse(text, out string? error);
            if (error is not null)
            {
                Error(node.Start, $"'{key}': {error}");
            }
            return match;
        }

        public PortRange? Ports(YamlNode node, string key)
        {
            string? text = Text(node, key);
            if (text is null || text == "any")
            {
                return null;
            }
            PortRange? range = PortRange.TryParse(text, out string? error);
            if (error is not null)
            {
                Error(node.Start, $"'{key}': {error}");
            }
            return range;
        }

        public int? Integer(YamlNode node, string key, int min, int max, string range)
        {
            string? text = Text(node, key);
            if (text is null)
            {
                return null;
            }
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                Error(node.Start, $"'{key}' must be a whole number, not '{text}'");
                return null;
            }
            if (value < min || value > max)
            {
                Error(node.Start, $"{value} is out of range: {range}");
                return null;
            }
            return (int)value;
        }

        public bool? Boolean(YamlNode node, string key)
        {
            string? text = Text(node, key);
            switch (text)
            {
                case null:
                    return null;
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    Error(node.Start, $"'{key}' is true or false, not '{text}'");
                    return null;
            }
        }

        public TimeSpan? Duration(YamlNode node)
        {
            string? text = Text(node, "window");
            if (text is null)
            {
                return null;
            }
            int unit = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
            double scale = unit < 0 ? 0 : text[unit..] switch
            {
                "us" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                _ => 0,
            };
            if (unit <= 0 || scale == 0 || !long.TryParse(text.AsSpan(0, unit), NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount == 0)
            {
                Error(node.Start, $"'window' is a positive duration such as 500ms, 1s or 2m, not '{text}'");
                return null;
            }
            return TimeSpan.FromSeconds(amount * scale);
        }
    }
}
