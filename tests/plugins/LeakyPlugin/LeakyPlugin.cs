using HftHost.Sdk;

[assembly: HftPlugin(typeof(LeakyPlugin.LeakyPlugin))]

namespace LeakyPlugin;

/// <summary>The classic unload leak: a handler on a static event of the shared framework.</summary>
public sealed class LeakyPlugin : HftPlugin
{
    public override void Register(IPluginRegistry registry) => AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

    private void OnProcessExit(object? sender, EventArgs e)
    {
    }
}
