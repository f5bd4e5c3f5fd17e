namespace HftHost.Generator;

/// <summary>One venue: its packetiser, a book per symbol, and its order and match numbers.</summary>
internal sealed class VenueState
{
    public VenueState(MoldPacketizer packetizer, int symbols)
    {
        Packetizer = packetizer;
        Books = new SymbolBook[symbols];
        for (int i = 0; i < symbols; i++)
        {
            Books[i] = new SymbolBook((ushort)(i + 1));
        }
    }

    public VenueEndpoint Endpoint => Packetizer.Venue;

    public MoldPacketizer Packetizer { get; }

    /// <summary>Indexed by stock locate − 1.</summary>
    public SymbolBook[] Books { get; }

    /// <summary>Last order reference number given out; unique per venue.</summary>
    public ulong LastReference { get; set; }

    /// <summary>Last match number given out.</summary>
    public ulong LastMatch { get; set; }
}
