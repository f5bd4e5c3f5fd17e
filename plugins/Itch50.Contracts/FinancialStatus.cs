namespace HftHost.Itch50;

/// <summary>
/// Financial status of a Nasdaq-listed issuer (Stock Directory, "Financial Status Indicator"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum FinancialStatus : byte
#pragma warning restore CA1028
{
    /// <summary>Deficient.</summary>
    Deficient = (byte)'D',

    /// <summary>Delinquent.</summary>
    Delinquent = (byte)'E',

    /// <summary>Bankrupt.</summary>
    Bankrupt = (byte)'Q',

    /// <summary>Suspended.</summary>
    Suspended = (byte)'S',

    /// <summary>Deficient and bankrupt.</summary>
    DeficientAndBankrupt = (byte)'G',

    /// <summary>Deficient and delinquent.</summary>
    DeficientAndDelinquent = (byte)'H',

    /// <summary>Delinquent and bankrupt.</summary>
    DelinquentAndBankrupt = (byte)'J',

    /// <summary>Deficient, delinquent and bankrupt.</summary>
    DeficientDelinquentAndBankrupt = (byte)'K',

    /// <summary>Creations and/or redemptions suspended for an exchange traded product.</summary>
    EtpSuspended = (byte)'C',

    /// <summary>Normal (not deficient, delinquent or bankrupt).</summary>
    Normal = (byte)'N',

    /// <summary>Not available (securities not listed on Nasdaq).</summary>
    NotAvailable = (byte)' ',
}
