using System.Diagnostics;
using System.Globalization;
using HftHost.PacketFilter;
using HftHost.Sdk;
using Microsoft.Extensions.Logging;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// The per-frame part of the plugin: port-scan detection, then the first matching rule
/// decides (allow, drop, log, count); the rule's counter counts the frame, an audited rule
/// records it in the audit channel. New rules compiled on another thread are taken at the
/// next frame or idle turn. No allocation, no lock per frame (a log line, at most one per rule
/// per second, formats its text only when the logger is enabled).
/// Threading: <see cref="Filter"/> and <see cref="TakePending"/> on the poll thread; <see cref="Offer"/> from any thread.
/// </summary>
internal sealed class RuleFilter : FrameFilter
{
    private const string AuditCategory = "filter";

    private readonly ILogger _logger;
    private readonly AuditChannel _audit;
    private CompiledRules _rules;
    private CompiledRules? _pending;

    public RuleFilter(CompiledRules rules, ILogger logger, AuditChannel audit)
        : base("rules")
    {
        _rules = rules;
        _logger = logger;
        _audit = audit;
    }

    /// <summary>The rules in force (read by the metrics thread too).</summary>
    public CompiledRules Current => Volatile.Read(ref _rules);

    /// <summary>Frames no rule matched (allowed).</summary>
    public long Unmatched;

    /// <summary>Rule sets swapped in since the plugin started.</summary>
    public long Reloads;

    /// <summary>Hands new rules to the poll thread, which takes them at its next frame or idle turn.</summary>
    public void Offer(CompiledRules rules) => Volatile.Write(ref _pending, rules);

    /// <summary>True while offered rules wait for the poll thread.</summary>
    public bool HasPending => Volatile.Read(ref _pending) is not null;

    public override FilterVerdict Filter(in FrameView frame)
    {
        if (Volatile.Read(ref _pending) is not null)
        {
            TakePending();
        }
        CompiledRules rules = _rules;
        if (rules.Scan is { } scan && frame.L4Offset >= 0 && Scanned(scan, in frame))
        {
            return FilterVerdict.Drop;
        }
        var key = FlowKey.Of(frame.IpProtocol, frame.SourceAddress, frame.DestinationAddress, frame.SourcePort, frame.DestinationPort, frame.OuterVlanId);
        int rule = rules.Classify(ref key);
        if (rule < 0)
        {
            Unmatched++;
            return FilterVerdict.Allow;
        }
        rules.Frames[rule]++;
        FilterAction action = rules.Actions[rule];
        if (rules.Audit[rule])
        {
            Record(rules, rule, in frame);
        }
        if (action == FilterAction.Log)
        {
            Log(rules, rule, in frame);
        }
        return action == FilterAction.Drop ? FilterVerdict.Drop : FilterVerdict.Allow;
    }

    /// <summary>Swaps in offered rules, continuing the counters of rules that keep their name.</summary>
    public void TakePending()
    {
        CompiledRules? pending = Interlocked.Exchange(ref _pending, null);
        if (pending is null)
        {
            return;
        }
        pending.ContinueFrom(_rules);
        Volatile.Write(ref _rules, pending);
        Reloads++;
    }

    private bool Scanned(PortScanDetector scan, in FrameView frame)
    {
        PortScanDetector.Outcome outcome = scan.Observe(frame.SourceAddress, frame.DestinationPort, frame.RxTimestampNs);
        if (outcome == PortScanDetector.Outcome.None)
        {
            return false;
        }
        if (outcome == PortScanDetector.Outcome.Scanning)
        {
            scan.Dropped++;
            return true;
        }
        PortScanRule rule = scan.Rule;
        if (rule.Action == FilterAction.Log && _logger.IsEnabled(LogLevel.Warning))
        {
            FilterLog.Scan(_logger, Address(frame.SourceAddress), rule.Ports, rule.Window.ToString(), null);
        }
        if (rule.Audit)
        {
            var text = new DetailWriter(stackalloc char[AuditChannel.MaxDetailLength]);
            text.Append("port-scan ");
            text.Append(CompiledRules.ActionName(rule.Action));
            text.Append(" src ");
            text.AppendAddress(frame.SourceAddress);
            text.Append(" ports ");
            text.Append(rule.Ports);
            text.Append(" window-ms ");
            text.Append((long)rule.Window.TotalMilliseconds);
            _audit.TryRecord(AuditCategory, text.Text);
        }
        if (rule.Action == FilterAction.Drop)
        {
            scan.Dropped++;
            return true;
        }
        return false;
    }

    private void Record(CompiledRules rules, int rule, in FrameView frame)
    {
        var text = new DetailWriter(stackalloc char[AuditChannel.MaxDetailLength]);
        text.Append("rule ");
        text.Append(rules.Names[rule]);
        text.Append(" ");
        text.Append(rules.ActionNames[rule]);
        text.Append(" ");
        Describe(ref text, in frame);
        _audit.TryRecord(AuditCategory, text.Text);
    }

    private void Log(CompiledRules rules, int rule, in FrameView frame)
    {
        long now = Stopwatch.GetTimestamp();
        if (rules.LastLog[rule] != 0 && now - rules.LastLog[rule] < Stopwatch.Frequency)
        {
            rules.Suppressed[rule]++;
            return;
        }
        rules.LastLog[rule] = now;
        long earlier = rules.Suppressed[rule];
        rules.Suppressed[rule] = 0;
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var text = new DetailWriter(stackalloc char[AuditChannel.MaxDetailLength]);
            Describe(ref text, in frame);
            FilterLog.Match(_logger, rules.Names[rule], rules.ActionNames[rule], text.Text.ToString(), earlier, null);
        }
    }

    // "proto 17 10.1.2.3:1234 > 233.54.12.1:26477 vlan 100", without allocating.
    internal static void Describe(ref DetailWriter text, in FrameView frame)
    {
        text.Append("proto ");
        text.Append(frame.IpProtocol);
        text.Append(" ");
        text.AppendAddress(frame.SourceAddress);
        text.Append(":");
        text.Append(frame.SourcePort);
        text.Append(" > ");
        text.AppendAddress(frame.DestinationAddress);
        text.Append(":");
        text.Append(frame.DestinationPort);
        text.Append(" vlan ");
        text.Append(frame.OuterVlanId);
    }

    private static string Address(uint a) => string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}");
}
