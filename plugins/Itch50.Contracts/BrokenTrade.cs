namespace HftHost.Itch50;

/// <summary>
/// Broken Trade / Order Execution Message ('B', 19 bytes; NASDAQ TotalView-ITCH 5.0 specification): an execution was broken (cancelled) and must be taken out of the day's volume.
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="MatchNumber">Match number of the execution broken. Offset 11, 8 bytes.</param>
public readonly record struct BrokenTrade(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    ulong MatchNumber)
{
    /// <summary>The message type byte, 'B'.</summary>
    public const byte Type = (byte)'B';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 19;
}
