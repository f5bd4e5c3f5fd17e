namespace HftHost.Tests.Generator;

/// <summary>One MoldUDP64 packet as read back from a generated capture.</summary>
/// <param name="Index">0-based frame number in the file.</param>
/// <param name="TimestampNs">Capture time, ns since the Unix epoch.</param>
/// <param name="Group">Destination address, dotted.</param>
/// <param name="Port">Destination UDP port.</param>
/// <param name="Session">MoldUDP64 session, trailing spaces removed.</param>
/// <param name="Sequence">Sequence number in the header.</param>
/// <param name="Count">Message count in the header (0 heartbeat, 0xFFFF end of session).</param>
/// <param name="Messages">The message blocks' contents.</param>
internal sealed record MoldFrame(int Index, long TimestampNs, string Group, int Port, string Session, ulong Sequence, int Count, IReadOnlyList<byte[]> Messages)
{
    public const int EndOfSession = 0xFFFF;

    public bool IsData => Count is > 0 and < EndOfSession;

    public ulong Last => Sequence + (ulong)Count - 1;
}
