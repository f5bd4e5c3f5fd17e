namespace HftHost.Itch50;

/// <summary>
/// The listing market of a security (Stock Directory, "Market Category"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum MarketCategory : byte
#pragma warning restore CA1028
{
    /// <summary>Nasdaq Global Select Market.</summary>
    NasdaqGlobalSelect = (byte)'Q',

    /// <summary>Nasdaq Global Market.</summary>
    NasdaqGlobalMarket = (byte)'G',

    /// <summary>Nasdaq Capital Market.</summary>
    NasdaqCapitalMarket = (byte)'S',

    /// <summary>New York Stock Exchange.</summary>
    Nyse = (byte)'N',

    /// <summary>NYSE American.</summary>
    NyseAmerican = (byte)'A',

    /// <summary>NYSE Arca.</summary>
    NyseArca = (byte)'P',

    /// <summary>Cboe BZX (BATS Z).</summary>
    CboeBzx = (byte)'Z',

    /// <summary>Investors Exchange.</summary>
    Iex = (byte)'V',

    /// <summary>Not available.</summary>
    NotAvailable = (byte)' ',
}
