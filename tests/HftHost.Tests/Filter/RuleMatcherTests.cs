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

    [Theory]
    [InlineData(40, 6)]
    [InlineData(900, 7)]
    [InlineData(6000, 8)]
    public void Should_find_the_first_matching_rule_of_clustered_rules_as_a_linear_scan_does(int ruleCount, int seed)
    {
        // Exact values on a regular step make the builder cut on low bits, where values of other
        // networks and ports share a part with a rule; flows on the rules' edges, drawn from
        // anywhere, and the traffic of the benchmark check that every such part still answers right.
        var random = new Random(seed);
        List<FilterRule> rules = RandomRules.Clustered(random, ruleCount);
        var matcher = new RuleMatcher(rules);
        var decided = new HashSet<int>();
        for (int i = 0; i < 40_000; i++)
        {
            var flow = (i % 3) switch
            {
                0 => RandomRules.Flow(random, rules),
                1 => RandomRules.Anywhere(random),
                _ => (17, 0xC0000201u + (uint)random.Next(16), 0xE9360C01u + (uint)random.Next(3), 40000 + random.Next(64), 26401 + random.Next(3), 0),
            };
            int expected = RandomRules.FirstMatch(rules, flow);
            var key = FlowKey.Of(flow.Item1, flow.Item2, flow.Item3, flow.Item4, flow.Item5, flow.Item6);
            Assert.True(expected == matcher.Find(ref key), $"flow {flow}: expected rule {expected}, the trees found {matcher.Find(ref key)} ({matcher.Describe()})");
            decided.Add(expected);
        }
        // Flows were decided by many different rules, the catch-all among them: not by a few early wide ones.
        Assert.True(decided.Count > Math.Min(ruleCount / 10, 300) && decided.Contains(ruleCount), $"{decided.Count} distinct rules decided the flows");
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

        Assert.True(matcher.TreeCount <= 6, matcher.Describe());
        Assert.True(matcher.MaxDepth <= 3, matcher.Describe());
        var key = FlowKey.Of(17, 0xC0A80001, 0xE9360C01, 40000, 26401, 0);
        Assert.Equal(rules.Count - 1, matcher.Find(ref key)); // only the catch-all matches
    }

    [Fact]
    public void Should_cut_every_group_when_many_groups_share_a_rule_file()
    {
        // 10,000 random rules fall into 64 groups (every mix of specific fields): each group's
        // tree has its own copy budget, so the last groups are cut as well as the first.
        List<FilterRule> rules = RandomRules.Rules(new Random(3), 10_000);
        var matcher = new RuleMatcher(rules);

        Assert.True(matcher.TreeCount > 32, matcher.Describe());
        Assert.True(matcher.LongestLeaf <= 32, matcher.Describe());
        var random = new Random(4);
        for (int i = 0; i < 2_000; i++)
        {
            var flow = RandomRules.Flow(random, rules);
            var key = FlowKey.Of(flow.Protocol, flow.Source, flow.Destination, flow.SourcePort, flow.DestinationPort, flow.Vlan);
            Assert.Equal(RandomRules.FirstMatch(rules, flow), matcher.Find(ref key));
        }
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
