namespace HftHost.Plugins.FeedQuality;

/// <summary>The plugin's settings.</summary>
public sealed class FeedQualitySettings
{
    /// <summary>
    /// A session with no message and no heartbeat for longer than this is stale. MoldUDP64
    /// servers send a heartbeat about once a second when idle, so one second of silence
    /// already means a heartbeat was missed.
    /// </summary>
    public int StaleAfterMilliseconds { get; set; } = 1000;
}
