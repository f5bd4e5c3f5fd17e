namespace HftHost.Itch50;

/// <summary>
/// A yes/no field of the spec (Alpha 1 "Y"/"N"; some fields add a space for "not available"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum YesNo : byte
#pragma warning restore CA1028
{
    /// <summary>Yes.</summary>
    Yes = (byte)'Y',

    /// <summary>No.</summary>
    No = (byte)'N',

    /// <summary>Not available.</summary>
    NotAvailable = (byte)' ',
}
