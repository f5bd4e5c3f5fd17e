namespace HftHost.Plugins.MoldUdp64;

/// <summary>What happened on one session; written by the poll thread, read by metrics and reports.</summary>
internal struct SessionCounters
{
    public long Packets;
    public long Messages;          // delivered in order (live or after a hold)
    public long Heartbeats;
    public long Gaps;              // ranges declared missing
    public long GapMessages;
    public long DuplicatePackets;
    public long DuplicateMessages;
    public long OutOfOrderPackets; // arrived after later ones, inside the window
    public long Malformed;
    public long EndOfSession;
    public long RecoveredMessages;
    public long RecoveryRequests;

    public static readonly string[] Names =
    [
        "packets", "messages", "heartbeats", "gaps", "gap_messages", "duplicate_packets",
        "duplicate_messages", "out_of_order_packets", "malformed", "end_of_session", "recovered_messages", "recovery_requests",
    ];

    public readonly long this[int index] => index switch
    {
        0 => Packets, 1 => Messages, 2 => Heartbeats, 3 => Gaps, 4 => GapMessages, 5 => DuplicatePackets,
        6 => DuplicateMessages, 7 => OutOfOrderPackets, 8 => Malformed, 9 => EndOfSession, 10 => RecoveredMessages, 11 => RecoveryRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public void Write(BinaryWriter writer)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            writer.Write(this[i]);
        }
    }

    public static SessionCounters Read(BinaryReader reader) => new()
    {
        Packets = reader.ReadInt64(), Messages = reader.ReadInt64(), Heartbeats = reader.ReadInt64(), Gaps = reader.ReadInt64(),
        GapMessages = reader.ReadInt64(), DuplicatePackets = reader.ReadInt64(), DuplicateMessages = reader.ReadInt64(),
        OutOfOrderPackets = reader.ReadInt64(), Malformed = reader.ReadInt64(), EndOfSession = reader.ReadInt64(),
        RecoveredMessages = reader.ReadInt64(), RecoveryRequests = reader.ReadInt64(),
    };
}
