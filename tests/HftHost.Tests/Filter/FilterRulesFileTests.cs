using HftHost.PacketFilter;
using HftHost.Tests.Support;

namespace HftHost.Tests.Filter;

/// <summary>The rules file: what it reads, and every kind of error with its file, line and column.</summary>
public class FilterRulesFileTests
{
    [Fact]
    public void Should_read_rules_in_order_with_every_field_and_the_port_scan_rule()
    {
        using var dir = new TempDir();
        string path = dir.File("rules.yaml");
        File.WriteAllText(path, """
            # market-data edge
            rules:
              - { name: drop-private, action: drop, protocol: udp, src: "!10.0.0.0/8", dst: 233.54.12.0/24, src-port: 1024-65535, dst-port: 26400-26500, vlan: 100, audit: true }
              - name: feed
                action: allow
                dst: 233.54.12.111
                dst-port: 26477
            port-scan: { ports: 20, window: 1s, action: log, audit: true }
            """);

        FilterRuleSet set = FilterRulesFile.Load(path);

        Assert.Equal(["drop-private", "feed"], set.Rules.Select(r => r.Name));
        FilterRule first = set.Rules[0];
        Assert.Equal((FilterAction.Drop, 17, true, 100, true), (first.Action, first.Protocol!.Value, first.Source.Negated, first.Vlan!.Value, first.Audit));
        Assert.Equal(("!10.0.0.0/8", "233.54.12.0/24", "1024-65535", "26400-26500"),
            (first.Source.ToString(), first.Destination.ToString(), first.SourcePorts.ToString(), first.DestinationPorts.ToString()));
        Assert.Equal((3, 5), (first.Line, first.Column));
        FilterRule feed = set.Rules[1];
        Assert.Equal((FilterAction.Allow, (int?)null, "233.54.12.111/32", "any", 26477), (feed.Action, feed.Protocol, feed.Destination.ToString(), feed.Source.ToString(), feed.DestinationPorts.First));
        Assert.Equal((4, 5), (feed.Line, feed.Column));
        Assert.Equal(new PortScanRule { Ports = 20, Window = TimeSpan.FromSeconds(1), Action = FilterAction.Log, Audit = true, Line = 8, Column = 12 }, set.PortScan);
    }

    [Theory]
    [InlineData("rules:\n  - { name: a, action: drop\n", 3, 1, "not valid YAML")]
    [InlineData("rules:\n  - { name: a, action: drop, colour: red }\n", 2, 30, "unknown key 'colour'")]
    [InlineData("rules: []\nrulez: 1\n", 2, 1, "unknown key 'rulez' (known: rules, port-scan)")]
    [InlineData("rules:\n  - { name: a, action: drop, src: 10.0.0.0/33 }\n", 2, 35, "'src': '10.0.0.0/33' is not a CIDR block: the prefix length is 0..32")]
    [InlineData("rules:\n  - { name: a, action: drop, dst: 10.0.0.1/8 }\n", 2, 35, "has host bits set: the block is 10.0.0.0/8")]
    [InlineData("rules:\n  - { name: a, action: drop, dst: \"!10.0.300.0/24\" }\n", 2, 35, "'10.0.300.0' is not a dotted IPv4 address")]
    [InlineData("rules:\n  - { name: a, action: drop, dst-port: 70000 }\n", 2, 40, "port 70000 is out of range (0..65535)")]
    [InlineData("rules:\n  - { name: a, action: drop, src-port: 2000-1000 }\n", 2, 40, "is empty: 2000 is after 1000")]
    [InlineData("rules:\n  - { name: a, action: reject }\n", 2, 24, "unknown action 'reject' (allow, drop, log or count)")]
    [InlineData("rules:\n  - { name: a, action: drop, protocol: sctp }\n", 2, 40, "unknown protocol 'sctp'")]
    [InlineData("rules:\n  - { name: a, action: drop, vlan: 5000 }\n", 2, 36, "5000 is out of range: a VLAN id is 0 (untagged) to 4095")]
    [InlineData("rules:\n  - { name: a, action: drop, audit: yes please }\n", 2, 37, "'audit' is true or false")]
    [InlineData("rules:\n  - { action: drop }\n", 2, 5, "the rule has no 'name'")]
    [InlineData("rules:\n  - { name: a }\n", 2, 5, "rule 'a' has no 'action'")]
    [InlineData("rules:\n  - { name: a, action: drop }\n  - { name: a, action: allow }\n", 3, 5, "a second rule named 'a' (the first is at line 2)")]
    [InlineData("rules:\n  - { name: a, action: drop, protocol: icmp, dst-port: 53 }\n", 2, 40, "protocol 1 would never match")]
    [InlineData("rules: drop everything\n", 1, 8, "'rules' must be a list")]
    [InlineData("port-scan: { ports: 20, window: 1s, action: log }\n", 1, 1, "'rules' is missing")]
    [InlineData("rules: []\nport-scan: { ports: 1, window: 1s, action: log }\n", 2, 21, "1 is out of range: 'ports'")]
    [InlineData("rules: []\nport-scan: { ports: 20, window: soon, action: log }\n", 2, 33, "'window' is a positive duration")]
    [InlineData("rules: []\nport-scan: { ports: 20, window: 1s, action: allow }\n", 2, 45, "allow would do nothing")]
    [InlineData("rules: []\nport-scan: { ports: 20, action: log }\n", 2, 12, "'port-scan' has no 'window'")]
    public void Should_report_each_kind_of_error_with_file_line_and_column(string yaml, int line, int column, string message)
    {
        using var dir = new TempDir();
        string path = dir.File("rules.yaml");
        File.WriteAllText(path, yaml);

        var ex = Assert.Throws<FilterRulesException>(() => FilterRulesFile.Load(path));

        FilterRulesError error = Assert.Single(ex.Errors);
        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}:{column}: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(error.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_every_error_in_the_file_not_only_the_first()
    {
        string yaml = """
            rules:
              - { name: a, action: drop, src: 10.0.0.0/40 }
              - { name: b, action: explode, dst-port: 99999 }
              - { name: c, action: allow, wat: 1 }
            port-scan: { ports: 20, window: 0s, action: log }
            """;

        var ex = Assert.Throws<FilterRulesException>(() => FilterRulesFile.Parse(yaml, "edge.yaml"));

        Assert.Equal(
            ["edge.yaml:2:35", "edge.yaml:3:24", "edge.yaml:3:43", "edge.yaml:4:31", "edge.yaml:5:33"],
            ex.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
    }

    [Fact]
    public void Should_report_a_missing_file_with_its_path()
    {
        var ex = Assert.Throws<FilterRulesException>(() => FilterRulesFile.Load("/nonexistent/rules.yaml"));

        Assert.StartsWith("/nonexistent/rules.yaml:1:1: cannot read the rules file", Assert.Single(ex.Errors).ToString(), StringComparison.Ordinal);
    }
}
