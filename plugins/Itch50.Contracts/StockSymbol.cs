using System.Buffers.Binary;
using System.Text;

namespace HftHost.Itch50;

/// <summary>
/// A stock symbol: the spec's Alpha(8) "Stock" field, ASCII, left-justified and padded with
/// spaces on the right. Held as one big-endian integer, so it is copied, compared and hashed
/// without a string per message (and orders like the text); <see cref="ToString"/> makes the
/// string when one is wanted.
/// Threading: immutable; safe from any thread.
/// </summary>
public readonly struct StockSymbol : IEquatable<StockSymbol>
{
    /// <summary>Length of the field on the wire.</summary>
    public const int Length = 8;

    /// <summary>Creates a symbol from the 8 bytes read as a big-endian integer.</summary>
    /// <param name="value">The bytes as a big-endian integer (the first character in the high byte).</param>
    public StockSymbol(ulong value) => Value = value;

    /// <summary>The 8 bytes as a big-endian integer.</summary>
    public ulong Value { get; }

    /// <summary>Reads a symbol from the first 8 bytes of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">At least 8 bytes.</param>
    public static StockSymbol Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt64BigEndian(bytes));

    /// <summary>A symbol from its text, padded with spaces to 8 characters.</summary>
    /// <param name="text">Up to 8 ASCII characters.</param>
    /// <exception cref="ArgumentException">Longer than 8 characters, or not ASCII.</exception>
    public static StockSymbol FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Length || !Ascii.IsValid(text))
        {
            throw new ArgumentException($"a stock symbol is at most {Length} ASCII characters: '{text}'", nameof(text));
        }
        Span<byte> bytes = stackalloc byte[Length];
        bytes.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text, bytes);
        return Read(bytes);
    }

    /// <summary>Writes the 8 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 8 bytes.</param>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    /// <summary>The symbol as text, trailing spaces removed ("AAPL").</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        Write(bytes);
        return Encoding.ASCII.GetString(bytes.TrimEnd((byte)' '));
    }

    /// <inheritdoc/>
    public bool Equals(StockSymbol other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StockSymbol other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>True when both hold the same 8 bytes.</summary>
    /// <param name="left">A symbol.</param>
    /// <param name="right">Another.</param>
    public static bool operator ==(StockSymbol left, StockSymbol right) => left.Equals(right);

    /// <summary>True when the 8 bytes differ.</summary>
    /// <param name="left">A symbol.</param>
    /// <param name="right">Another.</param>
    public static bool operator !=(StockSymbol left, StockSymbol right) => !left.Equals(right);
}
