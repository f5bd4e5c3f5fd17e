namespace HftHost.Generator;

/// <summary>What <c>hfthost gen itch</c> was asked for, validated by the command.</summary>
internal sealed record GeneratorSettings
{
    /// <summary>UDP payload limit when no message count per packet is given: a MoldUDP64
    /// packet that fits a 1500-byte Ethernet MTU with room for VLAN tags and tunnels.</summary>
    public const int DefaultMaxPacketBytes = 1400;

    /// <summary>Most venues: each has its own multicast group 233.54.12.&lt;venue&gt;.</summary>
    public const int MaxVenues = 254;

    /// <summary>Most symbols: stock locate codes are 16 bits and start at 1.</summary>
    public const int MaxSymbols = 65_535;

    /// <summary>Most messages per packet with --messages-per-packet: keeps the largest packet
    /// (1000 × 46 bytes) under the 65,507-byte UDP payload limit.</summary>
    public const int MaxMessagesPerPacket = 1000;

    /// <summary>Most messages: ITCH timestamps (1 ns apart at least) must stay within the day.</summary>
    public const long MaxMessages = 10_000_000_000;

    public required int Venues { get; init; }

    public required int Symbols { get; init; }

    /// <summary>ITCH messages in the whole feed, every venue, system events and directory included.</summary>
    public required long Messages { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>Messages per MoldUDP64 packet; 0 = as many as fit in <see cref="DefaultMaxPacketBytes"/>.</summary>
    public int MessagesPerPacket { get; init; }

    public int Gaps { get; init; }

    public int Duplicates { get; init; }

    public int Reorders { get; init; }

    /// <summary>Cross-venue crosses to inject (a venue's bid above another's offer, or its offer
    /// below another's bid, for a while); null when not asked for (see <see cref="InjectsCrosses"/>).</summary>
    public int? Crosses { get; init; }

    /// <summary>Cross-venue locks to inject (a venue's bid at another's offer, or the reverse).</summary>
    public int Locks { get; init; }

    /// <summary>
    /// True when crosses or locks were asked for (even 0): then venues keep their quotes off each
    /// other's (an order that would lock or cross another venue's quote is priced a tick behind
    /// it, as Reg NMS has venues do) and send a packet as soon as a top of book changes, so the
    /// injected ones are the only cross-venue dislocations a consumer can see. Those packets may
    /// be duplicated but are never lost or held back (--gaps and --reorder find few other
    /// packets: a gap would leave a consumer's books wrong). Without it the
    /// feed is as before: venues quote independently and may cross each other.
    /// </summary>
    public bool InjectsCrosses => Crosses is not null || Locks > 0;

    /// <summary>Fewest messages a feed can have: per venue a start and an end of messages
    /// system event and a directory message per symbol.</summary>
    public static long MinMessages(int venues, int symbols) => (long)venues * (symbols + 2);
}
