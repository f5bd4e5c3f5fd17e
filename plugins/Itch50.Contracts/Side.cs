namespace HftHost.Itch50;

/// <summary>
/// Side of an order ("Buy/Sell Indicator"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum Side : byte
#pragma warning restore CA1028
{
    /// <summary>Buy order.</summary>
    Buy = (byte)'B',

    /// <summary>Sell order.</summary>
    Sell = (byte)'S',
}
