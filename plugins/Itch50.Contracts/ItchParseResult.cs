namespace HftHost.Itch50;

/// <summary>What <see cref="ItchParser.Parse{TVisitor}"/> made of a message.</summary>
public enum ItchParseResult
{
    /// <summary>Decoded; the visitor was called once.</summary>
    Ok,

    /// <summary>Shorter than its type's length (or empty); the visitor was not called.</summary>
#pragma warning disable CA1720 // A short message, not the integer type.
    Short,
#pragma warning restore CA1720

    /// <summary>A type byte the ITCH 5.0 specification does not define; the visitor was not called.</summary>
    UnknownType,
}
