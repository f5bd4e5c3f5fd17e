namespace HftHost.Itch50;

/// <summary>
/// Registration state of a market participant (Market Participant Position, "Market Participant State"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum MarketParticipantState : byte
#pragma warning restore CA1028
{
    /// <summary>Active.</summary>
    Active = (byte)'A',

    /// <summary>Excused/withdrawn.</summary>
    Excused = (byte)'E',

    /// <summary>Withdrawn.</summary>
    Withdrawn = (byte)'W',

    /// <summary>Suspended.</summary>
    Suspended = (byte)'S',

    /// <summary>Deleted.</summary>
    Deleted = (byte)'D',
}
