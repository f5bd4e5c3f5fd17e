using System.Buffers.Binary;
using HftHost.MoldUdp64;
using HftHost.Sdk;

namespace HftHost.Plugins.MoldUdp64;

/// <summary>
/// Takes a UDP payload that is a MoldUDP64 packet: a 20-byte header and message blocks that
/// fill it exactly. A payload that is not framed that way is "not mine" (0) unless its
/// session is already known, in which case it is a malformed packet of that session.
/// </summary>
internal sealed class MoldUdp64Decoder(MoldUdp64Plugin plugin) : FrameDecoder("moldudp64")
{
    public override int Decode(in FrameView frame)
    {
        ReadOnlySpan<byte> payload = frame.Payload;
        if (!MoldUdp64Format.TryReadHeader(payload, out MoldSession session, out ulong sequence, out ushort count))
        {
            plugin.Unrecognized++;
            return 0;
        }
        ReadOnlySpan<byte> blocks = payload[MoldUdp64Format.HeaderLength..];
        SessionTracker? tracker = plugin.Find(session);
        if (!IsFramed(blocks, count))
        {
            if (tracker is null)
            {
                plugin.Unrecognized++;
                return 0;
            }
            tracker.Counters.Malformed++;
            plugin.PublishMalformed(session, sequence, frame.RxTimestampNs);
            return payload.Length;
        }
        tracker ??= plugin.Add(session);
        if (tracker is null)
        {
            return payload.Length; // over MaxSessions: counted by Add
        }
        tracker.OnPacket(sequence, count, blocks, frame.RxTimestampNs);
        plugin.ReadRecoveryAnswers();
        return payload.Length;
    }

    // Heartbeats and end-of-session packets are a bare header; a data packet's blocks
    // (u16 length, message) end exactly at the end of the datagram.
    internal static bool IsFramed(ReadOnlySpan<byte> blocks, ushort count)
    {
        if (count is 0 or MoldUdp64Format.EndOfSession)
        {
            return blocks.IsEmpty;
        }
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            if (offset + 2 > blocks.Length)
            {
                return false;
            }
            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(blocks[offset..]);
            if (offset > blocks.Length)
            {
                return false;
            }
        }
        return offset == blocks.Length;
    }
}
