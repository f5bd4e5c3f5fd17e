namespace HftHost.Itch50;

/// <summary>
/// System Event Message ('S', 12 bytes; NASDAQ TotalView-ITCH 5.0 specification): signals a market or data feed handler event (start/end of messages, system hours, market hours).
/// Threading: immutable.
/// </summary>
/// <param name="StockLocate">Locate code of the security (0 for market-wide messages); offset 1, 2 bytes.</param>
/// <param name="TrackingNumber">Nasdaq internal tracking number; offset 3, 2 bytes.</param>
/// <param name="Timestamp">Nanoseconds since midnight (the 6-byte field at offset 5).</param>
/// <param name="EventCode">What happened. Offset 11, 1 byte.</param>
public readonly record struct SystemEvent(
    ushort StockLocate,
    ushort TrackingNumber,
    long Timestamp,
    SystemEventCode EventCode)
{
    /// <summary>The message type byte, 'S'.</summary>
    public const byte Type = (byte)'S';

    /// <summary>Length on the wire, type byte included (NASDAQ TotalView-ITCH 5.0 specification).</summary>
    public const int Length = 12;
}
