namespace HftHost.Itch50;

/// <summary>
/// Side of a net order imbalance (NOII, "Imbalance Direction"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum ImbalanceDirection : byte
#pragma warning restore CA1028
{
    /// <summary>Buy imbalance.</summary>
    Buy = (byte)'B',

    /// <summary>Sell imbalance.</summary>
    Sell = (byte)'S',

    /// <summary>No imbalance.</summary>
    NoImbalance = (byte)'N',

    /// <summary>Insufficient orders to calculate.</summary>
    InsufficientOrders = (byte)'O',

    /// <summary>Paused (later revisions of the spec).</summary>
    Paused = (byte)'P',
}
