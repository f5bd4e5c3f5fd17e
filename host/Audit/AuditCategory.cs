namespace HftHost.Audit;

/// <summary>
/// The categories of records the host writes. Plugins (the packet filter's audited
/// actions) may add their own: lower-case letters, digits, '.', '_' and '-', at most 64.
/// </summary>
internal static class AuditCategory
{
    /// <summary>A run opened the trail (first record of every run).</summary>
    public const string Open = "audit.open";

    /// <summary>The run closed the trail cleanly (last record of every clean run).</summary>
    public const string Close = "audit.close";

    /// <summary>First record of a rotated file: names the file and record it continues.</summary>
    public const string Continued = "audit.continued";

    /// <summary>Appends lost because the queue was full, written when the writer caught up.</summary>
    public const string Lost = "audit.lost";

    /// <summary>An unfinished record left by a crash was cut off when the trail was reopened.</summary>
    public const string Recovered = "audit.recovered";

    /// <summary>A run started from a config file: its path and SHA-256.</summary>
    public const string ConfigChange = "config.change";

    public const string PluginLoad = "plugin.load";

    public const string PluginLoadFailed = "plugin.load_failed";

    /// <summary>Old version and generation -> new version and generation.</summary>
    public const string PluginReload = "plugin.reload";

    public const string PluginReloadFailed = "plugin.reload_failed";

    /// <summary>With the reason (fault limit, last fault).</summary>
    public const string PluginQuarantine = "plugin.quarantine";

    /// <summary>A quarantined plugin's new build went back into service.</summary>
    public const string PluginReadmit = "plugin.readmit";

    /// <summary>Messages a MoldUDP64 session skipped: session, first sequence, count.</summary>
    public const string FeedGap = "feed.gap";

    /// <summary>A gap filled by retransmission.</summary>
    public const string FeedGapRecovered = "feed.gap_recovered";

    public static bool IsValid(string category)
    {
        if (category.Length is 0 or > 64)
        {
            return false;
        }
        foreach (char c in category)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
