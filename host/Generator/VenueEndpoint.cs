using System.Globalization;
using HftHost.MoldUdp64;

namespace HftHost.Generator;

/// <summary>
/// Where a venue's feed goes on the wire: venue n (from 1) publishes MoldUDP64 session
/// "VENUE0n" from 10.54.12.n:30000+n to multicast group 233.54.12.n port 26400+n, so a
/// capture filter or a dissector rule (udp.port==26401) picks one venue.
/// </summary>
internal sealed class VenueEndpoint
{
    public const int BasePort = 26400;
    public const int BaseSourcePort = 30000;

    public VenueEndpoint(int number)
    {
        Number = number;
        SessionText = "VENUE" + number.ToString("D2", CultureInfo.InvariantCulture);
        Session = MoldSession.FromText(SessionText);
        Group = (233u << 24) | (54u << 16) | (12u << 8) | (uint)number;
        Source = (10u << 24) | (54u << 16) | (12u << 8) | (uint)number;
        Port = (ushort)(BasePort + number);
        SourcePort = (ushort)(BaseSourcePort + number);
    }

    /// <summary>1-based venue number.</summary>
    public int Number { get; }

    public string SessionText { get; }

    public MoldSession Session { get; }

    /// <summary>Destination multicast group, host order.</summary>
    public uint Group { get; }

    /// <summary>Source address, host order.</summary>
    public uint Source { get; }

    public ushort Port { get; }

    public ushort SourcePort { get; }

    public static string FormatAddress(uint address) => string.Create(CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
}
