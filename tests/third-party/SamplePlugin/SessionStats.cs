namespace SamplePlugin;

/// <summary>
/// What one MoldUDP64 session has sent so far. Written by the decoder on the poll thread
/// only; exported and imported as part of the plugin's state.
/// </summary>
internal sealed class SessionStats
{
    public long Packets;
    public long DataPackets;
    public long Heartbeats;
    public long EndOfSession;
    public long Messages;
    public long MessageBytes;

    /// <summary>Messages skipped: a packet started beyond the next expected sequence number.</summary>
    public long Gaps;

    /// <summary>Data packets whose every message had been seen already.</summary>
    public long Duplicates;

    /// <summary>Packets whose message blocks run past the datagram.</summary>
    public long Malformed;

    public ulong FirstSequence;
    public ulong NextSequence;

    /// <summary>Messages by their first byte (the ITCH message type).</summary>
    public long[] MessageTypes { get; } = new long[256];

    public void Write(BinaryWriter writer)
    {
        writer.Write(Packets);
        writer.Write(DataPackets);
        writer.Write(Heartbeats);
        writer.Write(EndOfSession);
        writer.Write(Messages);
        writer.Write(MessageBytes);
        writer.Write(Gaps);
        writer.Write(Duplicates);
        writer.Write(Malformed);
        writer.Write(FirstSequence);
        writer.Write(NextSequence);
        // Only the types seen: a (type, count) pair each.
        writer.Write(MessageTypes.Count(c => c != 0));
        for (int type = 0; type < MessageTypes.Length; type++)
        {
            if (MessageTypes[type] != 0)
            {
                writer.Write((byte)type);
                writer.Write(MessageTypes[type]);
            }
        }
    }

    public static SessionStats Read(BinaryReader reader)
    {
        var stats = new SessionStats
        {
            Packets = reader.ReadInt64(),
            DataPackets = reader.ReadInt64(),
            Heartbeats = reader.ReadInt64(),
            EndOfSession = reader.ReadInt64(),
            Messages = reader.ReadInt64(),
            MessageBytes = reader.ReadInt64(),
            Gaps = reader.ReadInt64(),
            Duplicates = reader.ReadInt64(),
            Malformed = reader.ReadInt64(),
            FirstSequence = reader.ReadUInt64(),
            NextSequence = reader.ReadUInt64(),
        };
        int types = reader.ReadInt32();
        for (int i = 0; i < types; i++)
        {
            byte type = reader.ReadByte();
            stats.MessageTypes[type] = reader.ReadInt64();
        }
        return stats;
    }
}
