namespace HftHost.Sdk.Runtime;

/// <summary>
/// A filter as the dispatcher knows it: its owner (for fault accounting) and the frames it
/// dropped. The counter is written only by the owner's poll thread.
/// </summary>
internal sealed class FilterRegistration(FrameFilter filter, PluginInstance owner)
{
    public FrameFilter Filter { get; } = filter;

    public PluginInstance Owner { get; } = owner;

    /// <summary>Frames this filter dropped.</summary>
    public long Dropped;

    public string Site { get; } = "filter " + filter.Name;
}
