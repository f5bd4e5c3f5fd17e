using System.Runtime.Loader;
using HftHost.Plugins;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using HftHost.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace HftHost.Tests.Plugins;

/// <summary>
/// The loader: handshake, isolation (own context, shared SDK, private managed and native
/// dependencies from the plugin's folder), contracts shared between plugins.
/// Frames are offered straight to the dispatchers (no poll thread).
/// </summary>
public class PluginLoadingTests
{
    [Fact]
    public void Should_refuse_a_plugin_built_for_another_sdk_major_naming_both_versions()
    {
        using var plugins = new TestPlugins("MismatchPlugin");
        using PluginManager manager = plugins.Manager();

        var ex = Assert.ThrowsAny<Exception>(manager.LoadAll);

        Assert.Equal(
            $"plugin MismatchPlugin was built for HftHost SDK 2.0, but this host has SDK {SdkVersion.Major}.{SdkVersion.Minor}: " +
            $"major versions must match; rebuild MismatchPlugin against HftHost.Sdk {SdkVersion.Major}.x", ex.Message);
        Assert.Empty(manager.List());
    }

    [Fact]
    public void Should_load_each_plugin_in_its_own_collectible_context_sharing_only_the_sdk()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        using PluginManager manager = plugins.Manager();
        manager.LoadAll();

        PluginInstance instance = manager.Dispatchers[0].Active.Single();
        AssemblyLoadContext? context = AssemblyLoadContext.GetLoadContext(instance.Plugin.GetType().Assembly);
        Assert.NotNull(context);
        Assert.True(context.IsCollectible);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        // The SDK type the plugin derives from is the host's: one HftHost.Sdk in the process.
        Assert.Same(typeof(HftPlugin), instance.Plugin.GetType().BaseType);
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "HftHost.Sdk");
        PluginStatus status = Assert.Single(manager.List());
        Assert.Equal(("CountingPlugin", "running", "1.0", 1), (status.Name, status.State, status.SdkBuiltFor, status.Generation));
        Assert.StartsWith("1.0.0", status.Version, StringComparison.Ordinal);
        Assert.Equal(["count <- all frames"], status.Bindings);
    }

    [Fact]
    public void Should_give_two_plugins_their_own_versions_of_the_same_private_dependency()
    {
        using var plugins = new TestPlugins("GreeterA", "GreeterB");
        using PluginManager manager = plugins.Manager();
        manager.LoadAll();

        using BinaryReader a = TestPlugins.State(manager, "GreeterA");
        using BinaryReader b = TestPlugins.State(manager, "GreeterB");

        Assert.Equal(("greeting v1", "1.0.0.0"), (a.ReadString(), a.ReadString()));
        Assert.Equal(("greeting v2", "2.0.0.0"), (b.ReadString(), b.ReadString()));
    }

    [Fact]
    public void Should_load_a_plugins_private_native_library_from_its_folder()
    {
        using var plugins = new TestPlugins("NativeDepPlugin");
        using PluginManager manager = plugins.Manager();
        manager.LoadAll();

        using BinaryReader state = TestPlugins.State(manager, "NativeDepPlugin");

        Assert.Equal(42, state.ReadInt32());
    }

    [Fact]
    public void Should_deliver_struct_events_between_plugins_through_a_shared_contracts_assembly()
    {
        using var plugins = new TestPlugins("TickPublisher", "TickSubscriber");
        using PluginManager manager = plugins.Manager(load: ["TickPublisher", "TickSubscriber"]);
        manager.LoadAll();
        FrameDispatcher dispatcher = manager.Dispatchers[0];

        byte[] frame = TestFrames.Udp(payload: new byte[40]);
        for (int i = 0; i < 1000; i++)
        {
            dispatcher.Dispatch(FrameParser.Parse(frame, i, frame.Length, 0, 0));
        }

        using BinaryReader publisher = TestPlugins.State(manager, "TickPublisher");
        using BinaryReader subscriber = TestPlugins.State(manager, "TickSubscriber");
        Assert.Equal(1000, publisher.ReadInt64());
        Assert.Equal((1000L, 0L, 1000L * frame.Length), (subscriber.ReadInt64(), subscriber.ReadInt64(), subscriber.ReadInt64()));
        Assert.Equal(["Tick"], manager.List().Single(p => p.Name == "TickSubscriber").Events);
    }

    [Fact]
    public void Should_route_frames_by_destination_port_from_the_plugin_settings()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        IConfiguration settings = new ConfigurationBuilder().AddInMemoryCollection([new("Port", "30001")]).Build();
        using PluginManager manager = plugins.Manager(plugins: new Dictionary<string, PluginEntry> { ["CountingPlugin"] = new(settings, []) });
        manager.LoadAll();
        FrameDispatcher dispatcher = manager.Dispatchers[0];

        byte[] mine = TestFrames.Udp(payload: new byte[8], destinationPort: 30001);
        byte[] other = TestFrames.Udp(payload: new byte[8], destinationPort: 30002);
        for (int i = 0; i < 10; i++)
        {
            dispatcher.Dispatch(FrameParser.Parse(mine, 0, mine.Length, 0, 0));
            dispatcher.Dispatch(FrameParser.Parse(other, 0, other.Length, 0, 0));
        }

        Assert.Equal(10, manager.List().Single().FramesClaimed);
        Assert.Equal(10, dispatcher.Unclaimed);
        Assert.Equal(["count <- udp *:30001"], manager.List().Single().Bindings);
    }

    [Fact]
    public void Should_name_the_missing_plugin_and_its_expected_path()
    {
        using var plugins = new TestPlugins();
        using PluginManager manager = plugins.Manager(load: ["NoSuchPlugin"]);

        var ex = Assert.ThrowsAny<Exception>(manager.LoadAll);

        Assert.Contains("plugin NoSuchPlugin", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("NoSuchPlugin", "NoSuchPlugin.dll"), ex.Message, StringComparison.Ordinal);
    }
}
