namespace HftHost.Plugins.OrderBook;

/// <summary>The plugin's settings.</summary>
public sealed class OrderBookSettings
{
    /// <summary>
    /// Resting orders per venue the order table is sized for before it first grows (it doubles
    /// when half full). Kept small by default: the table is probed at random, so its size is
    /// its cache footprint — a 2^19-slot table (12 MB) for a book of 13,000 orders made every
    /// lookup a cache miss and the book 8 times slower (bench/results/market_data.json).
    /// </summary>
    public int OrderCapacity { get; set; } = 1 << 14;

    /// <summary>
    /// Price levels per side each instrument's book is sized for before it first allocates: the
    /// best 16 always have room; above 16, each side's storage for the deeper levels is made up
    /// front (otherwise the first time a side needs it).
    /// </summary>
    public int LevelCapacity { get; set; } = 16;

    /// <summary>Levels per side <c>book</c> queries show by default.</summary>
    public int Depth { get; set; } = 10;
}
