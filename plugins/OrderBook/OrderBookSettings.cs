namespace HftHost.Plugins.OrderBook;

/// <summary>The plugin's settings.</summary>
public sealed class OrderBookSettings
{
    /// <summary>
    /// Resting orders per venue the order index is sized for: its direct-mapped window has twice
    /// as many slots (16 bytes each); older orders still resting when their slot is needed, and
    /// only those, go to an overflow table that doubles when half full (the only
    /// allocation after warm-up). How many go there depends on how long orders live, counted in
    /// the orders added after them: the metric <c>orderbook.displaced_orders</c> counts them.
    /// On the generated benchmark feed (about 3,200 resting orders a venue) this default moves
    /// 830,000 of its 4.4 million orders, a window four times as large 82,000, and both run at
    /// the same speed (ratio 0.997, 16 runs taking turns, bench/HftHost.Benchmarks market-data
    /// --book-setting): the larger one's cache footprint costs what its fewer moves save.
    /// A 2^19-slot hash table was 8 times slower (README "Market data"). A full NASDAQ day
    /// rests far more orders: raise it there.
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
