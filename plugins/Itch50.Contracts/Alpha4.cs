using System.Buffers.Binary;
using System.Text;

namespace HftHost.Itch50;

/// <summary>
/// A 4-character ASCII field of the spec (Alpha(4), padded with spaces on the right): the MPID
/// of a market participant ("Attribution", "MPID") or a trading action reason code ("Reason").
/// Held as one big-endian integer: no string per message.
/// Threading: immutable; safe from any thread.
/// </summary>
public readonly struct Alpha4 : IEquatable<Alpha4>
{
    /// <summary>Length of the field on the wire.</summary>
    public const int Length = 4;

    /// <summary>Creates the field from its 4 bytes read as a big-endian integer.</summary>
    /// <param name="value">The bytes as a big-endian integer (the first character in the high byte).</param>
    public Alpha4(uint value) => Value = value;

    /// <summary>The 4 bytes as a big-endian integer.</summary>
    public uint Value { get; }

    /// <summary>Reads the field from the first 4 bytes of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">At least 4 bytes.</param>
    public static Alpha4 Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt32BigEndian(bytes));

    /// <summary>The field from its text, padded with spaces to 4 characters ("NSDQ", "T1").</summary>
    /// <param name="text">Up to 4 ASCII characters.</param>
    /// <exception cref="ArgumentException">Longer than 4 characters, or not ASCII.</exception>
    public static Alpha4 FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Length || !Ascii.IsValid(text))
        {
            throw new ArgumentException($"an Alpha(4) field is at most {Length} ASCII characters: '{text}'", nameof(text));
        }
        Span<byte> bytes = stackalloc byte[Length];
        bytes.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text, bytes);
        return Read(bytes);
    }

    /// <summary>Writes the 4 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 4 bytes.</param>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>The text, trailing spaces removed.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        Write(bytes);
        return Encoding.ASCII.GetString(bytes.TrimEnd((byte)' '));
    }

    /// <inheritdoc/>
    public bool Equals(Alpha4 other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Alpha4 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>True when both hold the same 4 bytes.</summary>
    /// <param name="left">A field.</param>
    /// <param name="right">Another.</param>
    public static bool operator ==(Alpha4 left, Alpha4 right) => left.Equals(right);

    /// <summary>True when the 4 bytes differ.</summary>
    /// <param name="left">A field.</param>
    /// <param name="right">Another.</param>
    public static bool operator !=(Alpha4 left, Alpha4 right) => !left.Equals(right);
}
