using System.Buffers.Binary;

namespace HftHost.MoldUdp64;

/// <summary>
/// The MoldUDP64 downstream packet (NASDAQ, "MoldUDP64 Protocol Specification" v1.00):
/// session (10 bytes), sequence number of the first message (u64), message count (u16),
/// then per message a u16 length and the message; all big-endian. A count of 0 is a
/// heartbeat, 0xFFFF the end of the session. A request packet (to the re-request server)
/// is the same 20-byte header with the count of messages wanted.
/// Threading: stateless.
/// </summary>
public static class MoldUdp64Format
{
    /// <summary>Bytes before the first message block.</summary>
    public const int HeaderLength = 20;

    /// <summary>Message count of an end-of-session packet.</summary>
    public const ushort EndOfSession = 0xFFFF;

    /// <summary>Reads the header; false when fewer than 20 bytes.</summary>
    /// <param name="packet">The UDP payload.</param>
    /// <param name="session">The session.</param>
    /// <param name="sequence">Sequence number of the first message (of the next expected one for heartbeats).</param>
    /// <param name="count">Messages in the packet; 0 heartbeat; 0xFFFF end of session.</param>
    public static bool TryReadHeader(ReadOnlySpan<byte> packet, out MoldSession session, out ulong sequence, out ushort count)
    {
        if (packet.Length < HeaderLength)
        {
            session = default;
            sequence = 0;
            count = 0;
            return false;
        }
        session = MoldSession.Read(packet);
        sequence = BinaryPrimitives.ReadUInt64BigEndian(packet[10..]);
        count = BinaryPrimitives.ReadUInt16BigEndian(packet[18..]);
        return true;
    }

    /// <summary>Writes a header (downstream packet or re-request) to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 20 bytes.</param>
    /// <param name="session">The session.</param>
    /// <param name="sequence">First sequence number.</param>
    /// <param name="count">Message count.</param>
    public static void WriteHeader(Span<byte> destination, MoldSession session, ulong sequence, ushort count)
    {
        session.Write(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[10..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[18..], count);
    }
}
