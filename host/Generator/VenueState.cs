namespace HftHost.Generator;

/// <summary>One venue: its packetiser, a book per symbol, and its order and match numbers.</summary>
internal sealed class VenueState
{
    // Made on first use: a wide feed (many venues × many symbols) with few messages
    // touches few books.
    private readonly SymbolBook?[] _books;

    public VenueState(MoldPacketizer packetizer, int symbols)
    {
        Packetizer = packetizer;
        _books = new SymbolBook?[symbols];
    }

    public VenueEndpoint Endpoint => Packetizer.Venue;

    public MoldPacketizer Packetizer { get; }

    public int Symbols => _books.Length;

    /// <summary>Last order reference number given out; unique per venue.</summary>
    public ulong LastReference { get; set; }

    /// <summary>Last match number given out.</summary>
    public ulong LastMatch { get; set; }

    /// <summary>The book of stock locate <paramref name="symbol"/> + 1.</summary>
    public SymbolBook Book(int symbol) => _books[symbol] ??= new SymbolBook((ushort)(symbol + 1));

    /// <summary>The book, or null when no order ever reached it.</summary>
    public SymbolBook? BookIfAny(int symbol) => _books[symbol];
}
