using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HftHost.PacketFilter;
using HftHost.Plugins.PacketFilter;
using HftHost.Sdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Benchmarks;

/// <summary>
/// What the PacketFilter costs per frame with 1, 100 and 10,000 rules, all of which miss the
/// traffic except the last (a catch-all), so a first-match classifier has to rule out every
/// earlier one. Three ways, each with its own 1-rule case:
/// <list type="bullet">
/// <item>cached: market-data traffic (64 flows) through the flow cache, as in production;</item>
/// <item>uncached: the flow cache off, every frame classified by the decision trees;</item>
/// <item>miss: the cache on but every frame a new flow (source port counting up through
/// 65,536 values into a 4,096-slot cache), so every frame pays a miss, the trees and a slot update.</item>
/// </list>
/// Each timing is (parse + filter) over in-memory frames minus a parse-only loop measured
/// in the same round; rounds alternate the cases; medians are reported, and ratios against the
/// 1-rule case of the same way, measured in the same process.
/// </summary>
internal static class FilterRun
{
    private const int Flows = 64;
    private static readonly int[] RuleCounts = [1, 100, 10_000];
    private static readonly string[] Modes = ["cached", "uncached", "miss"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static long s_sink;

    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 9);
        int framesPerRound = Option(args, "--frames", 400_000);
        string? output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        byte[][] frames = [.. Enumerable.Range(0, Flows).Select(i => Udp(0xC0000201u + (uint)(i % 16), 0xE9360C01u + (uint)(i % 3), (ushort)(40000 + i), (ushort)(26401 + i % 3)))];

        var cases = new List<Case>();
        foreach (int count in RuleCounts)
        {
            List<FilterRule> rules = SyntheticRuleSets.NonMatching(count);
            var set = new FilterRuleSet("synthetic", rules, null);
            var compile = Stopwatch.StartNew();
            foreach (string mode in Modes)
            {
                CompiledRules compiled = CompiledRules.Compile(set, mode == "uncached" ? 0 : 4096, 4096);
                cases.Add(new Case(count, mode, new RuleFilter(compiled, NullLogger.Instance, new AuditChannel("PacketFilter", 0, TimeProvider.System))));
            }
            Console.WriteLine($"filter: {count:N0} rules compiled ({compile.Elapsed.TotalMilliseconds / Modes.Length:F0} ms each): {cases[^1].Filter.Current.Matcher.Describe()}");
        }

        var parse = new List<double>();
        for (int round = -1; round < rounds; round++) // round -1 warms up (JIT tiers), not reported
        {
            double parseNs = TimeParse(frames, framesPerRound);
            foreach (Case c in cases)
            {
                double total = Time(c, frames, framesPerRound);
                if (round >= 0)
                {
                    c.Totals.Add(total);
                    c.Filter_.Add(total - parseNs);
                }
            }
            if (round >= 0)
            {
                parse.Add(parseNs);
            }
        }

        foreach (Case c in cases)
        {
            long decided = c.Filter.Current.Frames[^1] + c.Filter.Unmatched;
            if (c.Filter.Current.Frames.Take(c.Rules - 1).Any(f => f != 0) || decided != (long)(rounds + 1) * framesPerRound)
            {
                Console.Error.WriteLine($"filter: {c.Rules} rules {c.Mode}: a rule other than the catch-all matched, or frames went missing");
                return 1;
            }
        }
        return Report(cases, Median(parse), rounds, framesPerRound, output);
    }

    private static int Report(List<Case> cases, double parseNs, int rounds, int framesPerRound, string? output)
    {
        var rows = new List<object>();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"frame parse alone: {parseNs:F2} ns/frame (subtracted below)");
        text.AppendLine("| rules | way | filter ns/frame (median) | parse+filter ns/frame | ratio to 1 rule (filter) | ratio to 1 rule (parse+filter) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|");
        bool goalCached = true, goalUncached = true;
        foreach (Case c in cases)
        {
            Case one = cases.Single(o => o.Rules == 1 && o.Mode == c.Mode);
            double filter = Median(c.Filter_), total = Median(c.Totals);
            double ratio = filter / Median(one.Filter_), totalRatio = total / Median(one.Totals);
            if (c.Rules == RuleCounts[^1])
            {
                goalCached &= c.Mode != "cached" || ratio <= 2;
                goalUncached &= c.Mode != "uncached" || ratio <= 2;
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c.Rules:N0} | {c.Mode} | {filter:F2} | {total:F2} | {ratio:F2} | {totalRatio:F2} |");
            rows.Add(new
            {
                rules = c.Rules, way = c.Mode, filter_ns_per_frame_median = Math.Round(filter, 3), parse_and_filter_ns_per_frame_median = Math.Round(total, 3),
                filter_ns_per_frame_rounds = c.Filter_.Select(v => Math.Round(v, 3)).ToArray(),
                ratio_to_1_rule_filter = Math.Round(ratio, 3), ratio_to_1_rule_parse_and_filter = Math.Round(totalRatio, 3),
                matcher = c.Filter.Current.Matcher.Describe(),
                flow_cache = c.Filter.Current.Cache is { } cache ? new { hits = cache.Hits, misses = cache.Misses } : null,
            });
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"goal (10,000 rules at most 2x 1 rule): cached {(goalCached ? "met" : "NOT met")}, uncached {(goalUncached ? "met" : "NOT met")}");
        Console.Write(text.ToString());
        var result = new
        {
            benchmark = "filter",
            date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            rounds, frames_per_round = framesPerRound, flows = Flows,
            parse_ns_per_frame_median = Math.Round(parseNs, 3),
            goal = "10,000 rules cost at most 2x 1 rule",
            goal_met_cached = goalCached, goal_met_uncached = goalUncached,
            cases = rows,
        };
        string json = JsonSerializer.Serialize(result, Indented);
        if (output is not null)
        {
            File.WriteAllText(output, json);
        }
        return 0;
    }

    private static double Time(Case c, byte[][] frames, int count)
    {
        RuleFilter filter = c.Filter;
        bool newFlows = c.Mode == "miss";
        long sink = 0;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = frames[i & (Flows - 1)];
            if (newFlows)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(34), (ushort)i); // the UDP source port
            }
            FrameView frame = FrameParser.Parse(bytes, i, bytes.Length, 0, 0);
            sink += (int)filter.Filter(in frame);
        }
        long elapsed = Stopwatch.GetTimestamp() - started;
        if (newFlows)
        {
            foreach (byte[] bytes in frames)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(34), 40000);
            }
        }
        s_sink += sink;
        return elapsed * 1e9 / Stopwatch.Frequency / count;
    }

    private static double TimeParse(byte[][] frames, int count)
    {
        long sink = 0;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = frames[i & (Flows - 1)];
            FrameView frame = FrameParser.Parse(bytes, i, bytes.Length, 0, 0);
            sink += frame.DestinationPort;
        }
        long elapsed = Stopwatch.GetTimestamp() - started;
        s_sink += sink;
        return elapsed * 1e9 / Stopwatch.Frequency / count;
    }

    // Ethernet + IPv4 + UDP + 64 bytes of payload.
    private static byte[] Udp(uint source, uint destination, ushort sourcePort, ushort destinationPort)
    {
        byte[] frame = new byte[14 + 20 + 8 + 64];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        frame[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), 20 + 8 + 64);
        frame[22] = 64;
        frame[23] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(26), source);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(30), destination);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(36), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(38), 8 + 64);
        return frame;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private sealed record Case(int Rules, string Mode, RuleFilter Filter)
    {
        public List<double> Totals { get; } = [];

        public List<double> Filter_ { get; } = [];
    }
}
