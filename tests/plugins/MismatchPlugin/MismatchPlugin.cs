using HftHost.Sdk;

[assembly: HftPlugin(typeof(MismatchPlugin.MismatchPlugin), 2, 0)]

namespace MismatchPlugin;

public sealed class MismatchPlugin : HftPlugin
{
    public override void Register(IPluginRegistry registry)
    {
    }
}
