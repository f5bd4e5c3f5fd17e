using HftHost.Sdk;

// Records the SDK version this plugin is built for: the host refuses another major.
[assembly: HftPlugin(typeof(HftPlugin1.FeedPlugin))]

namespace HftPlugin1;

/// <summary>
/// The plugin's entry type. The host creates one per receive queue and calls
/// <see cref="Register"/>, then <see cref="Bind"/>, then feeds frames to its decoder on
/// that queue's poll thread.
/// </summary>
public sealed class FeedPlugin : HftPlugin
{
    private const int StateVersion = 1;

    private FeedDecoder? _decoder;

    /// <summary>Declares the decoder and the event it publishes.</summary>
    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _decoder = new FeedDecoder(registry.AddEvent<FeedPacket>());
        registry.AddDecoder(_decoder);
    }

    /// <summary>Attaches the decoder to the feed its settings name, or to their group and port.</summary>
    public override void Bind(IPluginBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        FeedSettings settings = binder.Context.GetSettings<FeedSettings>();
        if (settings.Feed is { } feed)
        {
            binder.BindFeed(_decoder!, feed);
        }
        else if (settings.Port != 0)
        {
            binder.Bind(_decoder!, FeedEndpoint.Udp(settings.Group, settings.Port));
        }
        else
        {
            throw new InvalidOperationException("set Feed, or Port (and Group), in the plugin's settings");
        }
    }

    /// <summary>Hands the counters to the next version on a hot reload.</summary>
    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(StateVersion);
        writer.Write(_decoder!.Datagrams);
        writer.Write(_decoder.Bytes);
    }

    /// <summary>Continues from the previous version's counters.</summary>
    public override void ImportState(Stream source)
    {
        if (source is null || source.Length == 0)
        {
            return; // the previous version handed nothing over
        }
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        int version = reader.ReadInt32();
        if (version != StateVersion)
        {
            // Thrown here, the reload is refused and the running version keeps going.
            throw new InvalidDataException($"state version {version}; this version reads {StateVersion}");
        }
        _decoder!.Datagrams = reader.ReadInt64();
        _decoder.Bytes = reader.ReadInt64();
    }
}
