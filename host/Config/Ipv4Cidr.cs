using System.Globalization;
using System.Net;
using HftHost.Cli;

namespace HftHost.Config;

/// <summary>An IPv4 network in CIDR notation, such as 10.54.12.0/24.</summary>
/// <param name="Network">The network address, host order, host bits zero.</param>
/// <param name="PrefixLength">0 to 32.</param>
internal readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    /// <summary>"A.B.C.D/N" or a bare address (/32).</summary>
    /// <exception cref="UsageException">Not that form, a prefix out of 0..32, or host bits set.</exception>
    public static Ipv4Cidr Parse(string text, string what)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        int prefix = 32;
        if (addressText.Split('.').Length != 4 || !IPAddress.TryParse(addressText, out IPAddress? address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || (slash >= 0 && !(int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= 32)))
        {
            throw new UsageException($"{what} '{text}' is not an IPv4 network such as 10.54.12.0/24 (prefix length 0 to 32)");
        }
        byte[] bytes = address.GetAddressBytes();
        uint value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        var cidr = new Ipv4Cidr(0, prefix);
        uint network = value & cidr.Mask;
        // Host bits set is almost always a typo for the network or for a longer prefix: refuse rather than guess.
        return network == value
            ? cidr with { Network = network }
            : throw new UsageException($"{what} '{text}' has host bits set: the network is {Format(network)}/{prefix}");
    }

    public static string Format(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Format(Network)}/{PrefixLength}");
}
