namespace HftHost.Itch50;

/// <summary>
/// A market-wide circuit breaker level (MWCB Status, "Breached Level"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum MwcbLevel : byte
#pragma warning restore CA1028
{
    /// <summary>Level 1.</summary>
    Level1 = (byte)'1',

    /// <summary>Level 2.</summary>
    Level2 = (byte)'2',

    /// <summary>Level 3.</summary>
    Level3 = (byte)'3',
}
