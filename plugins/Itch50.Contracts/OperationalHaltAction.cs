namespace HftHost.Itch50;

/// <summary>
/// Operational halt state ("Operational Halt Action"). The value is the ASCII byte on the wire (NASDAQ TotalView-ITCH 5.0 specification); the parser passes the byte
/// through, so a value outside this list is possible and means the feed sent it.
/// </summary>
#pragma warning disable CA1028 // The wire's one-byte code: a byte enum casts to and from it for free.
public enum OperationalHaltAction : byte
#pragma warning restore CA1028
{
    /// <summary>Operationally halted on the market.</summary>
    Halted = (byte)'H',

    /// <summary>Operational halt lifted: trading resumed.</summary>
    Resumed = (byte)'T',
}
