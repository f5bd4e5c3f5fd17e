using HftHost.PacketFilter;
using Microsoft.Extensions.Logging;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// Looks at the rules file's time and length once a second, on a timer thread, and when they
/// change reads and compiles the new rules there, off the poll thread, then offers them to the
/// filter. A file with errors keeps the rules in force; every error is logged, once per version
/// of the file.
/// Threading: the timer's thread; <see cref="Dispose"/> from any thread.
/// </summary>
internal sealed class RulesWatcher : IDisposable
{
    private readonly string _path;
    private readonly Func<FilterRuleSet, (DateTime, long), CompiledRules> _compile;
    private readonly RuleFilter _filter;
    private readonly ILogger _logger;
    private readonly Timer _timer;
    private (DateTime Time, long Length) _seen;
    private int _busy;

    public RulesWatcher(string path, (DateTime, long) loaded, Func<FilterRuleSet, (DateTime, long), CompiledRules> compile, RuleFilter filter, ILogger logger)
    {
        _path = path;
        _seen = loaded;
        _compile = compile;
        _filter = filter;
        _logger = logger;
        _timer = new Timer(_ => Check(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>New versions of the file that had errors (the old rules stayed).</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    private long _rejected;

    /// <summary>The errors of the last rejected version, for the rules query.</summary>
    public IReadOnlyList<string> LastErrors { get; private set; } = [];

    public static (DateTime Time, long Length) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    /// <summary>Checks the file now (the timer does it each second).</summary>
    public void Check()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            return; // the previous check is still compiling
        }
        try
        {
            (DateTime, long) stamp = Stamp(_path);
            if (stamp == _seen || stamp == default)
            {
                return;
            }
            _seen = stamp;
            try
            {
                CompiledRules rules = _compile(FilterRulesFile.Load(_path), stamp);
                LastErrors = [];
                _filter.Offer(rules);
                FilterLog.RulesLoaded(_logger, _path, rules.Set.Rules.Count, rules.Matcher.Describe(), null);
            }
            catch (FilterRulesException ex)
            {
                Interlocked.Increment(ref _rejected);
                LastErrors = ex.Errors.Count == 0 ? [ex.Message] : [.. ex.Errors.Select(e => e.ToString())];
                FilterLog.RulesRejected(_logger, _path, LastErrors.Count, null);
                foreach (string error in LastErrors)
                {
                    FilterLog.RulesError(_logger, error, null);
                }
            }
        }
        catch (Exception ex)
        {
            FilterLog.CheckFailed(_logger, _path, ex);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
