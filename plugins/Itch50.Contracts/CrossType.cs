namespace HftHost.Itch50;

/// <summary>
/// The Nasdaq cross of a Cross Trade or NOII ("Cross Type"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum CrossType : byte
#pragma warning restore CA1028
{
    /// <summary>Nasdaq opening cross.</summary>
    Opening = (byte)'O',

    /// <summary>Nasdaq closing cross.</summary>
    Closing = (byte)'C',

    /// <summary>Cross of an IPO or of a halted or paused security.</summary>
    HaltOrIpo = (byte)'H',

    /// <summary>Intraday cross and post-close cross (Cross Trade only).</summary>
    Intraday = (byte)'I',

    /// <summary>Extended trading close (later revisions of the spec).</summary>
    ExtendedTradingClose = (byte)'A',
}
