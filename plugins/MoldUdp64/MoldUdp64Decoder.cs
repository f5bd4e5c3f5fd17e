using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    // Each block's position depends on the length before it: one chain of dependent loads per
    // packet, so each step is kept to a load at base + offset, a byte swap and an add (the
    // bounds are checked by the comparison, off the chain).
    internal static bool IsFramed(ReadOnlySpan<byte> blocks, ushort count)
    {
        if (count is 0 or MoldUdp64Format.EndOfSession)
        {
            return blocks.IsEmpty;
        }
        if (blocks.Length < 2)
        {
            return false;
        }
        ref byte first = ref MemoryMarshal.GetReference(blocks);
        nuint last = (nuint)blocks.Length - 2; // a length field must start at or before here
        nuint offset = 0;
        for (int i = 0; i < count; i++)
        {
            if (offset > last)
            {
                return false;
            }
            offset += 2 + (nuint)BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref first, offset)));
        }
        return offset == (nuint)blocks.Length;
    }
}
