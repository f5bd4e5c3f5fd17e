namespace HftHost.Itch50;

/// <summary>
/// The event of a System Event message (field "Event Code"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum SystemEventCode : byte
#pragma warning restore CA1028
{
    /// <summary>Start of messages: the first message of the day.</summary>
    StartOfMessages = (byte)'O',

    /// <summary>Start of system hours: Nasdaq is open and ready to accept orders.</summary>
    StartOfSystemHours = (byte)'S',

    /// <summary>Start of market hours (regular trading session).</summary>
    StartOfMarketHours = (byte)'Q',

    /// <summary>End of market hours.</summary>
    EndOfMarketHours = (byte)'M',

    /// <summary>End of system hours: no more orders accepted.</summary>
    EndOfSystemHours = (byte)'E',

    /// <summary>End of messages: the last message of the day.</summary>
    EndOfMessages = (byte)'C',
}
