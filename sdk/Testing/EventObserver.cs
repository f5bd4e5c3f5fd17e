namespace HftHost.Sdk.Testing;

/// <summary>
/// The harness's own plugin, installed beside the plugin under test on the same queue: the
/// runtime attaches event handlers only through a plugin's <see cref="HftPlugin.Register"/>,
/// so the test's subscriptions reach the event bus the way another plugin's would.
/// </summary>
internal sealed class EventObserver(IReadOnlyList<Action<IPluginRegistry>> subscriptions) : HftPlugin
{
    public override void Register(IPluginRegistry registry)
    {
        foreach (Action<IPluginRegistry> subscribe in subscriptions)
        {
            subscribe(registry);
        }
    }
}
