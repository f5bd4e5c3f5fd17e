namespace HftHost.Itch50;

/// <summary>
/// Security class (Stock Directory, "Issue Classification"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum IssueClassification : byte
#pragma warning restore CA1028
{
    /// <summary>American depositary share.</summary>
    AmericanDepositaryShare = (byte)'A',

    /// <summary>Bond.</summary>
    Bond = (byte)'B',

    /// <summary>Common stock.</summary>
    CommonStock = (byte)'C',

    /// <summary>Depository receipt.</summary>
    DepositoryReceipt = (byte)'F',

    /// <summary>144A.</summary>
    Rule144A = (byte)'I',

    /// <summary>Limited partnership.</summary>
    LimitedPartnership = (byte)'L',

    /// <summary>Notes.</summary>
    Notes = (byte)'N',

    /// <summary>Ordinary share.</summary>
    OrdinaryShare = (byte)'O',

    /// <summary>Preferred stock.</summary>
    PreferredStock = (byte)'P',

    /// <summary>Other securities.</summary>
    OtherSecurities = (byte)'Q',

    /// <summary>Right.</summary>
    Right = (byte)'R',

    /// <summary>Shares of beneficial interest.</summary>
    SharesOfBeneficialInterest = (byte)'S',

    /// <summary>Convertible debenture.</summary>
    ConvertibleDebenture = (byte)'T',

    /// <summary>Unit.</summary>
    Unit = (byte)'U',

    /// <summary>Units/beneficial interest.</summary>
    UnitsOfBeneficialInterest = (byte)'V',

    /// <summary>Warrant.</summary>
    Warrant = (byte)'W',
}
