using System.Runtime.InteropServices;
using HftHost.Sdk;

[assembly: HftPlugin(typeof(NativeDepPlugin.NativeDepPlugin))]

namespace NativeDepPlugin;

public sealed partial class NativeDepPlugin : HftPlugin
{
    private int _answer;

    public override void Register(IPluginRegistry registry) => _answer = fixture_native_answer();

    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(_answer);
    }

    [LibraryImport("fixturenative")]
    private static partial int fixture_native_answer();
}
