using HftHost.PacketFilter;
using HftHost.Plugins.PacketFilter;

namespace HftHost.Tests.Filter;

/// <summary>
/// The compiled classifier (grouped decision trees, flow cache in front) finds exactly the rule a
/// plain first-match scan of the rules finds, on flows chosen on and around the rules' edges.
/// </summary>
public class RuleMatcherTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(60, 3)]
    [InlineData(700, 4)]
    [InlineData(3000, 5)]
    public void Should_find_the_first_matching_rule_as_a_linear_scan_does(int ruleCount, int seed)
    {
        var random = new Random(seed);
        List<FilterRule> rules = RandomRules.Rules(random, ruleCount);
        var matcher = new RuleMatcher(rules);
        var cache = new FlowCache(64); // small: hits and evictions both happen
        int matched = 0;

        var recent = new List<(int Protocol, uint Source, uint Destination, int SourcePort, int DestinationPort, int Vlan)>();
        for (int i = 0; i < 30_000; i++)
        {
            // Half new flows, half a repeat of one of the last few (so the cache hits too).
            var flow = i % 2 == 0 || recent.Count == 0 ? RandomRules.Flow(random, rules) : recent[random.Next(recent.Count)];
            recent.Add(flow);
            if (recent.Count > 16)
            {
                recent.RemoveAt(0);
            }
            int expected = RandomRules.FirstMatch(rules, flow);
            var key = FlowKey.Of(flow.Protocol, flow.Source, flow.Destination, flow.SourcePort, flow.DestinationPort, flow.Vlan);

            Assert.True(expected == matcher.Find(ref key), $"flow {flow}: expected rule {expected}, the trees found {matcher.Find(ref key)} ({matcher.Describe()})");
            Assert.Equal(expected, cache.Find(ref key, matcher));
            matched += expected >= 0 ? 1 : 0;
        }
        Assert.True(matched > 300, $"only {matched} flows matched a rule: the test would not test much");
        Assert.True(cache.Hits > 0 && cache.Misses > 0);
    }

    [Fact]
    public void Should_match_negated_blocks_port_ranges_and_vlans_at_their_edges()
    {
        List<FilterRule> rules =
        [
            Rule("outside-10", source: "!10.0.0.0/8", vlan: 100),
            Rule("ports", destinationPorts: new PortRange(26400, 26500)),
            Rule("nothing", source: "!0.0.0.0/0"),
        ];
        var matcher = new RuleMatcher(rules);

        Assert.Equal(0, Find(matcher, source: 0x09FFFFFF, vlan: 100));
        Assert.Equal(-1, Find(matcher, source: 0x0A000000, vlan: 100));
        Assert.Equal(-1, Find(matcher, source: 0x0AFFFFFF, vlan: 100));
        Assert.Equal(0, Find(matcher, source: 0x0B000000, vlan: 100));
        Assert.Equal(-1, Find(matcher, source: 0x0B000000, vlan: 101));
        Assert.Equal(1, Find(matcher, source: 0x0A000001, vlan: 101, destinationPort: 26400));
        Assert.Equal(1, Find(matcher, source: 0x0A000001, vlan: 101, destinationPort: 26500));
        Assert.Equal(-1, Find(matcher, source: 0x0A000001, vlan: 101, destinationPort: 26501));
    }

    [Fact]
    public void Should_keep_lookups_to_a_few_trees_of_small_depth_for_ten_thousand_rules()
    {
        List<FilterRule> rules = SyntheticRuleSets.NonMatching(10_000);
        var matcher = new RuleMatcher(rules);

        Assert.True(matcher.Trees.Count <= 6, matcher.Describe());
        Assert.True(matcher.Trees.Max(t => t.Depth) <= 4, matcher.Describe());
        var key = FlowKey.Of(17, 0xC0A80001, 0xE9360C01, 40000, 26401, 0);
        Assert.Equal(rules.Count - 1, matcher.Find(ref key)); // only the catch-all matches
    }

    private static FilterRule Rule(string name, string? source = null, int? vlan = null, PortRange? destinationPorts = null) => new()
    {
        Name = name, Action = FilterAction.Count, Vlan = vlan,
        Source = source is null ? AddressMatch.Any : AddressMatch.TryParse(source, out _)!.Value,
        DestinationPorts = destinationPorts ?? PortRange.Any,
    };

    private static int Find(RuleMatcher matcher, uint source, int vlan, int destinationPort = 1)
    {
        var key = FlowKey.Of(17, source, 0xE9360C01, 1000, destinationPort, vlan);
        return matcher.Find(ref key);
    }
}
