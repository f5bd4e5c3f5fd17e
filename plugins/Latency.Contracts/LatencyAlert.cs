using HftHost.MoldUdp64;

namespace HftHost.Latency;

/// <summary>
/// A latency target was breached: published by the Latency plugin for every frame whose
/// <paramref name="Metric"/> latency exceeds the session's target (every breach, not
/// rate-limited like the log line), synchronously on the poll thread that received the frame.
/// Threading: immutable; delivered on the poll thread.
/// </summary>
/// <param name="Session">The MoldUDP64 session (venue) whose target was breached.</param>
/// <param name="Metric">What was measured (targets apply to <see cref="LatencyMetric.Wire"/>).</param>
/// <param name="ObservedNs">The latency measured, in ns.</param>
/// <param name="TargetNs">The session's target, in ns.</param>
/// <param name="RxTimestampNs">Receive time of the frame (ns since the Unix epoch).</param>
public readonly record struct LatencyAlert(MoldSession Session, LatencyMetric Metric, long ObservedNs, long TargetNs, long RxTimestampNs);
