using System.Buffers.Binary;
using HftHost.Sdk;
using Microsoft.Extensions.Configuration;

[assembly: HftPlugin(typeof(CountingPlugin.CountingPlugin))]

namespace CountingPlugin;

/// <summary>
/// Counts the frames it is given and, for the generator's frames (a little-endian u64
/// sequence number first in the payload), how many were missing or seen twice. Settings:
/// Port (0 = every frame). State: frames, next sequence, missing, repeated, reloads.
/// </summary>
public sealed class CountingPlugin : HftPlugin
{
    private readonly CountState _state = new();
    private CountingDecoder? _decoder;

    public override void Register(IPluginRegistry registry)
    {
        _decoder = new CountingDecoder(_state);
        registry.AddDecoder(_decoder);
    }

    public override void Bind(IPluginBinder binder)
    {
        int port = binder.Context.Settings.GetValue("Port", 0);
        if (port == 0)
        {
            binder.BindAll(_decoder!);
        }
        else
        {
            binder.Bind(_decoder!, new FeedEndpoint(FeedProtocol.Udp, null, port));
        }
    }

    public override void ExportState(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        _state.Write(writer);
    }

    public override void ImportState(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        _state.Read(reader);
        _state.Reloads++;
    }
}

internal sealed class CountState
{
    public long Frames;
    public ulong NextSequence;
    public long Missing;
    public long Repeated;
    public long Reloads;

    public void Write(BinaryWriter writer)
    {
        writer.Write(Frames);
        writer.Write(NextSequence);
        writer.Write(Missing);
        writer.Write(Repeated);
        writer.Write(Reloads);
    }

    public void Read(BinaryReader reader)
    {
        Frames = reader.ReadInt64();
        NextSequence = reader.ReadUInt64();
        Missing = reader.ReadInt64();
        Repeated = reader.ReadInt64();
        Reloads = reader.ReadInt64();
    }
}

internal sealed class CountingDecoder(CountState state) : FrameDecoder("count")
{
    public override int Decode(in FrameView frame)
    {
        state.Frames++;
        ReadOnlySpan<byte> payload = frame.Payload;
        if (payload.Length >= 8)
        {
            ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            if (sequence > state.NextSequence)
            {
                state.Missing += (long)(sequence - state.NextSequence);
            }
            else if (sequence < state.NextSequence)
            {
                state.Repeated++;
            }
            state.NextSequence = Math.Max(state.NextSequence, sequence + 1);
        }
        return Math.Max(1, payload.Length);
    }
}
