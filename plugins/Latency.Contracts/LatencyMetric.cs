namespace HftHost.Latency;

/// <summary>What a latency histogram measures; the values are indexes into a session's histograms.</summary>
public enum LatencyMetric
{
    /// <summary>Per message: receive time of its frame minus its ITCH timestamp (includes the exchange's batching).</summary>
    ExchangeToRx,

    /// <summary>Per frame: receive time minus the newest ITCH timestamp in it (the network path alone).</summary>
    Wire,

    /// <summary>Per frame: the wall clock when the plugin sees it minus its receive time (meaningful for live sources only).</summary>
    RxToPlugin,

    /// <summary>Per frame: |this inter-arrival gap − the previous one|, on receive times.</summary>
    Jitter,
}
