namespace HftHost.Sdk.Runtime;

/// <summary>
/// A change of the plugins a <see cref="FrameDispatcher"/> runs, applied by its poll thread
/// between two bursts: add an instance, remove one, or replace one (with the state handed
/// from the old to the new instance).
/// </summary>
internal sealed class DispatcherChange
{
    private DispatcherChange(PluginInstance? remove, PluginInstance? add, Action? work = null)
    {
        Remove = remove;
        Add = add;
        Work = work;
    }

    /// <summary>Work to run on the poll thread between bursts (a query), instead of a change of plugins.</summary>
    public Action? Work { get; }

    public PluginInstance? Remove { get; }

    public PluginInstance? Add { get; }

    /// <summary>Completes when applied (true) or refused (false, see <see cref="Error"/>).</summary>
    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long the poll thread spent on the change (state export, import, new routes).</summary>
    public TimeSpan Pause { get; set; }

    /// <summary>Bytes of state handed over.</summary>
    public long StateBytes { get; set; }

    /// <summary>Why the change was refused; the old instance keeps running.</summary>
    public string? Error { get; set; }

    public static DispatcherChange Adding(PluginInstance instance) => new(null, instance);

    public static DispatcherChange Removing(PluginInstance instance) => new(instance, null);

    public static DispatcherChange Running(Action work) => new(null, null, work);

    public static DispatcherChange Replacing(PluginInstance old, PluginInstance replacement) => new(old, replacement);
}
