using HftHost.Sdk;
using Microsoft.Extensions.Configuration;

[assembly: HftPlugin(typeof(BlockingPlugin.BlockingPlugin))]

namespace BlockingPlugin;

public sealed class BlockingPlugin : HftPlugin
{
    private Blocker? _decoder;

    public override void Register(IPluginRegistry registry) =>
        registry.AddDecoder(_decoder = new Blocker(registry.Context.Settings.GetValue("BlockMs", 500)));

    public override void Bind(IPluginBinder binder) => binder.BindAll(_decoder!);

    private sealed class Blocker(int blockMs) : FrameDecoder("blocker")
    {
        private bool _blocked;

        public override int Decode(in FrameView frame)
        {
            if (!_blocked)
            {
                _blocked = true;
                Thread.Sleep(blockMs);
            }
            return 1;
        }
    }
}
