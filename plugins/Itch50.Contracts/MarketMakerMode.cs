namespace HftHost.Itch50;

/// <summary>
/// Quoting mode of a market maker (Market Participant Position, "Market Maker Mode"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum MarketMakerMode : byte
#pragma warning restore CA1028
{
    /// <summary>Normal.</summary>
    Normal = (byte)'N',

    /// <summary>Passive.</summary>
    Passive = (byte)'P',

    /// <summary>Syndicate.</summary>
    Syndicate = (byte)'S',

    /// <summary>Pre-syndicate.</summary>
    PreSyndicate = (byte)'R',

    /// <summary>Penalty.</summary>
    Penalty = (byte)'L',
}
