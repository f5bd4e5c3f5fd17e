namespace HftHost.Sdk;

/// <summary>
/// Sees every frame of its queue before any decoder does and decides whether it goes
/// further (<see cref="FilterVerdict.Allow"/>) or stops here (<see cref="FilterVerdict.Drop"/>:
/// no later filter and no decoder sees it; the host counts it as filtered). Registered with
/// <see cref="IPluginRegistry.AddFilter"/>; the filters of all running plugins are asked in
/// plugin order, before the route lookup. Nothing needs binding: a filter sees all traffic.
/// An exception counts as a fault of the plugin (the frame is allowed, as if the filter were
/// absent); after the host's fault limit the plugin is quarantined.
/// Threading: <see cref="Filter"/> runs only on the owning instance's poll thread.
/// </summary>
public abstract class FrameFilter
{
    /// <summary>Creates a filter with a name unique within its plugin (used in reports).</summary>
    /// <param name="name">For example "rules".</param>
    protected FrameFilter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The filter's name, unique within its plugin.</summary>
    public string Name { get; }

    /// <summary>
    /// Decides for one frame. Called for every frame of the queue, so it must not allocate,
    /// block or keep the view (its bytes are reused as soon as the call returns).
    /// </summary>
    /// <param name="frame">The parsed frame.</param>
    /// <returns><see cref="FilterVerdict.Drop"/> to stop the frame; otherwise <see cref="FilterVerdict.Allow"/>.</returns>
    public abstract FilterVerdict Filter(in FrameView frame);
}
