using System.Buffers.Binary;
using HftHost.MoldUdp64;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>Hand-made MoldUDP64 datagrams in Ethernet/IPv4/UDP frames, for the session-layer tests.</summary>
internal static class MoldUdp64Frames
{
    public const ushort Port = 26477;

    public static readonly MoldSession Session = MoldSession.FromText("TEST01");

    /// <summary>A data packet whose messages are 4 bytes each: "M" + the low 3 bytes of their sequence.</summary>
    public static byte[] Data(ulong first, int count, MoldSession? session = null) =>
        TestFrames.Udp(payload: Payload(first, count, session ?? Session), destinationPort: Port);

    public static byte[] Heartbeat(ulong next) => TestFrames.Udp(payload: Header(next, 0), destinationPort: Port);

    public static byte[] EndOfSession(ulong next) => TestFrames.Udp(payload: Header(next, MoldUdp64Format.EndOfSession), destinationPort: Port);

    public static byte[] Payload(ulong first, int count, MoldSession session)
    {
        byte[] payload = new byte[MoldUdp64Format.HeaderLength + count * 6];
        MoldUdp64Format.WriteHeader(payload, session, first, (ushort)count);
        for (int i = 0; i < count; i++)
        {
            Span<byte> block = payload.AsSpan(MoldUdp64Format.HeaderLength + i * 6, 6);
            BinaryPrimitives.WriteUInt16BigEndian(block, 4);
            block[2] = (byte)'M';
            ulong sequence = first + (ulong)i;
            block[3] = (byte)(sequence >> 16);
            block[4] = (byte)(sequence >> 8);
            block[5] = (byte)sequence;
        }
        return payload;
    }

    private static byte[] Header(ulong sequence, ushort count)
    {
        byte[] payload = new byte[MoldUdp64Format.HeaderLength];
        MoldUdp64Format.WriteHeader(payload, Session, sequence, count);
        return payload;
    }
}
