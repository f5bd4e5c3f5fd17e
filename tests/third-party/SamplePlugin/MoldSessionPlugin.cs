using HftHost.Sdk;

[assembly: HftPlugin(typeof(SamplePlugin.MoldSessionPlugin))]

namespace SamplePlugin;

/// <summary>
/// MoldUDP64 session statistics: per session, packets (data, heartbeat, end of session),
/// messages and their bytes, ITCH message types, sequence gaps and duplicates. The counts
/// are the plugin's state: they survive a hot reload, and <see cref="ExportState"/> is how
/// a test (or a newer version) reads them.
/// State format, version 1 (BinaryWriter, little-endian): int32 version, int32 session count,
/// then per session its name (a BinaryWriter string) and <see cref="SessionStats.Write"/>.
/// </summary>
public sealed class MoldSessionPlugin : HftPlugin
{
    private const int StateVersion = 1;

    private readonly Dictionary<SessionKey, SessionStats> _sessions = [];
    private MoldUdp64Decoder? _decoder;

    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _decoder = new MoldUdp64Decoder(_sessions, registry.Context);
        registry.AddDecoder(_decoder);
    }

    public override void Bind(IPluginBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        MoldSettings settings = binder.Context.GetSettings<MoldSettings>();
        if (settings.Feed is { } feed)
        {
            binder.BindFeed(_decoder!, feed);
        }
        else
        {
            binder.Bind(_decoder!, FeedEndpoint.Udp(settings.Group, settings.Port));
        }
    }

    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(StateVersion);
        writer.Write(_sessions.Count);
        foreach ((SessionKey key, SessionStats stats) in _sessions)
        {
            writer.Write(key.ToString());
            stats.Write(writer);
        }
    }

    public override void ImportState(Stream source)
    {
        if (source is null || source.Length == 0)
        {
            return; // the previous version wrote nothing: start from zero
        }
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        int version = reader.ReadInt32();
        if (version != StateVersion)
        {
            throw new InvalidDataException($"state version {version}; this version reads {StateVersion}");
        }
        int sessions = reader.ReadInt32();
        for (int i = 0; i < sessions; i++)
        {
            byte[] name = System.Text.Encoding.ASCII.GetBytes(reader.ReadString());
            _sessions[SessionKey.Read(name)] = SessionStats.Read(reader);
        }
    }
}
