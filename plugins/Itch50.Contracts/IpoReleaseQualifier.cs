namespace HftHost.Itch50;

/// <summary>
/// IPO quotation release qualifier (IPO Quoting Period Update). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum IpoReleaseQualifier : byte
#pragma warning restore CA1028
{
    /// <summary>Anticipated quotation release time.</summary>
    Anticipated = (byte)'A',

    /// <summary>IPO release canceled or postponed.</summary>
    CanceledOrPostponed = (byte)'C',
}
