using HftHost.PacketFilter;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// A rules file made ready for the poll thread: the classifier, the flow cache in front of it,
/// the port-scan detector, and per rule its action, audit flag and counters. Built off the poll
/// thread (<see cref="Compile"/>), then owned by one poll thread.
/// </summary>
internal sealed class CompiledRules
{
    private CompiledRules(FilterRuleSet set, RuleMatcher matcher, FlowCache? cache, PortScanDetector? scan)
    {
        Set = set;
        Matcher = matcher;
        Cache = cache;
        Scan = scan;
        int n = set.Rules.Count;
        Frames = new long[n];
        Actions = new FilterAction[n];
        Audit = new bool[n];
        Names = new string[n];
        ActionNames = new string[n];
        LastLog = new long[n];
        Suppressed = new long[n];
        IndexByName = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            FilterRule rule = set.Rules[i];
            Actions[i] = rule.Action;
            Audit[i] = rule.Audit;
            Names[i] = rule.Name;
            ActionNames[i] = ActionName(rule.Action);
            IndexByName[rule.Name] = i;
        }
    }

    public FilterRuleSet Set { get; }

    public RuleMatcher Matcher { get; }

    public FlowCache? Cache { get; }

    public PortScanDetector? Scan { get; }

    /// <summary>Frames each rule decided (written by the poll thread).</summary>
    public long[] Frames { get; }

    public FilterAction[] Actions { get; }

    public bool[] Audit { get; }

    public string[] Names { get; }

    public string[] ActionNames { get; }

    /// <summary>Stopwatch time of each rule's last log line (log action).</summary>
    public long[] LastLog { get; }

    /// <summary>Matches of a log rule since its last line.</summary>
    public long[] Suppressed { get; }

    public Dictionary<string, int> IndexByName { get; }

    /// <summary>File time and length the rules were read at, to notice a new version.</summary>
    public (DateTime Time, long Length) Stamp { get; init; }

    /// <param name="set">The rules as read.</param>
    /// <param name="cacheSize">Flow cache slots; 0 = no cache (every frame is classified by the trees).</param>
    /// <param name="scanSources">Sources the port-scan detector tracks at once.</param>
    public static CompiledRules Compile(FilterRuleSet set, int cacheSize, int scanSources, (DateTime, long) stamp = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new CompiledRules(
            set, new RuleMatcher(set.Rules), cacheSize > 0 ? new FlowCache(cacheSize) : null,
            set.PortScan is { } scan ? new PortScanDetector(scan, scanSources) : null)
        {
            Stamp = stamp,
        };
    }

    /// <summary>The first rule matching <paramref name="key"/>, or -1.</summary>
    public int Classify(ref FlowKey key) => Cache is { } cache ? cache.Find(ref key, Matcher) : Matcher.Find(ref key);

    /// <summary>Continues the counters of <paramref name="previous"/>: a rule keeps its count across a reload when its name stays.</summary>
    public void ContinueFrom(CompiledRules previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        for (int i = 0; i < Names.Length; i++)
        {
            if (previous.IndexByName.TryGetValue(Names[i], out int old))
            {
                Frames[i] = previous.Frames[old];
            }
        }
        if (Scan is not null && previous.Scan is not null)
        {
            Scan.Fired = previous.Scan.Fired;
            Scan.Dropped = previous.Scan.Dropped;
            Scan.Evictions = previous.Scan.Evictions;
        }
    }

    public static string ActionName(FilterAction action) => action switch
    {
        FilterAction.Allow => "allow",
        FilterAction.Drop => "drop",
        FilterAction.Log => "log",
        _ => "count",
    };
}
