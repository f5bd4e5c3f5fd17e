using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HftHost.PacketFilter;

/// <summary>
/// An IPv4 CIDR block, or everything outside it when <see cref="Negated"/>
/// ("!10.0.0.0/8"). Addresses are numbers in network order (10.0.0.1 = 0x0A000001), as
/// the SDK's FrameView gives them.
/// </summary>
/// <param name="Network">The block's first address.</param>
/// <param name="PrefixLength">0..32; 0 with <paramref name="Negated"/> false matches every address.</param>
/// <param name="Negated">True: matches the addresses outside the block.</param>
public readonly record struct AddressMatch(uint Network, int PrefixLength, bool Negated)
{
    /// <summary>Matches every address.</summary>
    public static AddressMatch Any => default;

    /// <summary>True when this matches every address.</summary>
    public bool IsAny => PrefixLength == 0 && !Negated;

    /// <summary>The block's last address.</summary>
    public uint Last => PrefixLength >= 32 ? Network : Network | (uint.MaxValue >> PrefixLength); // (a shift by 32 would be a shift by 0)

    /// <summary>True when <paramref name="address"/> is in the block (outside it, when negated).</summary>
    public bool Matches(uint address) => (address >= Network && address <= Last) != Negated;

    /// <summary>
    /// Reads "10.0.0.0/8", "10.1.2.3" (a /32) or either with a leading "!"; null with the
    /// reason in <paramref name="error"/> otherwise.
    /// </summary>
    public static AddressMatch? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool negated = text.StartsWith('!');
        string body = negated ? text[1..].Trim() : text;
        int slash = body.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? body : body[..slash];
        int prefix = 32;
        if (slash >= 0 && (!int.TryParse(body.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32))
        {
            error = $"'{text}' is not a CIDR block: the prefix length is 0..32";
            return null;
        }
        if (!IPAddress.TryParse(addressText, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetwork
            || addressText.Count(c => c == '.') != 3)
        {
            error = $"'{text}' is not a CIDR block: '{addressText}' is not a dotted IPv4 address";
            return null;
        }
        byte[] bytes = address.GetAddressBytes();
        uint value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        uint hostBits = prefix == 0 ? uint.MaxValue : uint.MaxValue >> prefix;
        if (prefix < 32 && (value & hostBits) != 0)
        {
            error = $"'{text}' has host bits set: the block is {Format(value & ~hostBits)}/{prefix}";
            return null;
        }
        error = null;
        return new AddressMatch(value, prefix, negated);
    }

    /// <summary>"233.54.12.0/24", "!10.0.0.0/8" or "any".</summary>
    public override string ToString() => IsAny ? "any" : $"{(Negated ? "!" : "")}{Format(Network)}/{PrefixLength}";

    private static string Format(uint a) => string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}");
}
