using System.Net;
using System.Net.Sockets;

namespace HftHost.Sdk;

/// <summary>Transport protocol of a <see cref="FeedEndpoint"/>.</summary>
public enum FeedProtocol
{
    /// <summary>UDP (multicast market data, MoldUDP64).</summary>
    Udp = 17,

    /// <summary>TCP (order entry, FIX, SoupBinTCP).</summary>
    Tcp = 6,
}

/// <summary>
/// Where a feed's frames go: protocol, destination IPv4 address (a multicast group, or
/// none for any address) and destination port.
/// Threading: immutable; safe from any thread.
/// </summary>
public readonly record struct FeedEndpoint
{
    /// <summary>Creates an endpoint; <paramref name="address"/> null matches any destination address.</summary>
    /// <param name="protocol">UDP or TCP.</param>
    /// <param name="address">IPv4 destination (multicast group), or null for any.</param>
    /// <param name="port">Destination port, 1..65535.</param>
    public FeedEndpoint(FeedProtocol protocol, IPAddress? address, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "a port is 1..65535");
        }
        if (address is not null && address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }
        if (protocol is not (FeedProtocol.Udp or FeedProtocol.Tcp))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "UDP or TCP");
        }
        Protocol = protocol;
        Address = address;
        Port = port;
    }

    /// <summary>UDP or TCP.</summary>
    public FeedProtocol Protocol { get; }

    /// <summary>Destination address, or null for any.</summary>
    public IPAddress? Address { get; }

    /// <summary>Destination port.</summary>
    public int Port { get; }

    /// <summary>A UDP endpoint: <c>FeedEndpoint.Udp("233.54.12.111", 26477)</c>.</summary>
    /// <param name="address">Dotted IPv4 address, or null for any.</param>
    /// <param name="port">Destination port.</param>
    public static FeedEndpoint Udp(string? address, int port) =>
        new(FeedProtocol.Udp, address is null ? null : IPAddress.Parse(address), port);

    /// <summary>Text such as "udp 233.54.12.111:26477" or "udp *:26477".</summary>
    public override string ToString() =>
        $"{(Protocol == FeedProtocol.Udp ? "udp" : "tcp")} {Address?.ToString() ?? "*"}:{Port}";
}
