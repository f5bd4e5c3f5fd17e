using HftHost.Sdk;

[assembly: HftPlugin(typeof(ThrowingPlugin.ThrowingPlugin))]

namespace ThrowingPlugin;

public sealed class ThrowingPlugin : HftPlugin
{
    private Thrower? _decoder;

    public override void Register(IPluginRegistry registry) => registry.AddDecoder(_decoder = new Thrower());

    public override void Bind(IPluginBinder binder) => binder.BindAll(_decoder!);

    private sealed class Thrower() : FrameDecoder("thrower")
    {
        public override int Decode(in FrameView frame) => throw new InvalidDataException($"cannot decode a frame of {frame.Bytes.Length} bytes");
    }
}
