using HftHost.Sdk;

[assembly: HftPlugin(typeof(GreeterA.GreeterA))]

namespace GreeterA;

/// <summary>Claims nothing; its state is the text and version of the Fixture.Greeting it loaded.</summary>
public sealed class GreeterA : HftPlugin
{
    public override void Register(IPluginRegistry registry)
    {
    }

    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Fixture.Greeting.Greeting.Text);
        writer.Write(typeof(Fixture.Greeting.Greeting).Assembly.GetName().Version!.ToString());
    }
}
