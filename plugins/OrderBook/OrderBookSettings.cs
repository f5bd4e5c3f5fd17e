namespace HftHost.Plugins.OrderBook;

/// <summary>The plugin's settings.</summary>
public sealed class OrderBookSettings
{
    /// <summary>
    /// Resting orders per venue the order index is sized for: its direct-mapped window has twice
    /// as many slots (16 bytes each); older orders still resting when their slot is needed, and
    /// only those, go to an overflow table that doubles when half full (the only
    /// allocation after warm-up). The window is read at random (a cancel names any resting
    /// order), so its size is its cache footprint: size it near the orders you expect to rest.
    /// The default fits the generated benchmark feed (about 3,200 resting orders a venue);
    /// four times as many slots made that book 12% slower, a 2^19-slot hash table 8 times
    /// (bench/results/market_data.json, README "Market data"). A full NASDAQ day rests far
    /// more orders: raise it there.
    /// </summary>
    public int OrderCapacity { get; set; } = 1 << 12;

    /// <summary>
    /// Price levels per side each instrument's book is sized for before it first allocates: the
    /// best 16 always have room; above 16, each side's storage for the deeper levels is made up
    /// front (otherwise the first time a side needs it).
    /// </summary>
    public int LevelCapacity { get; set; } = 16;

    /// <summary>Levels per side <c>book</c> queries show by default.</summary>
    public int Depth { get; set; } = 10;
}
