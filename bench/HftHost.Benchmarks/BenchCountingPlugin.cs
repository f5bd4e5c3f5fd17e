using HftHost.Sdk;
using Microsoft.Extensions.Configuration;

namespace HftHost.Benchmarks;

/// <summary>
/// A plugin entry type for <see cref="BenchCountingDecoder"/> in the default load context:
/// registers and binds it as the CountingPlugin fixture does (setting Port: that UDP port
/// on any address; 0 = every frame).
/// </summary>
internal sealed class BenchCountingPlugin : HftPlugin
{
    public BenchCountingDecoder Decoder { get; } = new(new BenchCountState());

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddDecoder(Decoder);
    }

    public override void Bind(IPluginBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        int port = binder.Context.Settings.GetValue("Port", 0);
        if (port == 0)
        {
            binder.BindAll(Decoder);
        }
        else
        {
            binder.Bind(Decoder, new FeedEndpoint(FeedProtocol.Udp, null, port));
        }
    }
}
